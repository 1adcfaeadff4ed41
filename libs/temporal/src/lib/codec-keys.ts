import { randomBytes } from 'node:crypto';

export interface CodecKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Parses "keyId:base64Key[,keyId:base64Key...]"; the first key is the one that encrypts. */
export function parseCodecKeys(spec: string): CodecKey[] {
  const keys = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(':');
      if (separator <= 0) throw new Error('TEMPORAL_CODEC_KEYS: each entry must be "keyId:base64Key"');
      const id = entry.slice(0, separator);
      const key = Buffer.from(entry.slice(separator + 1), 'base64');
      if (key.length !== 32) {
        throw new Error(`TEMPORAL_CODEC_KEYS: key "${id}" must be 32 bytes (AES-256), got ${key.length}`);
      }
      return { id, key };
    });
  if (keys.length === 0) throw new Error('TEMPORAL_CODEC_KEYS: at least one key is required');
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new Error('TEMPORAL_CODEC_KEYS: key ids must be unique');
  return keys;
}

/** A fresh key in the configuration format, for development set-ups and rotation. */
export function generateCodecKeySpec(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}
