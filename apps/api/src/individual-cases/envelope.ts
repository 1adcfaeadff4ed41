import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of individual cases (ADR 0012): each case's content is sealed with
 * AES-256-GCM under its own random data key; the data key is wrapped with AES-256-GCM under a
 * master key from configuration. The case reference is bound into both as associated data, so
 * neither a ciphertext nor a wrapped key can be moved to another case.
 */

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const KEY_BYTES = 32;

export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The configured master keys: the first wraps, every one unwraps (rotation). */
export interface MasterKeyRing {
  readonly primary: MasterKey;
  readonly byId: ReadonlyMap<string, Buffer>;
}

/** A data key wrapped under a master key; what the key store holds per case. */
export interface WrappedKey {
  masterKeyId: string;
  iv: Buffer;
  authTag: Buffer;
  wrapped: Buffer;
}

/** A case's content sealed under its data key; what the main database holds. */
export interface SealedContent {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
}

/** Parses CASE_MASTER_KEYS, "keyId:base64Key[,keyId:base64Key...]". */
export function parseMasterKeys(spec: string | undefined): MasterKeyRing {
  if (!spec) throw new Error("CASE_MASTER_KEYS: required (keys wrapping the individual cases' keys)");
  const keys = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry): MasterKey => {
      const separator = entry.indexOf(':');
      if (separator <= 0) throw new Error('CASE_MASTER_KEYS: each entry must be "keyId:base64Key"');
      const id = entry.slice(0, separator);
      const key = Buffer.from(entry.slice(separator + 1), 'base64');
      if (key.length !== KEY_BYTES) {
        throw new Error(`CASE_MASTER_KEYS: key "${id}" must be 32 bytes (AES-256), got ${key.length}`);
      }
      return { id, key };
    });
  if (keys.length === 0) throw new Error('CASE_MASTER_KEYS: at least one key is required');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  if (byId.size !== keys.length) throw new Error('CASE_MASTER_KEYS: key ids must be unique');
  return { primary: keys[0], byId };
}

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

const contentAad = (caseRef: string) => Buffer.from(`suivi/individual-case/content/v1/${caseRef}`, 'utf8');
// The master key id is bound too: a wrapped key relabelled with another id does not unwrap.
const keyAad = (caseRef: string, masterKeyId: string) =>
  Buffer.from(`suivi/individual-case/key/v1/${caseRef}/${masterKeyId}`, 'utf8');

function seal(key: Buffer, plaintext: Buffer, aad: Buffer) {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, authTag: cipher.getAuthTag() };
}

function open(key: Buffer, sealed: { iv: Buffer; ciphertext: Buffer; authTag: Buffer }, aad: Buffer): Buffer {
  const decipher = createDecipheriv(ALGORITHM, key, sealed.iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.authTag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}

export function wrapDataKey(ring: MasterKeyRing, caseRef: string, dataKey: Buffer): WrappedKey {
  const { id, key } = ring.primary;
  const { iv, ciphertext, authTag } = seal(key, dataKey, keyAad(caseRef, id));
  return { masterKeyId: id, iv, authTag, wrapped: ciphertext };
}

export class UnknownMasterKeyError extends Error {
  constructor(readonly masterKeyId: string) {
    super(`No master key "${masterKeyId}" is configured (CASE_MASTER_KEYS)`);
  }
}

/** Throws when the master key is not configured or the wrapped key was altered or moved. */
export function unwrapDataKey(ring: MasterKeyRing, caseRef: string, wrapped: WrappedKey): Buffer {
  const key = ring.byId.get(wrapped.masterKeyId);
  if (!key) throw new UnknownMasterKeyError(wrapped.masterKeyId);
  return open(
    key,
    { iv: wrapped.iv, ciphertext: wrapped.wrapped, authTag: wrapped.authTag },
    keyAad(caseRef, wrapped.masterKeyId),
  );
}

export function sealContent(dataKey: Buffer, caseRef: string, content: unknown): SealedContent {
  return seal(dataKey, Buffer.from(JSON.stringify(content), 'utf8'), contentAad(caseRef));
}

/** The decrypted JSON; throws when the data key, the ciphertext or the case reference do not match. */
export function openContent(dataKey: Buffer, caseRef: string, sealed: SealedContent): unknown {
  return JSON.parse(open(dataKey, sealed, contentAad(caseRef)).toString('utf8'));
}
