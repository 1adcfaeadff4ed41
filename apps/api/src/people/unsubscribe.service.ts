import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import type { Logger } from 'pino';
import { ProblemDetailsException } from '../common/problem-details';
import { API_CONFIG } from '../config/api-config';
import { ROOT_LOGGER } from '../logging/root-logger';
import type { Delivery } from './claims';
import { PEOPLE_STORE, type PeopleStore, type PreferencesChange } from './people-store';
import {
  verifyUnsubscribeToken,
  type UnsubscribeAction,
  type UnsubscribeRequest,
} from '@suivi/notifications/unsubscribe';

export interface UnsubscribeResult {
  action: UnsubscribeAction;
  delivery: Delivery;
  dailyDigest: boolean;
}

/** What each link turns off: all e-mail (the inbox keeps everything), or the daily digest. */
const CHANGES: Record<UnsubscribeAction, PreferencesChange> = {
  'delivery-none': { delivery: 'none' },
  'digest-off': { dailyDigest: false },
};

/**
 * The one-click unsubscribe links of the notifier's e-mails (RFC 8058): the token, signed with
 * NOTIFIER_UNSUBSCRIBE_KEY, names the person and what to turn off; it is the only authority.
 */
@Injectable()
export class UnsubscribeService {
  private readonly key: Buffer | undefined;

  constructor(
    @Inject(PEOPLE_STORE) private readonly store: PeopleStore,
    @Inject(API_CONFIG) config: ApiConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.key = config.NOTIFIER_UNSUBSCRIBE_KEY ? Buffer.from(config.NOTIFIER_UNSUBSCRIBE_KEY, 'base64') : undefined;
  }

  /**
   * The request a link's token carries: 403 for a well-formed token the key did not sign (it
   * grants nothing; a malformed one is refused as 400 by the query's schema), 503 without a key.
   */
  requestOf(token: string): UnsubscribeRequest {
    if (!this.key) {
      throw new ProblemDetailsException(503, 'Unsubscribe links are not configured here (NOTIFIER_UNSUBSCRIBE_KEY).', {
        code: 'UNSUBSCRIBE_NOT_CONFIGURED',
      });
    }
    const request = verifyUnsubscribeToken(token, this.key);
    if (!request) {
      throw new ProblemDetailsException(
        403,
        'This unsubscribe link is not valid: use the link of a Suivi e-mail as it is, or set your e-mail ' +
          'preferences in Suivi.',
        {
          code: 'UNSUBSCRIBE_TOKEN_INVALID',
          errors: [{ parameter: 'token', detail: 'not a valid unsubscribe token' }],
        },
      );
    }
    return request;
  }

  /** Applies the link's action (again: harmless); 404 when the person is not in the directory. */
  async unsubscribe(token: string): Promise<UnsubscribeResult> {
    const { userId, action } = this.requestOf(token);
    const person = await this.store.updatePreferences(userId, CHANGES[action]);
    if (!person) {
      throw new ProblemDetailsException(404, 'The person this link was sent to is no longer in the people directory.', {
        code: 'PERSON_NOT_FOUND',
      });
    }
    // No audit table for preferences: the log keeps who turned what off, and how.
    this.logger.info({ userId, action, via: 'unsubscribe link' }, 'e-mail preferences changed');
    return { action, delivery: person.delivery, dailyDigest: person.dailyDigest };
  }
}
