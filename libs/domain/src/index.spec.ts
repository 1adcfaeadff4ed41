import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as domain from './index';
import { meta } from './testing/decider-spec';
import { startCycle } from './testing/fixtures';

describe('public surface', () => {
  it('exports the decider, the reminders, the withdrawal clock and the reference data', () => {
    for (const name of [
      'decide',
      'evolve',
      'foldEvents',
      'initialState',
      'decideAndEvolve',
      'pendingReminders',
      'describeReminder',
      'reminderInstant',
      'effectiveReminderPolicy',
      'validateReminderPolicy',
      'withdrawalMilestones',
      'currentStage',
      'referenceData',
      'isThemeCode',
      'isConventionId',
      'cycleTypeDefinition',
      'defaultReminderPolicy',
      'cycleWorkflowId',
    ]) {
      expect(typeof (domain as Record<string, unknown>)[name]).not.toBe('undefined');
    }
  });
});

describe('decideAndEvolve', () => {
  it('returns the decision and the state after its events', () => {
    const { decision, state } = domain.decideAndEvolve(domain.initialState('KH-HRD-2026'), startCycle(), meta());
    expect(decision.accepted).toBe(true);
    expect(state).toMatchObject({ started: true, version: 1, status: 'ACTIVE' });
  });

  it('leaves the state as it was on a rejection', () => {
    const initial = domain.initialState('KH-HRD-2026');
    const { decision, state } = domain.decideAndEvolve(initial, { type: 'CloseCycle' }, meta());
    expect(decision).toMatchObject({ accepted: false, error: { code: 'CYCLE_NOT_STARTED' } });
    expect(state).toBe(initial);
  });
});

describe('determinism', () => {
  // The domain runs in Temporal's workflow sandbox: no clock, no randomness, no I/O, no Node built-ins.
  const forbidden: Array<[RegExp, string]> = [
    [/Date\.now\s*\(/, 'Date.now()'],
    [/new Date\s*\(\s*\)/, 'new Date()'],
    [/\bDateTime\.(now|local)\s*\(/, 'DateTime.now()/local()'],
    [/Math\.random/, 'Math.random'],
    [/from ['"]node:|require\(/, 'Node built-ins'],
    [/\b(process|Buffer|globalThis|setTimeout|setInterval)\b/, 'host globals'],
    [/\bSettings\./, 'luxon global Settings'],
  ];
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? entry.name === 'testing'
          ? []
          : sources(join(dir, entry.name))
        : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
          ? [join(dir, entry.name)]
          : [],
    );

  it.each(sources(__dirname).map((file) => [file.slice(__dirname.length + 1), file]))('%s is pure', (_name, file) => {
    const code = readFileSync(file, 'utf8');
    for (const [pattern, what] of forbidden)
      expect({ what, found: pattern.test(code) }).toEqual({ what, found: false });
  });
});
