import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Mail headers that make the notifier's messages behave: a Message-ID that is the same each
 * time the same message is sent to the same person (so a re-send after a crash is recognisably
 * the same message), and a one-click unsubscribe (RFC 8058) whose URL carries a signed token
 * saying who asks for what.
 */

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * `<hash@domain>` for one notification to one person: SHA-256 of both, unambiguously joined,
 * its first 160 bits in hex. The same pair always gives the same id; another pair never does.
 */
export function messageIdFor(notificationKey: string, userId: string, domain: string): string {
  if (!HOSTNAME.test(domain)) throw new RangeError(`"${domain}" is not a host name for a Message-ID`);
  const hash = createHash('sha256')
    .update(JSON.stringify([notificationKey, userId]))
    .digest('hex');
  return `<${hash.slice(0, 40)}@${domain}>`;
}

/** What an unsubscribe link may do: stop all e-mail (the inbox keeps everything), or stop only the digest. */
export const UNSUBSCRIBE_ACTIONS = ['delivery-none', 'digest-off'] as const;
export type UnsubscribeAction = (typeof UNSUBSCRIBE_ACTIONS)[number];

export interface UnsubscribeRequest {
  userId: string;
  action: UnsubscribeAction;
}

/** A key given by the caller: raw bytes, or a string taken as UTF-8. */
export type SigningKey = string | Uint8Array;

const TOKEN_VERSION = 'v1';
/** Binds a MAC to this use, so the same key signing something else can never yield a valid token. */
const MAC_CONTEXT = 'suivi-unsubscribe';
const MIN_KEY_BYTES = 32;
export const MAX_TOKEN_LENGTH = 1024;
export const TOKEN_SHAPE = /^v1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

function keyBytes(key: SigningKey): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (bytes.length < MIN_KEY_BYTES) throw new RangeError(`An unsubscribe key needs at least ${MIN_KEY_BYTES} bytes`);
  return bytes;
}

function mac(key: SigningKey, payload: string): Buffer {
  return createHmac('sha256', keyBytes(key)).update(`${MAC_CONTEXT}.${TOKEN_VERSION}.${payload}`).digest();
}

/** A URL-safe token naming the person and the action, signed with HMAC-SHA256. It does not expire. */
export function signUnsubscribeToken(request: UnsubscribeRequest, key: SigningKey): string {
  if (!(UNSUBSCRIBE_ACTIONS as readonly string[]).includes(request.action))
    throw new RangeError(`Unknown unsubscribe action "${request.action}"`);
  if (request.userId.length === 0) throw new RangeError('An unsubscribe token needs a user id');
  const payload = Buffer.from(JSON.stringify({ u: request.userId, a: request.action }), 'utf8').toString('base64url');
  const token = `${TOKEN_VERSION}.${payload}.${mac(key, payload).toString('base64url')}`;
  if (token.length > MAX_TOKEN_LENGTH) throw new RangeError('The user id is too long for an unsubscribe token');
  return token;
}

/**
 * The request a token carries, if one of the keys signed it (give the current key first and
 * the previous ones after it while a rotation is under way); undefined for anything else: a
 * malformed, tampered or foreign token, or one with an unknown action.
 */
export function verifyUnsubscribeToken(
  token: string,
  keys: SigningKey | readonly SigningKey[],
): UnsubscribeRequest | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
  const shape = TOKEN_SHAPE.exec(token);
  if (!shape) return undefined;
  const [, payload, signature] = shape;
  const given = Buffer.from(signature, 'base64url');
  // Base64 decoding ignores the last character's spare bits: only the canonical spelling counts.
  if (given.toString('base64url') !== signature) return undefined;
  const candidates = Array.isArray(keys) ? (keys as readonly SigningKey[]) : [keys as SigningKey];
  // Every key is tried, whichever matches, so the time taken says nothing about which one did.
  let signed = false;
  for (const key of candidates) {
    const expected = mac(key, payload);
    if (expected.length === given.length && timingSafeEqual(expected, given)) signed = true;
  }
  if (!signed) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { u, a } = parsed as Record<string, unknown>;
    if (typeof u !== 'string' || u.length === 0) return undefined;
    if (typeof a !== 'string' || !(UNSUBSCRIBE_ACTIONS as readonly string[]).includes(a)) return undefined;
    return { userId: u, action: a as UnsubscribeAction };
  } catch {
    return undefined;
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The base URL checked: RFC 8058 wants HTTPS; plain HTTP is accepted on loopback only (the
 * development stack's API on 127.0.0.1).
 */
export function checkedHttpsUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError(`${what} is not an absolute URL`);
  }
  const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopback) throw new RangeError(`${what} must be https (http on loopback only)`);
  if (url.username || url.password || url.hash) throw new RangeError(`${what} must carry no credentials or fragment`);
  return url;
}

/** The unsubscribe page for a token: the base URL with `token` added to its query. */
export function unsubscribeUrl(baseUrl: string, token: string): string {
  const url = checkedHttpsUrl(baseUrl, 'The unsubscribe URL');
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * List-Unsubscribe with the https URL only (no mailto: nobody reads such a mailbox) and
 * List-Unsubscribe-Post for one click (RFC 8058): the mail client POSTs
 * "List-Unsubscribe=One-Click" to the URL, so the receiving endpoint must act on POST and only
 * show a confirmation on GET (link scanners follow GETs). Auto-Submitted and Outlook's
 * X-Auto-Response-Suppress keep out-of-office replies from answering a machine.
 */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${url}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
  };
}
