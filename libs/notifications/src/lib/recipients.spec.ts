import type { RecipientRole } from '@suivi/domain';
import {
  ASSIGNMENTS,
  qualifiesFor,
  resolveRecipients,
  type Assignment,
  type CountryAssignment,
  type DirectoryPerson,
} from './recipients';

const people: DirectoryPerson[] = [
  { userId: 'desk-kh', role: 'desk-officer', countries: ['KH', 'LK'] },
  { userId: 'desk-kh-2', role: 'desk-officer', countries: ['KH'] },
  { userId: 'delegation-kh', role: 'delegation', countries: ['KH'] },
  { userId: 'delegation-lk', role: 'delegation', countries: ['LK'] },
  { userId: 'rev-1', role: 'reviewer', countries: [] },
  { userId: 'rev-2', role: 'reviewer', countries: [] },
  { userId: 'auditor', role: 'auditor', countries: [] },
];
const assignments: CountryAssignment[] = [
  { country: 'KH', assignment: 'DESK_OFFICER', userId: 'desk-kh-2' },
  { country: 'KH', assignment: 'DESK_OFFICER', userId: 'desk-kh' },
  { country: 'KH', assignment: 'DELEGATION', userId: 'delegation-kh' },
  { country: 'KH', assignment: 'REVIEWER', userId: 'rev-2' },
  { country: 'LK', assignment: 'DESK_OFFICER', userId: 'desk-kh' },
];

describe('resolveRecipients', () => {
  it('sends to the people assigned to the role for the country, sorted, each once', () => {
    expect(resolveRecipients('KH', 'DESK_OFFICER', { assignments: [...assignments, assignments[0]], people })).toEqual({
      userIds: ['desk-kh', 'desk-kh-2'],
      unassigned: false,
      source: 'ASSIGNED',
    });
    expect(resolveRecipients('kh', 'DELEGATION', { assignments, people })).toEqual({
      userIds: ['delegation-kh'],
      unassigned: false,
      source: 'ASSIGNED',
    });
    expect(resolveRecipients('KH', 'REVIEWER', { assignments, people }).userIds).toEqual(['rev-2']);
  });

  it("falls back on the country's reviewers, marked unassigned, when nobody holds the role there", () => {
    const withoutDelegation = assignments.filter((a) => a.assignment !== 'DELEGATION');
    expect(resolveRecipients('KH', 'DELEGATION', { assignments: withoutDelegation, people })).toEqual({
      userIds: ['rev-2'],
      unassigned: true,
      source: 'COUNTRY_REVIEWERS',
    });
  });

  it('falls back on every reviewer when the country has no reviewer either', () => {
    expect(resolveRecipients('LK', 'DELEGATION', { assignments, people })).toEqual({
      userIds: ['rev-1', 'rev-2'],
      unassigned: true,
      source: 'ALL_REVIEWERS',
    });
    expect(resolveRecipients('BD', 'REVIEWER', { assignments, people })).toEqual({
      userIds: ['rev-1', 'rev-2'],
      unassigned: true,
      source: 'ALL_REVIEWERS',
    });
  });

  it('says so when there is nobody at all to send to', () => {
    const noReviewers = people.filter((p) => p.role !== 'reviewer');
    expect(resolveRecipients('BD', 'DESK_OFFICER', { assignments, people: noReviewers })).toEqual({
      userIds: [],
      unassigned: true,
      source: 'NOBODY',
    });
  });

  it('ignores a stale assignment: a person gone from the directory, or no longer in that role or country', () => {
    const moved = people.map((p) =>
      p.userId === 'delegation-kh'
        ? { ...p, countries: ['LK'] }
        : p.userId === 'desk-kh-2'
          ? { ...p, role: 'reviewer' }
          : p,
    );
    const directory = { assignments, people: moved.filter((p) => p.userId !== 'desk-kh') };
    expect(resolveRecipients('KH', 'DESK_OFFICER', directory)).toMatchObject({ userIds: ['rev-2'], unassigned: true });
    expect(resolveRecipients('KH', 'DELEGATION', directory)).toMatchObject({ userIds: ['rev-2'], unassigned: true });
  });

  it('covers every recipient role of the domain, and only those', () => {
    const same: [RecipientRole] extends [Assignment] ? ([Assignment] extends [RecipientRole] ? true : false) : false =
      true;
    expect(same).toBe(true);
    expect(ASSIGNMENTS).toEqual(['DESK_OFFICER', 'DELEGATION', 'REVIEWER']);
  });
});

describe('qualifiesFor', () => {
  const person = (role: string, countries: string[] = []) => ({ userId: 'u', role, countries });

  it('takes a desk officer or a delegation with the country in scope, and any reviewer', () => {
    expect(qualifiesFor(person('desk-officer', ['KH']), 'DESK_OFFICER', 'kh')).toBe(true);
    expect(qualifiesFor(person('desk-officer', ['LK']), 'DESK_OFFICER', 'KH')).toBe(false);
    expect(qualifiesFor(person('delegation', ['KH']), 'DELEGATION', 'KH')).toBe(true);
    expect(qualifiesFor(person('delegation', ['KH']), 'DESK_OFFICER', 'KH')).toBe(false);
    expect(qualifiesFor(person('reviewer'), 'REVIEWER', 'KH')).toBe(true);
    expect(qualifiesFor(person('reviewer'), 'DELEGATION', 'KH')).toBe(false);
    expect(qualifiesFor(person('auditor'), 'REVIEWER', 'KH')).toBe(false);
  });
});
