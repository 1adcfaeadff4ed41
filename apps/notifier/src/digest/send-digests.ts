import type { Logger } from 'pino';
import { addDays } from '@suivi/domain';
import {
  composeDigest,
  composeMessage,
  DIGEST_HORIZON_DAYS,
  owedDigestDate,
  resolveRecipients,
  type ComposeOptions,
  type CountryAssignment,
  type DirectoryPerson,
  type OpenActionPoint,
} from '@suivi/notifications';
import type { DailyDigestInput, DailyDigestResult } from '@suivi/workflows';
import type { MailTransport } from '../mailer';
import { isConnectionError } from '../smtp-errors';
import type { DigestReader, DigestStore, StoredDigest } from './digest-store';

export interface DigestDeps {
  store: DigestStore;
  transport: MailTransport;
  compose: ComposeOptions;
  from: string;
  logger: Logger;
  /** Digests composed and handed to the SMTP server at once. */
  concurrency?: number;
  /** Says the run is alive (Temporal's activity heartbeat); nothing in unit tests. */
  heartbeat?: () => void;
  now?: () => Date;
}

/** Some digests were not accepted: the activity fails, and its retry sends only those. */
export class DigestsNotSent extends Error {
  constructor(
    readonly failed: number,
    readonly sent: number,
  ) {
    super(`${failed} digest(s) not accepted by the SMTP server (${sent} sent); tried again later`);
    this.name = 'DigestsNotSent';
  }
}

/**
 * Who follows an action point in their digest: the desk officer and the delegation's focal
 * points of its country, by the same recipient rule as reminders (a role nobody holds falls to
 * the reviewers). The rule is worked out once per country, not once per action point.
 */
export function digestLinesByPerson(
  actionPoints: readonly OpenActionPoint[],
  directory: { people: readonly DirectoryPerson[]; assignments: readonly CountryAssignment[] },
): Map<string, OpenActionPoint[]> {
  const followersOf = new Map<string, readonly string[]>();
  const lines = new Map<string, OpenActionPoint[]>();
  for (const ap of actionPoints) {
    const country = ap.cycle.country.toUpperCase();
    let followers = followersOf.get(country);
    if (!followers) {
      const ids = new Set([
        ...resolveRecipients(country, 'DESK_OFFICER', directory).userIds,
        ...resolveRecipients(country, 'DELEGATION', directory).userIds,
      ]);
      followers = [...ids];
      followersOf.set(country, followers);
    }
    for (const userId of followers) {
      const list = lines.get(userId) ?? [];
      list.push(ap);
      lines.set(userId, list);
    }
  }
  return lines;
}

/**
 * A zone's digests for the morning of `asOf` (or now): for everyone there who takes the digest,
 * the one digest of the day is composed once and kept (notifier.digests), sent, and marked sent
 * once the SMTP server accepted it. A run before 09:00 does nothing; a run later in the day (a
 * notifier that was down at 09:00, a retry) sends only what was not sent. Nobody gets a second
 * digest for a day: a crash between sending and marking sends the kept digest again with the
 * same Message-ID, which the receiving side recognises (ADR 0024).
 */
export async function sendDueDigests(deps: DigestDeps, input: DailyDigestInput): Promise<DailyDigestResult> {
  const now = input.asOf ? new Date(input.asOf) : (deps.now?.() ?? new Date());
  if (Number.isNaN(now.getTime())) throw new RangeError(`asOf "${input.asOf}" is not an instant`);
  const localDate = owedDigestDate(input.timeZone, null, now) ?? null;
  const result: DailyDigestResult = { localDate, recipients: 0, sent: 0, empty: 0, alreadySent: 0 };
  if (!localDate) return result;

  const readers = await deps.store.digestReaders(input.timeZone);
  result.recipients = readers.length;
  if (readers.length === 0) return result;
  const stored = await deps.store.storedDigests(
    readers.map((r) => r.userId),
    localDate,
  );
  const lines = readers.some((r) => !stored.has(r.userId))
    ? digestLinesByPerson(
        await deps.store.openActionPoints(addDays(localDate, DIGEST_HORIZON_DAYS)),
        await deps.store.directory(),
      )
    : new Map<string, OpenActionPoint[]>();

  let failed = 0;
  let smtpDown: unknown;
  const sendOne = async (reader: DigestReader): Promise<void> => {
    let entry: StoredDigest | undefined = stored.get(reader.userId);
    if (!entry) {
      const digest = composeDigest(reader, lines.get(reader.userId) ?? [], now);
      if (!digest) {
        result.empty++;
        return;
      }
      entry = await deps.store.keepDigest(digest, input.timeZone);
    }
    if (entry.emailed) {
      result.alreadySent++;
      return;
    }
    try {
      const { userId, language, timeZone } = reader;
      const message = await composeMessage('digest', entry.digest, { userId, language, timeZone }, deps.compose);
      await deps.transport.sendMail({ from: deps.from, to: reader.email, ...message });
    } catch (error) {
      failed++;
      if (isConnectionError(error)) smtpDown = error;
      // Ids only: the address and the content stay out of the logs.
      deps.logger.warn({ err: error, userId: reader.userId, localDate }, 'digest not sent; tried again later');
      return;
    }
    await deps.store.markDigestEmailed(reader.userId, localDate);
    result.sent++;
    deps.heartbeat?.();
  };

  // A few lanes: rendering is CPU, the SMTP round trip is waiting; both overlap.
  let next = 0;
  const lane = async () => {
    while (next < readers.length && smtpDown === undefined) await sendOne(readers[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 4) }, lane));
  if (failed > 0) throw new DigestsNotSent(failed, result.sent);
  deps.logger.info({ timeZone: input.timeZone, ...result }, 'digests sent');
  return result;
}
