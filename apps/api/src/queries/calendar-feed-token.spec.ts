import type { Principal } from '../auth/principal';
import { FEED_TOKEN_MAX_AGE_DAYS, FeedTokenError, issueFeedToken, verifyFeedToken } from './calendar-feed-token';

const secret = Buffer.alloc(32, 7);
const otherSecret = Buffer.alloc(32, 8);
const delegation: Principal = { userId: 'deleg-kh', role: 'delegation', countries: ['KH'] };
const issuedAt = new Date('2026-03-01T08:00:00Z');
const later = (days: number) => new Date(issuedAt.getTime() + days * 86_400_000);

describe('calendar feed tokens', () => {
  const token = issueFeedToken(delegation, 'fr', secret, issuedAt);

  it('carry the user, role, countries and language back when valid', () => {
    expect(verifyFeedToken(token, secret, later(1))).toEqual({ principal: delegation, language: 'fr' });
  });

  it('are URL-safe', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuse a token signed with another secret', () => {
    expect(() => verifyFeedToken(token, otherSecret, later(1))).toThrow(FeedTokenError);
  });

  it('refuse a tampered payload (e.g. a widened role or country list)', () => {
    const [payload, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, role: 'reviewer', cty: ['KH', 'UA'] })).toString(
      'base64url',
    );
    expect(() => verifyFeedToken(`${widened}.${mac}`, secret, later(1))).toThrow(/wrong signature/);
    expect(() => verifyFeedToken(`${payload}.${mac.slice(0, -2)}`, secret, later(1))).toThrow(FeedTokenError);
  });

  it('refuse a missing or malformed token', () => {
    expect(() => verifyFeedToken(undefined, secret)).toThrow(/no token/);
    expect(() => verifyFeedToken('abc', secret)).toThrow(/malformed/);
    expect(() => verifyFeedToken('a.b.c', secret)).toThrow(/malformed/);
  });

  it(`expire ${FEED_TOKEN_MAX_AGE_DAYS} days after issue`, () => {
    expect(() => verifyFeedToken(token, secret, later(FEED_TOKEN_MAX_AGE_DAYS - 1))).not.toThrow();
    expect(() => verifyFeedToken(token, secret, later(FEED_TOKEN_MAX_AGE_DAYS + 1))).toThrow(/expired/);
  });
});
