import type { Logger } from 'pino';
import { composeMessage, type ComposeOptions, type ReminderInput } from '@suivi/notifications';
import type { NotifierStore, OwedEmail } from './notifier-store';

/** The part of nodemailer's transport the mailer uses. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    html: string;
    text: string;
    messageId: string;
    headers: Record<string, string>;
  }): Promise<unknown>;
}

export interface MailerDeps {
  store: NotifierStore;
  transport: MailTransport;
  compose: ComposeOptions;
  from: string;
  logger: Logger;
  batchSize?: number;
}

/** The reminder an inbox row stands for, as the e-mail templates take it (ids, codes, dates). */
export function reminderInputOf(row: OwedEmail): ReminderInput {
  return {
    sourceEventId: row.sourceEventId,
    cycle: {
      cycleId: row.cycleId,
      cycleType: row.cycleType as ReminderInput['cycle']['cycleType'],
      country: row.country,
    },
    reminderKind: row.kind as ReminderInput['reminderKind'],
    offset: row.data['offset'] ?? 'P0D',
    deadline: row.deadline as ReminderInput['deadline'],
    recipientRole: row.recipientRole as ReminderInput['recipientRole'],
    unassigned: row.unassigned,
    subject: row.actionPointId
      ? { kind: 'ACTION_POINT', actionPoint: { actionPointId: row.actionPointId } }
      : { kind: 'GSP_REPLIES' },
  };
}

/**
 * Sends the e-mails owed now, oldest first, and marks each sent only once the SMTP server has
 * accepted it. A crash between the two sends it again on restart with the same Message-ID (one
 * per notification and recipient), which the receiving side uses to drop the copy (Mailpit with
 * --ignore-duplicate-ids in the embedded stack; mail clients in production). An SMTP server
 * that refuses or is down leaves the rest for the next round: nothing is lost.
 */
export async function sendOwedEmails(deps: MailerDeps): Promise<{ sent: number; failed: number }> {
  const owed = await deps.store.owedEmails(deps.batchSize ?? 50);
  let sent = 0;
  let failed = 0;
  for (const row of owed) {
    try {
      const message = await composeMessage(
        'reminder',
        reminderInputOf(row),
        { userId: row.userId, language: row.language, timeZone: row.timeZone },
        deps.compose,
      );
      await deps.transport.sendMail({ from: deps.from, to: row.email, ...message });
      await deps.store.markEmailed(row.notificationId);
      sent++;
    } catch (error) {
      failed++;
      // Ids only: the address and the content stay out of the logs.
      deps.logger.warn({ err: error, notificationId: row.notificationId }, 'e-mail not sent; tried again later');
      if (isConnectionError(error)) break; // the server is down: the rest would fail the same way
    }
  }
  return { sent, failed };
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNECTION' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ESOCKET';
}
