import type { ApiConfig } from '@suivi/config';
import { pino } from 'pino';
import { ProblemDetailsException } from '../common/problem-details';
import { TEST_UNSUBSCRIBE_KEY, TEST_UNSUBSCRIBE_TOKENS } from '../testing/test-app';
import { InMemoryPeopleStore } from './in-memory-people-store';
import { UnsubscribeService } from './unsubscribe.service';

const statusOf = (thunk: () => unknown): number | undefined => {
  try {
    thunk();
  } catch (error) {
    if (error instanceof ProblemDetailsException) return error.getStatus();
    throw error;
  }
  return undefined;
};

describe('UnsubscribeService', () => {
  const logger = pino({ level: 'silent' });

  it('answers 503 for every link when the API has no key (never in production: the configuration requires it)', () => {
    const service = new UnsubscribeService(new InMemoryPeopleStore(), {} as ApiConfig, logger);
    expect(statusOf(() => service.requestOf(TEST_UNSUBSCRIBE_TOKENS.delegationNone))).toBe(503);
  });

  it('reads a link signed with the configured key, and refuses one signed with another (403)', () => {
    const config = { NOTIFIER_UNSUBSCRIBE_KEY: TEST_UNSUBSCRIBE_KEY } as ApiConfig;
    const service = new UnsubscribeService(new InMemoryPeopleStore(), config, logger);
    expect(service.requestOf(TEST_UNSUBSCRIBE_TOKENS.delegationDigestOff)).toEqual({
      userId: 'demo.delegation-vn',
      action: 'digest-off',
    });
    expect(statusOf(() => service.requestOf(TEST_UNSUBSCRIBE_TOKENS.otherKey))).toBe(403);
  });
});
