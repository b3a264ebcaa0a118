import { describe, expect, it } from 'vitest';
import { jwtLifetime } from '../response/jwt.js';

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const jwt = (claims: unknown) => `${b64url({ alg: 'none' })}.${b64url(claims)}.sig`;

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const nowSec = now / 1000;

describe('jwtLifetime', () => {
  it('is exp − iat when both are there, whatever the clock says', () => {
    expect(jwtLifetime(jwt({ iat: 1_000, exp: 1_900 }))).toBe(900_000);
    expect(jwtLifetime(jwt({ iat: 1_000, exp: 1_900 }), now)).toBe(900_000);
  });

  it('is exp − now without iat', () => {
    expect(jwtLifetime(jwt({ exp: nowSec + 300 }), now)).toBe(300_000);
    expect(jwtLifetime(jwt({ exp: nowSec + 300 }))).toBeUndefined();
  });

  it('is exp − now when iat is not before exp, and never negative', () => {
    expect(jwtLifetime(jwt({ iat: nowSec + 600, exp: nowSec + 60 }), now)).toBe(60_000);
    expect(jwtLifetime(jwt({ exp: nowSec - 60 }), now)).toBe(0);
  });

  it('reads base64url payloads (with - and _) without padding', () => {
    // A claim chosen so that its base64url has both '-' and '_', and no padding would be needed.
    const claims = { exp: 2_000, iat: 1_000, n: '>>>???~~~' };
    const payload = b64url(claims);
    expect(payload).toMatch(/[-_]/);
    expect(payload).not.toContain('=');
    expect(jwtLifetime(`h.${payload}.s`)).toBe(1_000_000);
  });

  it('reads a payload with non-ASCII claims', () => {
    expect(jwtLifetime(jwt({ name: 'José 🔑', iat: 10, exp: 70 }))).toBe(60_000);
  });

  it.each([
    ['an opaque token', 'opaque-token'],
    ['an empty string', ''],
    ['a payload that is not base64', 'a.!!!.c'],
    ['a payload that is not JSON', `a.${b64url('not json')}.c`],
    ['a payload that is not an object', `a.${b64url('42')}.c`],
    ['a null payload', `a.${b64url('null')}.c`],
    ['no exp', jwt({ iat: 1, sub: 'x' })],
    ['a string exp', jwt({ exp: '2000' })],
  ])('is undefined for %s', (_, token) => {
    expect(jwtLifetime(token, now)).toBeUndefined();
  });
});
