import { TEST_UNSUBSCRIBE_KEY, TEST_UNSUBSCRIBE_TOKENS } from '../testing/test-app';
import { verifyUnsubscribeToken } from '@suivi/notifications/unsubscribe';

const SIGNED = TEST_UNSUBSCRIBE_TOKENS;

const key = Buffer.from(TEST_UNSUBSCRIBE_KEY, 'base64');

describe('verifyUnsubscribeToken (the API side of the notifier links)', () => {
  it('reads the person and action of tokens the notifications library signed', () => {
    expect(verifyUnsubscribeToken(SIGNED.delegationNone, key)).toEqual({
      userId: 'demo.delegation-vn',
      action: 'delivery-none',
    });
    expect(verifyUnsubscribeToken(SIGNED.delegationDigestOff, key)).toEqual({
      userId: 'demo.delegation-vn',
      action: 'digest-off',
    });
  });

  it('refuses another key, a tampered payload or signature, and anything not shaped as a token', () => {
    expect(verifyUnsubscribeToken(SIGNED.otherKey, key)).toBeUndefined();
    const [version, payload, signature] = SIGNED.delegationNone.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ u: 'demo.reviewer', a: 'delivery-none' })).toString('base64url');
    expect(verifyUnsubscribeToken(`${version}.${otherPayload}.${signature}`, key)).toBeUndefined();
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    expect(verifyUnsubscribeToken(`${version}.${payload}.${flipped}`, key)).toBeUndefined();
    for (const token of ['', 'v1..', 'v2.' + SIGNED.delegationNone.slice(3), 'x'.repeat(2000)]) {
      expect(verifyUnsubscribeToken(token, key)).toBeUndefined();
    }
  });

  it('refuses to work with a key shorter than 32 bytes', () => {
    expect(() => verifyUnsubscribeToken(SIGNED.delegationNone, Buffer.alloc(16))).toThrow(RangeError);
  });
});
