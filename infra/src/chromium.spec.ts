import { CHROMIUM_MISSING, findChromium } from './chromium';

describe('finding Chromium for the browser tests', () => {
  const only = (paths: string[]) => (path: string) => paths.includes(path);

  it('takes SUIVI_CHROMIUM when it exists, and nothing else when it does not', () => {
    expect(
      findChromium({ SUIVI_CHROMIUM: '/opt/chrome/chrome' }, only(['/opt/chrome/chrome', '/usr/bin/chromium'])),
    ).toBe('/opt/chrome/chrome');
    expect(findChromium({ SUIVI_CHROMIUM: '/nowhere' }, only(['/usr/bin/chromium']))).toBeUndefined();
  });

  it('otherwise takes the distribution’s binary', () => {
    expect(findChromium({}, only(['/usr/bin/chromium-browser']))).toBe('/usr/bin/chromium-browser');
    expect(findChromium({}, only([]))).toBeUndefined();
  });

  it('says exactly how to install it when it cannot', () => {
    expect(CHROMIUM_MISSING).toContain('apt-get install -y chromium');
    expect(CHROMIUM_MISSING).toContain('SUIVI_CHROMIUM');
  });
});
