import { isClusterProfile, profiles, resolveSettings } from '../settings';
import { clusterListeners } from './ports';

/** The chaos suite's own replicated stack (ADR 0030) must run beside every other profile, the cluster included. */
describe('chaos profile', () => {
  const home = { SUIVI_HOME: '/srv/suivi' };
  const chaos = resolveSettings('chaos', home);
  const portsOf = (profile: (typeof profiles)[number]) => {
    const settings = resolveSettings(profile, home);
    return isClusterProfile(profile) ? clusterListeners(settings).map((l) => l.port) : Object.values(settings.ports);
  };

  it('runs the replicated stack, with data, logs and pid files of its own', () => {
    expect(isClusterProfile('chaos')).toBe(true);
    expect(isClusterProfile('e2e')).toBe(false);
    expect(chaos.dataDir).toBe('/srv/suivi/chaos/data');
    expect(chaos.runDir).toBe('/srv/suivi/chaos/run');
    expect(chaos.toolsDir).toBe('/srv/suivi/tools');
    expect(chaos.demoData).toBe(false);
    expect(chaos.ports.api).toBe(8000);
  });

  it('listens on distinct ports below 32768, none used by another profile (derived cluster ports included)', () => {
    const own = portsOf('chaos');
    expect(new Set(own).size).toBe(own.length);
    expect(Math.max(...own)).toBeLessThan(32768);
    const others = profiles.filter((p) => p !== 'chaos').flatMap(portsOf);
    expect(own.filter((port) => others.includes(port))).toEqual([]);
  });

  it('follows the CHAOS_ overrides', () => {
    expect(resolveSettings('chaos', { CHAOS_API_PORT: '8100' }).ports.api).toBe(8100);
  });
});
