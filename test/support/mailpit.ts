import { pollUntil, requireEnv } from './poll-until';

/**
 * A small client for the HTTP API of the stack's Mailpit (the SMTP server the launcher runs in
 * every profile), so tests can read the mail the apps sent. Shapes as Mailpit v1.33 answers them
 * (checked against the running server: GET /api/v1/messages, GET /api/v1/message/{ID},
 * GET /api/v1/message/{ID}/headers, GET /api/v1/search, DELETE /api/v1/messages).
 */
export interface MailpitAddress {
  Name: string;
  Address: string;
}

/** One message as listed: enough to find it (recipients, subject, Message-ID). */
export interface MailpitMessageSummary {
  /** Mailpit's own id, for getMessage / headers. */
  ID: string;
  /** The Message-ID header without the angle brackets. */
  MessageID: string;
  From: MailpitAddress | null;
  To: MailpitAddress[] | null;
  Cc: MailpitAddress[] | null;
  Bcc: MailpitAddress[] | null;
  Subject: string;
  /** When Mailpit received it (RFC 3339). */
  Created: string;
  Size: number;
  Snippet: string;
}

/** One message in full: the decoded text and HTML bodies. */
export interface MailpitMessage {
  ID: string;
  MessageID: string;
  From: MailpitAddress | null;
  To: MailpitAddress[];
  Cc: MailpitAddress[];
  Bcc: MailpitAddress[];
  ReplyTo: MailpitAddress[];
  ReturnPath: string;
  Subject: string;
  Date: string;
  Text: string;
  HTML: string;
  Size: number;
  Attachments: Array<{ FileName: string; ContentType: string; Size: number }>;
}

/** Raw headers as sent (names as Go canonicalises them, e.g. "Message-Id"; values not decoded). */
export type MailpitHeaders = Record<string, string[]>;

export class MailpitClient {
  constructor(readonly baseUrl: string) {}

  /** The stack's Mailpit: MAILPIT_API_URL, set by the integration tier's global setup from the stack file. */
  static fromEnv(): MailpitClient {
    return new MailpitClient(requireEnv('MAILPIT_API_URL'));
  }

  /** The newest messages first (Mailpit's order), up to `limit`. */
  async listMessages(limit = 200): Promise<MailpitMessageSummary[]> {
    const body = await this.json<{ messages: MailpitMessageSummary[] }>(`/api/v1/messages?limit=${limit}`);
    return body.messages;
  }

  /** Mailpit's search syntax, e.g. `to:someone@example.org subject:"Reminder"`. */
  async search(query: string, limit = 200): Promise<MailpitMessageSummary[]> {
    const body = await this.json<{ messages: MailpitMessageSummary[] }>(
      `/api/v1/search?query=${encodeURIComponent(query)}&limit=${limit}`,
    );
    return body.messages;
  }

  /** Every message whose Message-ID is this one (with or without angle brackets). */
  async findByMessageId(messageId: string): Promise<MailpitMessageSummary[]> {
    const bare = messageId.replace(/^<|>$/g, '');
    const found = await this.search(`message-id:"${bare}"`);
    // The search matches parts of the id too: keep exact matches only.
    return found.filter((m) => m.MessageID === bare);
  }

  /** Polls until exactly one message with this Message-ID has arrived, and returns it. */
  async waitForMessageId(messageId: string, timeoutMs = 10_000): Promise<MailpitMessageSummary> {
    return pollUntil(async () => {
      const found = await this.findByMessageId(messageId);
      if (found.length > 1) throw new Error(`${found.length} messages with Message-ID ${messageId}, expected one`);
      return found[0];
    }, timeoutMs);
  }

  async getMessage(id: string): Promise<MailpitMessage> {
    return this.json<MailpitMessage>(`/api/v1/message/${encodeURIComponent(id)}`);
  }

  async getHeaders(id: string): Promise<MailpitHeaders> {
    return this.json<MailpitHeaders>(`/api/v1/message/${encodeURIComponent(id)}/headers`);
  }

  /** Deletes every message (DELETE /api/v1/messages with no ids). */
  async deleteAll(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/v1/messages`, {
      method: 'DELETE',
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`DELETE /api/v1/messages answered ${response.status}: ${await response.text()}`);
  }

  private async json<T>(path: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }
}

/** A header's values by name, whatever its case ("Message-ID" finds "Message-Id"). */
export function headerValues(headers: MailpitHeaders, name: string): string[] {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? (headers[key] ?? []) : [];
}
