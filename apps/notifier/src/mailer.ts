import type { Logger } from 'pino';
import { composeMessage, type ComposeOptions } from '@suivi/notifications';
import type { NotifierStore } from './notifier-store';
import { messageOf } from './notices/messages';
import { isConnectionError } from './smtp-errors';

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

/**
 * Sends the e-mails owed now (by the person's delivery and the row's kind: notices/kinds.ts),
 * oldest first, each composed by its kind from the row's ids, codes and dates, and marks each
 * sent only once the SMTP server has accepted it. A crash between the two sends it again on restart with the same Message-ID (one
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
      const { kind, input } = messageOf(row);
      const recipient = { userId: row.userId, language: row.language, timeZone: row.timeZone };
      const message = await composeMessage(kind, input, recipient, deps.compose);
      await deps.transport.sendMail({ from: deps.from, to: row.email, ...message });
      await deps.store.markEmailed(row.notificationId);
      sent++;
    } catch (error) {
      failed++;
      // Ids only: the address and the content stay out of the logs.
      deps.logger.warn(
        { err: error, notificationId: row.notificationId, kind: row.kind },
        'e-mail not sent; tried again later',
      );
      if (isConnectionError(error)) break; // the server is down: the rest would fail the same way
    }
  }
  return { sent, failed };
}
