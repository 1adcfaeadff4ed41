import { randomBytes } from 'node:crypto';
import {
  newDataKey,
  openContent,
  parseMasterKeys,
  sealContent,
  unwrapDataKey,
  UnknownMasterKeyError,
  wrapDataKey,
  type SealedContent,
} from './envelope';

const keySpec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const CASE_A = 'case-0b7e2a3c-1d4f-4a5b-9c6d-7e8f9a0b1c2d';
const CASE_B = 'case-1c8f3b4d-2e5a-4b6c-8d7e-8f9a0b1c2d3e';
const content = { name: 'Canary Person', details: { situation: 'detained since March', location: 'Prison X' } };

const flip = (buffer: Buffer, at = 0) => {
  const copy = Buffer.from(buffer);
  copy[at] ^= 1;
  return copy;
};

describe('envelope encryption of individual cases', () => {
  const ring = parseMasterKeys(`${keySpec('m2')},${keySpec('m1')}`);

  it('opens what it sealed, through a data key wrapped under the first master key', () => {
    const dataKey = newDataKey();
    const sealed = sealContent(dataKey, CASE_A, content);
    const wrapped = wrapDataKey(ring, CASE_A, dataKey);

    expect(wrapped.masterKeyId).toBe('m2');
    expect(sealed.ciphertext.toString('utf8')).not.toContain('Canary');
    expect(openContent(unwrapDataKey(ring, CASE_A, wrapped), CASE_A, sealed)).toEqual(content);
  });

  it('refuses a tampered ciphertext, tag or iv', () => {
    const dataKey = newDataKey();
    const sealed = sealContent(dataKey, CASE_A, content);
    for (const tampered of [
      { ...sealed, ciphertext: flip(sealed.ciphertext) },
      { ...sealed, authTag: flip(sealed.authTag) },
      { ...sealed, iv: flip(sealed.iv) },
    ]) {
      expect(() => openContent(dataKey, CASE_A, tampered)).toThrow();
    }
  });

  it("refuses to open one case's ciphertext as another's, or with another case's key", () => {
    const keyA = newDataKey();
    const keyB = newDataKey();
    const sealedA = sealContent(keyA, CASE_A, content);

    expect(() => openContent(keyA, CASE_B, sealedA)).toThrow();
    expect(() => openContent(keyB, CASE_A, sealedA)).toThrow();
  });

  it("refuses a wrapped key moved to another case or relabelled with another master key's id", () => {
    const wrapped = wrapDataKey(ring, CASE_A, newDataKey());

    expect(() => unwrapDataKey(ring, CASE_B, wrapped)).toThrow();
    expect(() => unwrapDataKey(ring, CASE_A, { ...wrapped, masterKeyId: 'm1' })).toThrow();
    expect(() => unwrapDataKey(ring, CASE_A, { ...wrapped, wrapped: flip(wrapped.wrapped) })).toThrow();
  });

  it('keeps unwrapping under an old master key after rotation, and wraps new keys under the new one', () => {
    const old = keySpec('2026-01');
    const before = parseMasterKeys(old);
    const dataKey = newDataKey();
    const wrappedBefore = wrapDataKey(before, CASE_A, dataKey);

    const after = parseMasterKeys(`${keySpec('2026-11')},${old}`);
    expect(unwrapDataKey(after, CASE_A, wrappedBefore)).toEqual(dataKey);
    expect(wrapDataKey(after, CASE_B, newDataKey()).masterKeyId).toBe('2026-11');
  });

  it('cannot unwrap under a master key that is no longer configured', () => {
    const wrapped = wrapDataKey(parseMasterKeys(keySpec('retired')), CASE_A, newDataKey());
    expect(() => unwrapDataKey(ring, CASE_A, wrapped)).toThrow(UnknownMasterKeyError);
  });

  it("leaves an erased case's ciphertext unopenable with every key that remains", () => {
    // A store of three cases; case A's wrapped key is deleted (erasure), its ciphertext kept (a backup).
    const cases = [CASE_A, CASE_B, 'case-2d9a4c5e-3f6b-4c7d-9e8f-9a0b1c2d3e4f'].map((caseRef) => {
      const dataKey = newDataKey();
      return { caseRef, sealed: sealContent(dataKey, caseRef, content), wrapped: wrapDataKey(ring, caseRef, dataKey) };
    });
    const backup: SealedContent = cases[0].sealed;
    const remaining = cases.slice(1);

    const remainingDataKeys = remaining.map((c) => unwrapDataKey(ring, c.caseRef, c.wrapped));
    const masterKeys = [...ring.byId.values()];
    for (const key of [...remainingDataKeys, ...masterKeys]) {
      expect(() => openContent(key, CASE_A, backup)).toThrow();
    }
  });

  it('rejects malformed, short, duplicate or missing master keys', () => {
    expect(() => parseMasterKeys(undefined)).toThrow(/required/);
    expect(() => parseMasterKeys('nokey')).toThrow(/keyId:base64Key/);
    expect(() => parseMasterKeys(`k1:${Buffer.alloc(16).toString('base64')}`)).toThrow(/32 bytes/);
    const spec = keySpec('k1');
    expect(() => parseMasterKeys(`${spec},${spec}`)).toThrow(/unique/);
  });
});
