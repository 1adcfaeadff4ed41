import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from './aes-gcm-payload-codec';
import { generateCodecKeySpec, parseCodecKeys } from './codec-keys';
import { runCodecHttp } from './codec-http';

const canary = 'CANARY-Reprisal-Witness-7f3a';
const payloadOf = (value: unknown) => defaultPayloadConverter.toPayload(value);
const text = (bytes?: Uint8Array | null) => Buffer.from(bytes ?? new Uint8Array()).toString('latin1');

describe('AesGcmPayloadCodec', () => {
  const oldKeys = parseCodecKeys(generateCodecKeySpec('2026-01'));
  const newKeys = parseCodecKeys(generateCodecKeySpec('2026-11'));

  it('encrypts so that neither data nor metadata shows the value, and decrypts it back', async () => {
    const codec = new AesGcmPayloadCodec(oldKeys);
    const original = payloadOf({ name: canary });
    const [encrypted] = await codec.encode([original]);
    expect(text(encrypted.data)).not.toContain(canary);
    expect(text(encrypted.metadata?.['encoding'])).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted.metadata?.['encryption-key-id'])).toBe('2026-01');
    const [decoded] = await codec.decode([encrypted]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ name: canary });
  });

  it('uses a fresh IV: the same value never encrypts to the same bytes', async () => {
    const codec = new AesGcmPayloadCodec(oldKeys);
    const [a, b] = await codec.encode([payloadOf(canary), payloadOf(canary)]);
    expect(Buffer.from(a.data ?? []).equals(Buffer.from(b.data ?? []))).toBe(false);
  });

  it('keeps reading history written with an older key after rotation', async () => {
    const [oldPayload] = await new AesGcmPayloadCodec(oldKeys).encode([payloadOf(canary)]);
    const rotated = new AesGcmPayloadCodec([...newKeys, ...oldKeys]);
    const [decoded] = await rotated.decode([oldPayload]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toBe(canary);
    const [fresh] = await rotated.encode([payloadOf(canary)]);
    expect(text(fresh.metadata?.['encryption-key-id'])).toBe('2026-11');
  });

  it('refuses a payload whose key is not configured, and a tampered payload', async () => {
    const [encrypted] = await new AesGcmPayloadCodec(oldKeys).encode([payloadOf(canary)]);
    await expect(new AesGcmPayloadCodec(newKeys).decode([encrypted])).rejects.toThrow(/No decryption key "2026-01"/);
    // One bit flipped (filling a byte with 0 left it unchanged whenever it was 0 already: 1 run in 256).
    const data = Buffer.from(encrypted.data ?? []);
    data[20] = (data[20] as number) ^ 0x01;
    const tampered = { ...encrypted, data };
    await expect(new AesGcmPayloadCodec(oldKeys).decode([tampered])).rejects.toThrow();
  });

  it('passes unencrypted payloads through on decode', async () => {
    const plain = payloadOf('already clear');
    const [decoded] = await new AesGcmPayloadCodec(oldKeys).decode([plain]);
    expect(decoded).toBe(plain);
  });

  it('serves the remote codec protocol used by the Temporal Web UI', async () => {
    const codec = new AesGcmPayloadCodec(oldKeys);
    const [encrypted] = await codec.encode([payloadOf(canary)]);
    const body = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(encrypted.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(encrypted.data ?? []).toString('base64'),
        },
      ],
    };
    const decoded = await runCodecHttp(codec, 'decode', body);
    expect(Buffer.from(decoded.payloads[0].data ?? '', 'base64').toString()).toBe(JSON.stringify(canary));
    await expect(runCodecHttp(codec, 'decode', { nope: true })).rejects.toThrow(/payloads/);
  });
});

describe('parseCodecKeys', () => {
  it('rejects keys that are not 32 bytes and duplicate ids', () => {
    expect(() => parseCodecKeys('k1:' + Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
    const spec = generateCodecKeySpec('k1');
    expect(() => parseCodecKeys(`${spec},${spec}`)).toThrow(/unique/);
  });
});
