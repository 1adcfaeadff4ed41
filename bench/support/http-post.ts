import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * A lean HTTP/1.1 load generator for bench:api: node:http over kept-alive sockets, one per lane.
 * The generator shares the machine's two cores with the servers it measures, so its own CPU per
 * request counts against the API; fetch (undici's WHATWG streams) cost about twice node:http's
 * per request here (ADR 0013, amendment of 2026-12-07).
 */
export function httpPoster(baseUrl: string, lanes: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: lanes, maxFreeSockets: lanes });
  const { hostname, port } = new URL(baseUrl);
  const post = (path: string, headers: Record<string, string>, body: string): Promise<HttpAnswer> =>
    new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent,
          hostname,
          port,
          path,
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          incoming.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  return { post, close: () => agent.destroy() };
}
