import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKey } from './codec-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const ENCRYPTION_KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (s: string) => new TextEncoder().encode(s);
const fromUtf8 = (b: Uint8Array) => new TextDecoder().decode(b);

/**
 * Encrypts every Temporal payload (inputs, results, signals, updates, memo, state)
 * with AES-256-GCM, so Temporal's history never holds Suivi data in clear.
 * The whole original payload (metadata included) is encrypted; only the key id
 * stays readable, so a rotated-out key can still decrypt old history.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly encryptionKey: CodecKey;
  private readonly keysById: Map<string, Buffer>;

  constructor(keys: readonly CodecKey[]) {
    if (keys.length === 0) throw new Error('AesGcmPayloadCodec needs at least one key');
    this.encryptionKey = keys[0];
    this.keysById = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encryptOne(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decryptOne(payload));
  }

  private encryptOne(payload: Payload): Payload {
    const { id, key } = this.encryptionKey;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key id is authenticated too: a payload cannot be relabelled to another key.
    cipher.setAAD(utf8(id));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [ENCRYPTION_KEY_ID_METADATA]: utf8(id) },
      data,
    };
  }

  private decryptOne(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || fromUtf8(encoding) !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.[ENCRYPTION_KEY_ID_METADATA];
    if (!keyIdBytes) throw new Error('Encrypted payload without a key id');
    const keyId = fromUtf8(keyIdBytes);
    const key = this.keysById.get(keyId);
    if (!key) throw new Error(`No decryption key "${keyId}" is configured (TEMPORAL_CODEC_KEYS)`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new Error('Encrypted payload is truncated');
    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(utf8(keyId));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
