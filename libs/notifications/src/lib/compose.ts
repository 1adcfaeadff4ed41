import { render, toPlainText } from '@react-email/render';
import {
  checkedHttpsUrl,
  listUnsubscribeHeaders,
  messageIdFor,
  signUnsubscribeToken,
  unsubscribeUrl,
  type SigningKey,
} from './headers';
import { checkInput, checkRecipient, NotificationInputError } from './inputs';
import { kinds } from './kinds';
import type { NotificationInputs, NotificationKind, Recipient } from './types';

/** Headings keep their case in the plain text: ids are case-sensitive ("ap-1" is not "AP-1"). */
const plainTextOptions = {
  selectors: ['h1', 'h2', 'h3'].map((selector) => ({ selector, options: { uppercase: false } })),
};

export interface ComposeOptions {
  /** The web app's origin (and path prefix, if any): cycle links are `${webBaseUrl}/cycles/<cycleId>`. */
  webBaseUrl: string;
  /** Where the unsubscribe token goes, as `?token=`: the endpoint acts on POST and confirms on GET. */
  unsubscribeBaseUrl: string;
  /** HMAC-SHA256 key of the unsubscribe tokens, at least 32 bytes; the endpoint verifies with the same. */
  unsubscribeKey: SigningKey;
  /** The right-hand side of Message-IDs: the sender's domain. */
  messageIdDomain: string;
}

/** A message ready for nodemailer: `{ messageId, subject, html, text, headers }` go into its options as they are. */
export interface ComposedMessage {
  messageId: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * The key of a notification, the same one composeMessage puts into the Message-ID: the outbox
 * row per (key, recipient) and the Message-ID agree. Refuses input composeMessage would refuse.
 */
export function notificationKey<K extends NotificationKind>(kind: K, input: NotificationInputs[K]): string {
  return kinds[kind].key(checkInput(kind, input));
}

function webBase(value: string): string {
  const url = checkedHttpsUrl(value, 'The web base URL');
  if (url.search) throw new RangeError('The web base URL must have no query');
  return url.toString().replace(/\/+$/, '');
}

/**
 * One e-mail for one person, in their language: subject, HTML and plain text from the kind's
 * template, a Message-ID that is the same for the same (notification, person) however often it
 * is composed, and one-click unsubscribe headers. Throws NotificationInputError for input that
 * is not exactly of the declared shape (a free-text field, an unknown code), for a digest that
 * is someone else's or empty (an empty digest is no e-mail), and RangeError for bad options.
 */
export async function composeMessage<K extends NotificationKind>(
  kind: K,
  input: NotificationInputs[K],
  recipient: Recipient,
  options: ComposeOptions,
): Promise<ComposedMessage> {
  const checked = checkInput(kind, input);
  const person = checkRecipient(recipient);
  if (kind === 'digest') {
    const digest = checked as NotificationInputs['digest'];
    if (digest.userId !== person.userId) throw new NotificationInputError('digest', ['userId: not the recipient']);
    if (Object.values(digest.sections).every((groups) => groups.length === 0))
      throw new NotificationInputError('digest', ['sections: empty (an empty digest is no e-mail)']);
  }
  const definition = kinds[kind];
  const token = signUnsubscribeToken({ userId: person.userId, action: definition.unsubscribe }, options.unsubscribeKey);
  const unsubscribe = unsubscribeUrl(options.unsubscribeBaseUrl, token);
  const subject = definition.subject(checked, person.language);
  const context = { language: person.language, webBaseUrl: webBase(options.webBaseUrl), unsubscribeUrl: unsubscribe };
  const html = await render(definition.email(context, checked, subject));
  return {
    messageId: messageIdFor(definition.key(checked), person.userId, options.messageIdDomain),
    subject,
    html,
    text: toPlainText(html, plainTextOptions),
    headers: listUnsubscribeHeaders(unsubscribe),
  };
}
