import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { describe as describeValue, requireString, requireVschar, resourceUris, scopeTokens, stringRecord } from '../validate.js';

describe('requireString', () => {
  it('returns a non-empty string and refuses the rest by type', () => {
    expect(requireString('x', 'a')).toBe('a');
    expect(() => requireString('x', '')).toThrow('x: expected a non-empty string, got an empty string');
    expect(() => requireString('x', undefined)).toThrow('got undefined');
    expect(() => requireString('x', null)).toThrow('got null');
    expect(() => requireString('x', ['a'])).toThrow('got an array');
  });
});

describe('requireVschar', () => {
  it('accepts every character from U+0020 to U+007E', () => {
    const all = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    expect(requireVschar('clientSecret', all)).toBe(all);
  });

  it.each([
    ['a line feed', 'abc\n', 3, /line break/],
    ['a carriage return', 'ab\r\n', 2, /line break/],
    ['a tab', 'a\tb', 1, /outside printable ASCII/],
    ['DEL', 'ab\x7f', 2, /outside printable ASCII/],
    ['a non-ASCII letter', 'pässword', 1, /outside printable ASCII/],
    ['an emoji', 'key🔑', 3, /outside printable ASCII/],
  ])('refuses %s, giving its position', (_, value, at, why) => {
    expect(() => requireVschar('clientSecret', value)).toThrow(ConfigError);
    expect(() => requireVschar('clientSecret', value)).toThrow(why);
    expect(() => requireVschar('clientSecret', value)).toThrow(`at position ${at};`);
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
