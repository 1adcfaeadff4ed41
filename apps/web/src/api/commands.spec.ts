import { COMMANDS, commandKey, commandsFor, targetOf, urlOf } from './commands';

describe('the command catalogue generated from the API document', () => {
  it('offers each role only the commands the API lets it use', () => {
    const names = (role: Parameters<typeof commandsFor>[0], target: Parameters<typeof commandsFor>[1]) =>
      commandsFor(role, target).map((c) => commandKey(c.path));
    expect(names('delegation', 'action-point')).toEqual(['cycles_action-points_progress-reports']);
    expect(names('delegation', 'cycle')).toEqual([]);
    expect(names('auditor', 'action-point')).toEqual([]);
    expect(names('reviewer', 'action-point')).toEqual(['cycles_action-points_assessment']);
    expect(names('desk-officer', 'round')).toEqual(['cycles_rounds_held', 'cycles_rounds_close']);
    expect(names('desk-officer', 'new-cycle')).toEqual(['cycles']);
  });

  it('knows what each command acts on from its path', () => {
    const target = (path: string) => targetOf(COMMANDS.find((c) => c.path === path) ?? { pathParameters: [] });
    expect(target('/v1/cycles')).toBe('new-cycle');
    expect(target('/v1/cycles/{cycleId}/action-points')).toBe('cycle');
    expect(target('/v1/cycles/{cycleId}/action-points/{actionPointId}/agree')).toBe('action-point');
  });

  it('builds URLs with encoded parameters and refuses a missing one', () => {
    const spec = { path: '/v1/cycles/{cycleId}/rounds/{roundId}/close' };
    expect(urlOf(spec, { cycleId: 'c 1', roundId: 'R1' })).toBe('/v1/cycles/c%201/rounds/R1/close');
    expect(() => urlOf(spec, { cycleId: 'c1' })).toThrow('roundId');
  });
});
