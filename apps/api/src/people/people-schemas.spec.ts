import { parsePathParameter } from '../common/path-parameters';
import { InvalidBodyProblem, parseBody } from '../cycle-commands/parse-body';
import { InvalidQueryProblem, parseParams } from '../queries/query-params';
import {
  notificationsQuerySchema,
  peopleQuerySchema,
  preferencesPatchSchema,
  unassignedRemindersQuerySchema,
  unsubscribeQuerySchema,
} from './people-schemas';

const errorsOf = (thunk: () => unknown) => {
  try {
    thunk();
  } catch (error) {
    if (error instanceof InvalidBodyProblem || error instanceof InvalidQueryProblem) return error.errors;
    throw error;
  }
  throw new Error('accepted');
};

describe('PATCH /v1/me body', () => {
  it('takes any subset of language, time zone, delivery and daily digest, and null to withdraw a choice', () => {
    expect(parseBody(preferencesPatchSchema, {})).toEqual({});
    expect(
      parseBody(preferencesPatchSchema, { language: 'fr', timeZone: 'Asia/Colombo', delivery: 'immediate' }),
    ).toEqual({ language: 'fr', timeZone: 'Asia/Colombo', delivery: 'immediate' });
    expect(parseBody(preferencesPatchSchema, { delivery: 'none', dailyDigest: false })).toEqual({
      delivery: 'none',
      dailyDigest: false,
    });
    expect(
      parseBody(preferencesPatchSchema, { language: null, timeZone: null, delivery: null, dailyDigest: null }),
    ).toEqual({ language: null, timeZone: null, delivery: null, dailyDigest: null });
  });

  it.each([
    [{ language: 'de' }, '#/language'],
    [{ language: 'FR' }, '#/language'],
    [{ timeZone: 'Mars/Olympus_Mons' }, '#/timeZone'],
    [{ timeZone: '+02:00' }, '#/timeZone'],
    [{ timeZone: 3 }, '#/timeZone'],
    [{ delivery: 'weekly' }, '#/delivery'],
    [{ dailyDigest: 'false' }, '#/dailyDigest'],
    [{ email: 'me@example.org' }, '#/email'],
    [{ role: 'reviewer' }, '#/role'],
  ])('refuses %j, naming %s', (body, pointer) => {
    expect(errorsOf(() => parseBody(preferencesPatchSchema, body))).toEqual([expect.objectContaining({ pointer })]);
  });
});

describe('query and path parameters of the people routes', () => {
  it('reads the people filters and pagination', () => {
    expect(parseParams(peopleQuerySchema, { country: 'kh,LK', role: 'delegation,desk-officer' })).toEqual({
      country: ['KH', 'LK'],
      role: ['delegation', 'desk-officer'],
      page: 1,
      pageSize: 20,
    });
    expect(errorsOf(() => parseParams(peopleQuerySchema, { role: 'minister' }))).toEqual([
      expect.objectContaining({ parameter: 'role' }),
    ]);
    expect(errorsOf(() => parseParams(peopleQuerySchema, { name: 'Anna' }))).toEqual([
      { parameter: 'name', detail: 'unknown parameter' },
    ]);
  });

  it('reads unread as a boolean, or leaves it out', () => {
    expect(parseParams(notificationsQuerySchema, { unread: 'true', pageSize: '5' })).toEqual({
      unread: true,
      page: 1,
      pageSize: 5,
    });
    expect(parseParams(notificationsQuerySchema, {})).toEqual({ page: 1, pageSize: 20 });
    expect(errorsOf(() => parseParams(notificationsQuerySchema, { unread: 'yes' }))).toEqual([
      expect.objectContaining({ parameter: 'unread' }),
    ]);
  });

  it('reads the unassigned reminders country filter, and an unsubscribe token by its shape', () => {
    expect(parseParams(unassignedRemindersQuerySchema, { country: 'vn,KH' })).toEqual({ country: ['VN', 'KH'] });
    expect(parseParams(unassignedRemindersQuerySchema, {})).toEqual({});
    expect(errorsOf(() => parseParams(unassignedRemindersQuerySchema, { pageSize: '5' }))).toEqual([
      { parameter: 'pageSize', detail: 'unknown parameter' },
    ]);
    const token = `v1.eyJ1IjoiYSJ9.${'A'.repeat(43)}`;
    expect(parseParams(unsubscribeQuerySchema, { token })).toEqual({ token });
    for (const bad of [{}, { token: 'v1.x.y' }, { token: `${token}=` }]) {
      expect(errorsOf(() => parseParams(unsubscribeQuerySchema, bad))).toEqual([
        expect.objectContaining({ parameter: 'token' }),
      ]);
    }
  });

  it('checks the assignment and notification id in paths, as every path parameter', () => {
    expect(parsePathParameter('assignment', 'DELEGATION')).toBe('DELEGATION');
    expect(errorsOf(() => parsePathParameter('assignment', 'delegation'))).toEqual([
      expect.objectContaining({ parameter: 'assignment' }),
    ]);
    expect(parsePathParameter('notificationId', 'KH-HRD-2026:42:demo.delegation-kh')).toBe(
      'KH-HRD-2026:42:demo.delegation-kh',
    );
    expect(errorsOf(() => parsePathParameter('notificationId', 'x'.repeat(601)))).toEqual([
      expect.objectContaining({ parameter: 'notificationId' }),
    ]);
  });
});
