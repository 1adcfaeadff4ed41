import { DEV_TOKEN_ROLES } from '@suivi/dev-issuer';
import type { CycleCommandType } from '@suivi/domain';
import {
  mayCommand,
  mayRead,
  readsAllCountries,
  ROLES,
  seesActorIdentity,
  type Principal,
  type Role,
} from './principal';

const OWN = 'KH';
const OTHER = 'LK';
const principal = (role: Role): Principal => ({ userId: `${role}-1`, role, countries: [OWN, 'BD'] });

describe('mayCommand', () => {
  // role, command, allowed on a cycle of the principal's own country, allowed on another country's cycle
  const matrix: Array<[Role, CycleCommandType, boolean, boolean]> = [
    ['desk-officer', 'StartCycle', true, false],
    ['desk-officer', 'AgreeActionPoint', true, false],
    ['desk-officer', 'ReportProgress', true, false],
    ['desk-officer', 'CloseRound', true, false],
    ['desk-officer', 'CancelCycle', true, false],
    ['desk-officer', 'RecordGspStage', true, false],
    ['desk-officer', 'AssessActionPoint', false, false],
    ['desk-officer', 'CloseCycle', false, false],
    ['delegation', 'ReportProgress', true, false],
    ['delegation', 'StartCycle', false, false],
    ['delegation', 'AgreeActionPoint', false, false],
    ['delegation', 'AssessActionPoint', false, false],
    ['delegation', 'CloseRound', false, false],
    ['reviewer', 'AssessActionPoint', true, true],
    ['reviewer', 'CloseRound', true, true],
    ['reviewer', 'CloseCycle', true, true],
    ['reviewer', 'StartCycle', false, false],
    ['reviewer', 'ReportProgress', false, false],
    ['reviewer', 'AgreeActionPoint', false, false],
    ['auditor', 'StartCycle', false, false],
    ['auditor', 'ReportProgress', false, false],
    ['auditor', 'AssessActionPoint', false, false],
    ['auditor', 'CloseCycle', false, false],
  ];

  it.each(matrix)('%s %s: own country %s, other country %s', (role, command, own, other) => {
    expect(mayCommand(principal(role), command, OWN)).toBe(own);
    expect(mayCommand(principal(role), command, OTHER)).toBe(other);
  });

  it('compares countries regardless of case', () => {
    expect(mayCommand(principal('desk-officer'), 'StartCycle', 'kh')).toBe(true);
  });

  it('lets nobody send the workflow its own reminders', () => {
    for (const role of ['desk-officer', 'delegation', 'reviewer', 'auditor'] as const) {
      expect(mayCommand(principal(role), 'SendReminder', OWN)).toBe(false);
    }
  });

  it('gives a desk officer without countries no command at all', () => {
    expect(mayCommand({ userId: 'x', role: 'desk-officer', countries: [] }, 'StartCycle', OWN)).toBe(false);
  });
});

describe('mayRead', () => {
  it.each([
    ['desk-officer', true, false],
    ['delegation', true, false],
    ['reviewer', true, true],
    ['auditor', true, true],
  ] as Array<[Role, boolean, boolean]>)('%s reads own country %s, other country %s', (role, own, other) => {
    expect(mayRead(principal(role), OWN)).toBe(own);
    expect(mayRead(principal(role), OTHER)).toBe(other);
    expect(readsAllCountries(principal(role))).toBe(other);
  });
});

describe('seesActorIdentity', () => {
  it('shows who did what to auditors only', () => {
    expect(seesActorIdentity(principal('auditor'))).toBe(true);
    expect(seesActorIdentity(principal('reviewer'))).toBe(false);
    expect(seesActorIdentity(principal('desk-officer'))).toBe(false);
    expect(seesActorIdentity(principal('delegation'))).toBe(false);
  });
});

describe('ROLES', () => {
  it('are the roles npm run token offers', () => {
    expect([...DEV_TOKEN_ROLES]).toEqual([...ROLES]);
  });
});
