import type { Payload, PayloadCodec } from '@temporalio/common';

/** The JSON shape Temporal's Web UI and CLI send to a remote codec endpoint. */
export interface CodecHttpBody {
  payloads: Array<{ metadata?: Record<string, string>; data?: string }>;
}

export class CodecRequestError extends Error {}

function fromJson(body: unknown): Payload[] {
  const payloads = (body as CodecHttpBody | undefined)?.payloads;
  if (!Array.isArray(payloads)) throw new CodecRequestError('body must be {"payloads": [...]}');
  return payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p?.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(String(v), 'base64'))]),
    ),
    data: new Uint8Array(Buffer.from(String(p?.data ?? ''), 'base64')),
  }));
}

function toJson(payloads: Payload[]): CodecHttpBody {
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
    })),
  };
}

/** Runs a codec over a remote-codec request body (see Temporal's codec server protocol). */
export async function runCodecHttp(
  codec: PayloadCodec,
  operation: 'encode' | 'decode',
  body: unknown,
): Promise<CodecHttpBody> {
  const payloads = fromJson(body);
  const result = operation === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
  return toJson(result);
}
