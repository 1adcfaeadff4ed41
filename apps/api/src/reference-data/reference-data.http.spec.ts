import { readJson, startTestApp, type TestApp } from '../testing/test-app';
import type { ReferenceDataView } from './reference-data.controller';

describe('GET /v1/reference-data', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  const get = async (language?: string) =>
    fetch(`${testApp.baseUrl}/v1/reference-data`, {
      headers: {
        authorization: `Bearer ${await testApp.token({ role: 'delegation', countries: ['PH'] })}`,
        ...(language && { 'accept-language': language }),
      },
    });

  it('labels every theme, convention and cycle type in the language asked, for any signed-in user', async () => {
    const [en, fr] = await Promise.all([get(), get('fr')]);
    expect([en.status, fr.status]).toEqual([200, 200]);
    expect(fr.headers.get('content-language')).toBe('fr');
    const [english, french] = [await readJson<ReferenceDataView>(en), await readJson<ReferenceDataView>(fr)];
    expect(english.themes.map((t) => t.code)).toEqual(french.themes.map((t) => t.code));
    expect(english.themes.find((t) => t.code === 'I.A')).toMatchObject({ pillar: 'I' });
    expect(english.conventions.map((c) => c.code)).toContain('ICCPR');
    expect(english.cycleTypes.find((t) => t.code === 'GSP_PLUS_MONITORING')?.label).not.toBe(
      french.cycleTypes.find((t) => t.code === 'GSP_PLUS_MONITORING')?.label,
    );
    for (const list of Object.values(french)) for (const entry of list) expect(entry.label).toMatch(/\S/);
  });

  it('asks for a token like every /v1 resource', async () => {
    expect((await fetch(`${testApp.baseUrl}/v1/reference-data`)).status).toBe(401);
  });
});
