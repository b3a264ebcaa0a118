import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { tokenEndpoint } from '../request/tokenUrl.js';

describe('tokenEndpoint', () => {
  it('accepts https:// and returns the normalised href', () => {
    expect(tokenEndpoint('https://Auth.Example.com/oauth/token', false)).toBe('https://auth.example.com/oauth/token');
    expect(tokenEndpoint(new URL('https://auth.example.com'), false)).toBe('https://auth.example.com/');
  });

  it.each(['http://localhost:8080/token', 'http://127.0.0.1/token', 'http://127.10.0.1/token', 'http://[::1]:3000/token'])(
    'accepts http:// on loopback: %s',
    (url) => {
      expect(tokenEndpoint(url, false)).toBe(url);
    },
  );

  it.each(['http://auth.example.com/token', 'http://localhost.evil.example/token', 'http://127.0.0.1.nip.io/token', 'http://10.0.0.1/token'])(
    'refuses http:// elsewhere unless allowInsecure: %s',
    (url) => {
      expect(() => tokenEndpoint(url, false)).toThrow(/clear text/);
      expect(tokenEndpoint(url, true)).toBe(url);
    },
  );

  it('keeps a same-origin path as it is', () => {
    expect(tokenEndpoint('/api/token', false)).toBe('/api/token');
  });

  it.each([
    ['a protocol-relative URL', '//evil.example/token', /not a URL/],
    ['a host without a scheme', 'auth.example.com/token', /not a URL/],
    ['ftp:', 'ftp://auth.example.com/token', /protocol ftp: is not supported/],
    ['javascript:', 'javascript:alert(1)', /protocol javascript: is not supported/],
    ['a fragment', 'https://auth.example.com/token#x', /fragment/],
    ['an empty string', '', /non-empty string/],
    ['a number', 42, /non-empty string/],
  ])('refuses %s', (_, value, message) => {
    expect(() => tokenEndpoint(value, true)).toThrow(ConfigError);
    expect(() => tokenEndpoint(value, true)).toThrow(message);
  });

  it('refuses credentials in the URL without echoing them', () => {
    let error: unknown;
    try {
      tokenEndpoint('https://id:hunter2@auth.example.com/token', false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/must not contain credentials/);
    expect((error as ConfigError).message).not.toContain('hunter2');
  });

  it('names the option it is given', () => {
    expect(() => tokenEndpoint('ftp://x', false, 'revocationUrl')).toThrow(/^revocationUrl: /);
  });
});
