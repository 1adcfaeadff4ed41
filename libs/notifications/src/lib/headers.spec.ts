import {
  listUnsubscribeHeaders,
  messageIdFor,
  signUnsubscribeToken,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from './headers';

const key = 'k'.repeat(32);
const otherKey = 'o'.repeat(32);

describe('messageIdFor', () => {
  it('is the same for the same notification and recipient, whenever it is computed', () => {
    const id = messageIdFor('reminder|hrd-vn-2026:41', 'user-anna', 'suivi.example.eu');
    expect(id).toMatch(/^<[0-9a-f]{40}@suivi\.example\.eu>$/);
    expect(messageIdFor('reminder|hrd-vn-2026:41', 'user-anna', 'suivi.example.eu')).toBe(id);
  });

  it('differs for another recipient or another notification, however the parts are split', () => {
    const ids = new Set([
      messageIdFor('n-1', 'user-anna', 'suivi.example.eu'),
      messageIdFor('n-1', 'user-camille', 'suivi.example.eu'),
      messageIdFor('n-2', 'user-anna', 'suivi.example.eu'),
      messageIdFor('ab', 'c', 'suivi.example.eu'),
      messageIdFor('a', 'bc', 'suivi.example.eu'),
    ]);
    expect(ids.size).toBe(5);
  });

  it('refuses a domain that is not a host name', () => {
    expect(() => messageIdFor('n', 'u', 'suivi.example.eu>\r\nBcc: x@y')).toThrow(RangeError);
    expect(() => messageIdFor('n', 'u', '')).toThrow(RangeError);
  });
});

describe('unsubscribe tokens', () => {
  it('carry the person and the action, for each action', () => {
    for (const action of ['delivery-none', 'digest-off'] as const) {
      const token = signUnsubscribeToken({ userId: 'user-anna', action }, key);
      expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(verifyUnsubscribeToken(token, key)).toEqual({ userId: 'user-anna', action });
    }
  });

  it('refuse a token whose payload was changed to another person or action', () => {
    const token = signUnsubscribeToken({ userId: 'user-anna', action: 'digest-off' }, key);
    const [version, , signature] = token.split('.');
    for (const payload of [
      { u: 'user-camille', a: 'digest-off' },
      { u: 'user-anna', a: 'delivery-none' },
    ]) {
      const forged = `${version}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
      expect(verifyUnsubscribeToken(forged, key)).toBeUndefined();
    }
  });

  it('refuse a token whose signature was changed by one character', () => {
    const token = signUnsubscribeToken({ userId: 'user-anna', action: 'digest-off' }, key);
    for (let index = token.lastIndexOf('.') + 1; index < token.length; index++) {
      const replacement = token[index] === 'A' ? 'B' : 'A';
      const tampered = `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
      expect(verifyUnsubscribeToken(tampered, key)).toBeUndefined();
    }
  });

  it('refuse a token signed with another key, and accept the previous key during a rotation', () => {
    const token = signUnsubscribeToken({ userId: 'user-anna', action: 'digest-off' }, otherKey);
    expect(verifyUnsubscribeToken(token, key)).toBeUndefined();
    expect(verifyUnsubscribeToken(token, [key, otherKey])).toEqual({ userId: 'user-anna', action: 'digest-off' });
  });

  it('refuse malformed tokens', () => {
    for (const token of [
      '',
      'v1..',
      'v1.abc',
      'v2.e30.' + 'A'.repeat(43),
      'x'.repeat(5000),
      'v1.e30.' + 'A'.repeat(43),
    ])
      expect(verifyUnsubscribeToken(token, key)).toBeUndefined();
  });

  it('refuse a key shorter than 32 bytes', () => {
    expect(() => signUnsubscribeToken({ userId: 'user-anna', action: 'digest-off' }, 'short')).toThrow(RangeError);
  });
});

describe('unsubscribeUrl and listUnsubscribeHeaders', () => {
  it('add the token to an https URL, keeping its query', () => {
    expect(unsubscribeUrl('https://suivi.example.eu/v1/unsubscribe?list=digest', 'v1.abc.def')).toBe(
      'https://suivi.example.eu/v1/unsubscribe?list=digest&token=v1.abc.def',
    );
  });

  it('accept plain http on loopback only', () => {
    expect(unsubscribeUrl('http://127.0.0.1:3000/v1/unsubscribe', 't')).toBe(
      'http://127.0.0.1:3000/v1/unsubscribe?token=t',
    );
    expect(() => unsubscribeUrl('http://suivi.example.eu/v1/unsubscribe', 't')).toThrow(RangeError);
    expect(() => unsubscribeUrl('mailto:unsubscribe@suivi.example.eu', 't')).toThrow(RangeError);
    expect(() => unsubscribeUrl('/v1/unsubscribe', 't')).toThrow(RangeError);
  });

  it('offer one-click unsubscription (RFC 8058) and keep auto-replies away', () => {
    expect(listUnsubscribeHeaders('https://suivi.example.eu/v1/unsubscribe?token=t')).toEqual({
      'List-Unsubscribe': '<https://suivi.example.eu/v1/unsubscribe?token=t>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
    });
  });
});
