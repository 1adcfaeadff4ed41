import { issueDevTokenForProfile } from '@suivi/dev-issuer';
import { pollUntil } from '@suivi/test-support';

/** The API as a client sees it, for the e2e tests: calls with a bearer token, tokens, a few command bodies. */
/** The e2e stack's API (E2E_API_PORT, as the launcher reads it; 23000 by default). */
export const API = `http://127.0.0.1:${process.env['E2E_API_PORT'] ?? 23000}`;
export const DAY = 86_400_000;
export const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

export type Role = 'desk-officer' | 'delegation' | 'reviewer' | 'auditor';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${API}${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown = text;
  if (/json/.test(response.headers.get('content-type') ?? '')) body = JSON.parse(text);
  return { status: response.status, body: body as T, text, headers: response.headers };
}

export const token = (userId: string, role: Role, countries: string[] = []) =>
  issueDevTokenForProfile('e2e', { userId, role, countries });

export async function startCycle(deskToken: string, country: string, title = 'Dialogue (e2e)'): Promise<string> {
  const reply = await call<{ cycleId: string }>('POST', '/v1/cycles', {
    token: deskToken,
    body: { type: 'HUMAN_RIGHTS_DIALOGUE', country, title, timeZone: 'Asia/Phnom_Penh' },
  });
  expect(reply.status).toBe(201);
  return reply.body.cycleId;
}

export const proposal = (actionPointId: string, roundId = 'R1', deadlineInDays = 30) => ({
  actionPointId,
  roundId,
  text: `Release the statistics on pre-trial detention (${actionPointId}).`,
  owner: 'PARTNER',
  deadline: dateIn(deadlineInDays),
  priority: 'HIGH',
  themes: ['I.D'],
  conventions: ['ICCPR'],
  unReferences: [],
});

/** The cycle as the read model shows it once it has caught up with `version`. */
export async function cycleAt(cycleId: string, version: number, readerToken: string) {
  return pollUntil(async () => {
    const reply = await call<Record<string, unknown> & { version: number }>('GET', `/v1/cycles/${cycleId}`, {
      token: readerToken,
    });
    return reply.status === 200 && reply.body.version >= version ? reply.body : undefined;
  }, 60_000);
}
