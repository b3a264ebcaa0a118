import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import {
  describe as describeValue,
  requireCredentialText,
  requireHeaderName,
  requireHeaderValue,
  requireNumber,
  requireOneOf,
  requireString,
  resourceUris,
  scopeTokens,
  stringRecord,
} from '../request/validate.js';

describe('requireString', () => {
  it('returns a non-empty string and refuses the rest by type', () => {
    expect(requireString('x', 'a')).toBe('a');
    expect(() => requireString('x', '')).toThrow('x: expected a non-empty string, got an empty string');
    expect(() => requireString('x', undefined)).toThrow('got undefined');
    expect(() => requireString('x', null)).toThrow('got null');
    expect(() => requireString('x', ['a'])).toThrow('got an array');
  });
});

describe('requireCredentialText', () => {
  it('accepts printable ASCII and any other Unicode text', () => {
    const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    for (const value of [ascii, 'pässword', 'ключ', '密钥', 'key🔑', '\u00a0nbsp']) expect(requireCredentialText('clientSecret', value)).toBe(value);
  });

  it.each([
    ['a line feed', 'abc\n', 3, /line break/],
    ['a carriage return', 'ab\r\n', 2, /line break/],
    ['a tab', 'a\tb', 1, /control character/],
    ['NUL', 'a\0b', 1, /control character/],
    ['DEL', 'ab\x7f', 2, /control character/],
    ['a C1 control', 'ab\x85', 2, /control character/],
    ['an unpaired high surrogate', 'ab\ud83d', 2, /unpaired surrogate/],
    ['an unpaired low surrogate', '\udd11ab', 0, /unpaired surrogate/],
  ])('refuses %s, giving its position and never the value', (_, value, at, why) => {
    const attempt = () => requireCredentialText('clientSecret', value);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(why);
    expect(attempt).toThrow(`at position ${at}`);
  });
});

describe('requireHeaderName', () => {
  it('accepts RFC 9110 tokens and names what it refuses', () => {
    expect(requireHeaderName('header', 'X-Api-Key')).toBe('X-Api-Key');
    expect(() => requireHeaderName('header', 'x api')).toThrow(/^header: "x api" is not an HTTP header name/);
    expect(() => requireHeaderName('header', 'x\r\ny')).toThrow(ConfigError);
    expect(() => requireHeaderName('header', '')).toThrow(/an empty string is not/);
    expect(() => requireHeaderName('scheme', 'Bearer x', 'an auth scheme')).toThrow(/^scheme: "Bearer x" is not an auth scheme/);
  });
});

describe('requireHeaderValue', () => {
  it('accepts printable Latin-1 with inner spaces and tabs, and refuses leading whitespace', () => {
    expect(() => requireHeaderValue('headers.x', ' key')).toThrow(/at position 0/);
    for (const value of ['abc', 'a b\tc', 'caf\u00e9']) expect(requireHeaderValue('headers.x', value)).toBe(value);
  });

  it.each([
    ['a CR', 'key\rX-Injected: 1', /CR, LF or NUL/],
    ['an LF', 'key\nX-Injected: 1', /CR, LF or NUL/],
    ['a NUL', 'key\0', /CR, LF or NUL/],
    ['another control character', 'key\x07', /a control character, a character above U\+00FF or surrounding whitespace at position 10/],
    ['a character above U+00FF', 'key€', /above U\+00FF or surrounding whitespace at position 10/],
    ['inner whitespace next to a line break', 'key \r\n', /CR, LF or NUL/],
    ['trailing whitespace', 'key\t', /surrounding whitespace at position 10/],
  ])('refuses %s without printing the value', (_, value, why) => {
    let message = '';
    try {
      requireHeaderValue('headers.x-api-key', `s3cr3t-${value}`);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(why);
    expect(message).not.toContain('s3cr3t');
  });
});

describe('requireNumber and requireOneOf', () => {
  it('show what was given', () => {
    expect(requireNumber('timeoutMs', 5, 'a positive number', Number.MIN_VALUE)).toBe(5);
    expect(() => requireNumber('timeoutMs', Number.NaN, 'a positive number', Number.MIN_VALUE)).toThrow('timeoutMs: expected a positive number, got NaN');
    expect(() => requireNumber('timeoutMs', 0, 'a positive number', Number.MIN_VALUE)).toThrow('got 0');
    expect(() => requireNumber('retries', Number.POSITIVE_INFINITY, 'a whole number', 0, Number.MAX_SAFE_INTEGER, true)).toThrow('got Infinity');
    expect(() => requireNumber('retries', 1.5, 'a whole number', 0, Number.MAX_SAFE_INTEGER, true)).toThrow('got 1.5');
    expect(() => requireNumber('retries', '2', 'a whole number', 0)).toThrow('got "2"');
    expect(requireOneOf('retryOn401', 'never', ['any', 'never'])).toBe('never');
    expect(() => requireOneOf('retryOn401', 'always', ['any', 'never'])).toThrow(`retryOn401: expected one of 'any', 'never', got "always"`);
  });
});

describe('scopeTokens', () => {
  it('splits a string on spaces and keeps a list', () => {
    expect(scopeTokens(undefined)).toStrictEqual([]);
    expect(scopeTokens('a b  c')).toStrictEqual(['a', 'b', 'c']);
    expect(scopeTokens(['a', 'b:c/d'])).toStrictEqual(['a', 'b:c/d']);
  });

  it('refuses characters outside RFC 6749 §3.3 NQCHAR', () => {
    expect(() => scopeTokens('a\\b')).toThrow(/scope\[0\]/);
    expect(() => scopeTokens(['a', 'b"'])).toThrow(/scope\[1\]/);
    expect(() => scopeTokens('ä')).toThrow(ConfigError);
  });
});

describe('resourceUris', () => {
  it('keeps absolute URIs without a fragment', () => {
    expect(resourceUris(undefined)).toStrictEqual([]);
    expect(resourceUris('urn:x:y')).toStrictEqual(['urn:x:y']);
  });

  it('refuses relative URIs and fragments', () => {
    expect(() => resourceUris('/api')).toThrow(/^resource: /);
    expect(() => resourceUris(['https://a/#f'])).toThrow(/^resource\[0\]: /);
  });
});

describe('stringRecord', () => {
  it('copies an object of strings', () => {
    const input = { a: '1' };
    const out = stringRecord('params', input);
    expect(out).toStrictEqual({ a: '1' });
    expect(out).not.toBe(input);
    expect(stringRecord('params', undefined)).toStrictEqual({});
  });

  it('refuses non-objects and non-string values without printing them', () => {
    expect(() => stringRecord('headers', ['a'])).toThrow('headers: expected an object of strings, got an array');
    expect(() => stringRecord('headers', { a: 1 })).toThrow('headers.a: expected a string, got number');
  });
});

describe('describe', () => {
  it('names a type, never the value', () => {
    expect(describeValue('hunter2')).toBe('a string');
    expect(describeValue('')).toBe('an empty string');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([])).toBe('an array');
    expect(describeValue(1)).toBe('number');
    expect(describeValue({})).toBe('object');
  });
});
