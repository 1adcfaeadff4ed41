import { pino } from 'pino';
import type { Principal } from '../auth/principal';
import { MetricsService } from '../metrics/metrics.service';
import { InMemoryPeopleStore } from './in-memory-people-store';
import { SIGN_IN_CACHE_SIZE, SIGN_IN_RETRY_AFTER_MS, SignInRecorder } from './sign-in-recorder';

const principal: Principal = { userId: 'demo.delegation-vn', role: 'delegation', countries: ['VN'] };
const claims = {
  name: 'Camille Martin',
  email: 'camille.martin@example.org',
  locale: 'fr',
  zoneinfo: 'Asia/Ho_Chi_Minh',
  jti: 'token-1',
  iat: 1_772_359_200,
};

describe('SignInRecorder', () => {
  let store: InMemoryPeopleStore;
  let metrics: MetricsService;
  let logged: Array<Record<string, unknown>>;
  let recorder: SignInRecorder;

  beforeEach(() => {
    store = new InMemoryPeopleStore();
    metrics = new MetricsService();
    logged = [];
    const logger = pino(
      { level: 'warn' },
      { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) },
    );
    recorder = new SignInRecorder(store, logger, metrics);
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes once per token, however many requests it makes', async () => {
    await Promise.all([recorder.record(principal, claims), recorder.record(principal, claims)]);
    expect(await recorder.record(principal, claims)).toBe(true);
    expect(store.signIns).toBe(1);
    expect(await store.find(principal.userId)).toMatchObject({
      displayName: 'Camille Martin',
      language: 'fr',
      timeZone: 'Asia/Ho_Chi_Minh',
      countries: ['VN'],
    });

    await recorder.record(principal, { ...claims, jti: 'token-2', iat: claims.iat + 600 });
    expect(store.signIns).toBe(2);
    expect(await metrics.render()).toMatch(/suivi_people_directory_writes_total\{outcome="written"\} 2/);
  });

  it('never fails on a failed write: logs it without personal data, counts it, and tries again later', async () => {
    const failing = jest.spyOn(store, 'recordSignIn').mockRejectedValue(
      Object.assign(new Error('new row violates check constraint: Failing row contains (Camille Martin)'), {
        code: '23514',
        detail: 'Failing row contains (camille.martin@example.org)',
      }),
    );
    expect(await recorder.record(principal, claims)).toBe(false);
    expect(logged).toEqual([expect.objectContaining({ errorCode: '23514', errorName: 'Error' })]);
    expect(JSON.stringify(logged)).not.toMatch(/Camille|camille|Martin/);
    expect(await metrics.render()).toMatch(/suivi_people_directory_writes_total\{outcome="failed"\} 1/);

    // Within the back-off the same token does not try again; a route that needs the row does.
    expect(await recorder.record(principal, claims)).toBe(false);
    expect(failing).toHaveBeenCalledTimes(1);
    failing.mockRestore();
    expect(await recorder.record(principal, claims, { retry: true })).toBe(true);
    expect(store.signIns).toBe(1);
  });

  it('tries a failed token again by itself once the back-off is over', async () => {
    const failing = jest.spyOn(store, 'recordSignIn').mockRejectedValueOnce(new Error('connection refused'));
    expect(await recorder.record(principal, claims)).toBe(false);
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + SIGN_IN_RETRY_AFTER_MS + 1);
    expect(await recorder.record(principal, claims)).toBe(true);
    expect(failing).toHaveBeenCalledTimes(2);
  });

  it('remembers a bounded number of tokens, the oldest leaving first', async () => {
    for (let i = 0; i <= SIGN_IN_CACHE_SIZE; i++) await recorder.record(principal, { jti: `t${i}` });
    const writes = store.signIns;
    await recorder.record(principal, { jti: `t${SIGN_IN_CACHE_SIZE}` });
    expect(store.signIns).toBe(writes);
    await recorder.record(principal, { jti: 't0' });
    expect(store.signIns).toBe(writes + 1);
  });

  it('shares the metric with a second recorder of the same app', () => {
    expect(() => new SignInRecorder(store, pino({ level: 'silent' }), metrics)).not.toThrow();
  });
});
