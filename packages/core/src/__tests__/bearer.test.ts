import { describe, expect, it } from 'vitest';
import { authorization, staticToken } from '../source/bearer.js';
import { ConfigError } from '../errors/ConfigError.js';
import type { Token } from '../response/token.js';

describe('authorization', () => {
  it('gives Bearer <token> for a token or a string', () => {
    const token: Token = { accessToken: 'eyJ.x.y', tokenType: 'Bearer', issuedAt: 0, expiresAt: 1, refreshIn: undefined, scope: undefined, raw: {} };
    expect(authorization(token)).toBe('Bearer eyJ.x.y');
    expect(authorization('abc')).toBe('Bearer abc');
  });

  it('never doubles the scheme', () => {
    expect(authorization('Bearer abc')).toBe('Bearer abc');
    expect(authorization('bearer  abc')).toBe('Bearer abc');
  });

  it('keeps a token that only starts with the letters of the scheme', () => {
    expect(authorization('Bearerabc')).toBe('Bearer Bearerabc');
  });
});

describe('staticToken', () => {
  it.each(['abc', 'Bearer abc', 'bearer abc', 'BEARER\tabc', '  Bearer abc\n'])('%j gives Bearer abc', (value) => {
    const token = staticToken(value);
    expect(token.accessToken).toBe('abc');
    expect(authorization(token)).toBe('Bearer abc');
  });

  it('never expires and is frozen', () => {
    expect(staticToken('abc')).toStrictEqual({
      accessToken: 'abc',
      tokenType: 'Bearer',
      issuedAt: 0,
      expiresAt: undefined,
      refreshIn: undefined,
      scope: undefined,
      raw: {},
    });
    expect(Object.isFrozen(staticToken('abc'))).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['blanks', '   '],
    ['the scheme alone', 'Bearer'],
    ['the scheme and a space', 'Bearer '],
    ['not a string', undefined as unknown as string],
  ])('refuses %s', (_, value) => {
    expect(() => staticToken(value)).toThrow(ConfigError);
    expect(() => staticToken(value)).toThrow(/^token: expected a non-empty token string/);
  });

  it.each(['ab c', 'abc\ndef', 'a\x00b', 'ab€c'])('refuses whitespace, control characters and what no header carries: %j', (value) => {
    expect(() => staticToken(value)).toThrow(/whitespace, a control character or a character above U\+00FF/);
  });
});
