import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { ApiProblem, type Problem } from './problem';

/** How every call learns the current token and language (set once by the app). */
export interface CallContext {
  accessToken(): string | undefined;
  language(): string;
}

let context: CallContext = { accessToken: () => undefined, language: () => 'en' };
export const setCallContext = (next: CallContext) => {
  context = next;
};

const authorise: Middleware = {
  onRequest({ request }) {
    const token = context.accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept-Language', context.language());
    return request;
  },
};

/** Typed calls to the API, from the types generated from its OpenAPI document (same origin). */
export const api = createClient<paths>({ baseUrl: '' });
api.use(authorise);

/** The data of an openapi-fetch answer, or its problem thrown (for TanStack Query's error state). */
export async function dataOf<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = error !== null && typeof error === 'object' ? (error as Partial<Problem>) : {};
    throw new ApiProblem({ ...body, status: response.status });
  }
  return data as T;
}

/** A raw call (commands, CSV, plain text), with the same headers. */
export async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = context.accessToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  headers.set('Accept-Language', context.language());
  return fetch(path, { ...init, headers });
}
