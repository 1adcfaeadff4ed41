import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import type { SignInClaims } from '../auth/principal-from-claims';
import { ROOT_LOGGER } from '../logging/root-logger';
import { MetricsService } from '../metrics/metrics.service';
import { signInKeyOf, signInRecordOf } from './claims';
import { PEOPLE_STORE, type PeopleStore } from './people-store';

/** Sign-ins remembered as recorded (a token is recorded once, not at each of its requests). */
export const SIGN_IN_CACHE_SIZE = 10_000;
/** After a failed write, the same token's requests try again only after this long. */
export const SIGN_IN_RETRY_AFTER_MS = 30_000;

const WRITES_METRIC = 'suivi_people_directory_writes_total';

interface Entry {
  /** True once written; false if the write failed. Never rejects. */
  written: Promise<boolean>;
  failedAt?: number;
}

/**
 * Fills the people directory from the claims of each new token: one write per token (by `sub`,
 * `jti`, `iat` and the claims), remembered for the last SIGN_IN_CACHE_SIZE tokens, so that reads
 * do not each cost a write. A failed write never fails the request: it is logged without
 * personal data, counted, and tried again by a later request of that token.
 */
@Injectable()
export class SignInRecorder {
  private readonly entries = new Map<string, Entry>();
  private readonly writes: Counter<'outcome'>;

  constructor(
    @Inject(PEOPLE_STORE) private readonly store: PeopleStore,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    metrics: MetricsService,
  ) {
    this.writes =
      (metrics.registry.getSingleMetric(WRITES_METRIC) as Counter<'outcome'> | undefined) ??
      new Counter({
        name: WRITES_METRIC,
        help: 'Sign-ins written to the people directory, by outcome (written, failed).',
        labelNames: ['outcome'] as const,
        registers: [metrics.registry],
      });
  }

  /**
   * Records the sign-in unless this token was recorded already (or failed moments ago, unless
   * `retry`); resolves true once the caller's row holds it, false if the write failed.
   */
  record(principal: Principal, claims: SignInClaims, options: { retry?: boolean } = {}): Promise<boolean> {
    const key = signInKeyOf(principal, claims);
    const known = this.entries.get(key);
    if (known) {
      const tryAgain =
        known.failedAt !== undefined && (options.retry || Date.now() - known.failedAt >= SIGN_IN_RETRY_AFTER_MS);
      if (!tryAgain) return known.written;
      this.entries.delete(key);
    }
    const entry: Entry = { written: Promise.resolve(false) };
    entry.written = this.store.recordSignIn(signInRecordOf(principal, claims)).then(
      () => {
        this.writes.inc({ outcome: 'written' });
        return true;
      },
      (error: unknown) => {
        entry.failedAt = Date.now();
        this.writes.inc({ outcome: 'failed' });
        // The error's code and name only: a database error's message or detail may quote the row.
        this.logger.warn(
          { errorCode: (error as { code?: unknown }).code, errorName: (error as Error | undefined)?.name },
          'sign-in not recorded in the people directory',
        );
        return false;
      },
    );
    if (this.entries.size >= SIGN_IN_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
    return entry.written;
  }
}

/**
 * Global interceptor: every request the authentication guard let through records its token's
 * sign-in, without waiting for it (routes that need the row, /v1/me, wait for it themselves).
 */
@Injectable()
export class SignInInterceptor implements NestInterceptor {
  constructor(private readonly recorder: SignInRecorder) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
      if (request.principal) void this.recorder.record(request.principal, request.signIn ?? {});
    }
    return next.handle();
  }
}
