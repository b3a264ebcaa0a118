import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { auto } from '../client-auth/autoPlacement.js';
import { discover } from '../discovery/discover.js';
import { type ClientCredentialsOptions, clientCredentials } from '../request/grant.js';
import { buildTokenRequest } from '../request/request.js';
import { Secret } from '../request/secret.js';

const base = { tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'my-client', clientSecret: 's3cr3t' } as const;

/** The ConfigError `fn` throws; fails the test when it throws anything else or nothing. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

const optionAtFault = (options: unknown) => configError(() => clientCredentials(options as ClientCredentialsOptions)).option;

describe('clientCredentials', () => {
  it('fills in the defaults', () => {
    const grant = clientCredentials(base);
    expect(grant).toMatchObject({
      tokenUrl: 'https://auth.example.com/oauth/token',
      clientId: 'my-client',
      placement: 'basic',
      grantType: 'client_credentials',
      scope: [],
      audience: undefined,
      resource: [],
      params: {},
      headers: {},
    });
    expect(grant.clientSecret).toBeInstanceOf(Secret);
    expect(grant.clientSecret?.reveal()).toBe('s3cr3t');
  });

  it('returns a frozen grant', () => {
    const grant = clientCredentials({ ...base, scope: 'a', params: { x: '1' } });
    expect(Object.isFrozen(grant)).toBe(true);
    expect(Object.isFrozen(grant.scope)).toBe(true);
    expect(Object.isFrozen(grant.params)).toBe(true);
    expect(Object.isFrozen(grant.headers)).toBe(true);
    expect(Object.isFrozen(grant.resource)).toBe(true);
  });

  it('keeps a Secret it is given', () => {
    const secret = new Secret('s3cr3t');
    expect(clientCredentials({ ...base, clientSecret: secret }).clientSecret).toBe(secret);
  });

  it('accepts a URL object and normalises the URL', () => {
    expect(clientCredentials({ ...base, tokenUrl: new URL('https://Auth.Example.com/t?x=1') }).tokenUrl).toBe('https://auth.example.com/t?x=1');
  });

  it('takes scope as a space-delimited string or a list', () => {
    expect(clientCredentials({ ...base, scope: ' read  write ' }).scope).toStrictEqual(['read', 'write']);
    expect(clientCredentials({ ...base, scope: ['read', 'write:all'] }).scope).toStrictEqual(['read', 'write:all']);
    expect(clientCredentials({ ...base, scope: '' }).scope).toStrictEqual([]);
  });

  it('takes resource as one URI or a list', () => {
    expect(clientCredentials({ ...base, resource: 'https://api.example.com/' }).resource).toStrictEqual(['https://api.example.com/']);
    expect(clientCredentials({ ...base, resource: ['urn:example:a', 'https://b.example/'] }).resource).toStrictEqual(['urn:example:a', 'https://b.example/']);
  });

  it('overrides grantType, and keeps audience, params and headers', () => {
    const grant = clientCredentials({ ...base, grantType: 'client-credentials', audience: 'https://api', params: { tenant: 't' }, headers: { 'X-A': '1' } });
    expect(grant).toMatchObject({ grantType: 'client-credentials', audience: 'https://api', params: { tenant: 't' }, headers: { 'X-A': '1' } });
  });

  it.each(['basic', 'basic-raw', 'basic-with-client-id', 'form', 'json'] as const)('accepts placement %s', (placement) => {
    expect(clientCredentials({ ...base, placement }).placement).toBe(placement);
  });

  it("placement 'none' needs no secret and no id", () => {
    const grant = clientCredentials({ tokenUrl: '/api/token', placement: 'none' });
    expect(grant.clientId).toBeUndefined();
    expect(grant.clientSecret).toBeUndefined();
    expect(clientCredentials({ tokenUrl: '/api/token', clientId: 'spa', placement: 'none' }).clientId).toBe('spa');
  });
});

describe('clientCredentials refuses bad options, naming the option', () => {
  it.each([
    ['options that are not an object', null, 'options'],
    ['a missing tokenUrl', { ...base, tokenUrl: undefined }, 'tokenUrl'],
    ['a non-http(s) tokenUrl', { ...base, tokenUrl: 'ftp://auth.example.com/token' }, 'tokenUrl'],
    ['http:// to a non-loopback host', { ...base, tokenUrl: 'http://auth.example.com/token' }, 'tokenUrl'],
    ['a missing clientId', { ...base, clientId: undefined }, 'clientId'],
    ['an empty clientId', { ...base, clientId: '' }, 'clientId'],
    ['a clientId outside VSCHAR', { ...base, clientId: 'id\t1' }, 'clientId'],
    ['a missing clientSecret', { ...base, clientSecret: undefined }, 'clientSecret'],
    ['an empty clientSecret', { ...base, clientSecret: '' }, 'clientSecret'],
    ['a clientSecret that is not a string', { ...base, clientSecret: 42 }, 'clientSecret'],
    ['an unknown placement', { ...base, placement: 'header' }, 'placement'],
    ['a secret with placement none', { ...base, placement: 'none' }, 'clientSecret'],
    ['a scope item containing a space', { ...base, scope: ['read', 'write all'] }, 'scope[1]'],
    ['a scope with a character outside NQCHAR', { ...base, scope: 'read "write"' }, 'scope[1]'],
    ['a scope that is neither string nor list', { ...base, scope: 5 }, 'scope'],
    ['an empty scope item', { ...base, scope: ['read', ''] }, 'scope[1]'],
    ['a relative resource', { ...base, resource: 'api' }, 'resource'],
    ['a resource with a fragment', { ...base, resource: ['https://a.example/', 'https://b.example/#x'] }, 'resource[1]'],
    ['an empty audience', { ...base, audience: '' }, 'audience'],
    ['an empty grantType', { ...base, grantType: '' }, 'grantType'],
    ['params that are not an object', { ...base, params: 'a=b' }, 'params'],
    ['a param that is not a string', { ...base, params: { n: 1 } }, 'params.n'],
    ['a param tok writes itself', { ...base, params: { client_secret: 'x' } }, 'params.client_secret'],
    ['a Content-Type header', { ...base, headers: { 'Content-Type': 'text/plain' } }, 'headers.Content-Type'],
    ['an Authorization header with a Basic placement', { ...base, headers: { authorization: 'Bearer x' } }, 'headers.authorization'],
  ])('%s', (_, options, option) => {
    expect(optionAtFault(options)).toBe(option);
  });

  it('allows http:// to a non-loopback host with allowInsecure', () => {
    expect(clientCredentials({ ...base, tokenUrl: 'http://auth.internal/token', allowInsecure: true }).tokenUrl).toBe('http://auth.internal/token');
  });

  it('says how to fix a secret read from a file with its line break', () => {
    const error = configError(() => clientCredentials({ ...base, clientSecret: 's3cr3t\n' }));
    expect(error.message).toMatch(/^clientSecret: contains a line break .* at position 6/);
  });

  it('checks a Secret instance too', () => {
    expect(optionAtFault({ ...base, clientSecret: new Secret('s3cr3t\n') })).toBe('clientSecret');
    expect(optionAtFault({ ...base, clientSecret: new Secret('pässword'), placement: 'basic-raw' })).toBe('clientSecret');
  });

  it.each([
    ['a header value with CR LF (header injection)', { headers: { 'x-api-key': 'k\r\nx-evil: 1' } }, 'headers.x-api-key', /CR, LF or NUL/],
    ['a header value with NUL', { headers: { 'x-api-key': 'k\0' } }, 'headers.x-api-key', /CR, LF or NUL/],
    ['a header value above U+00FF', { headers: { 'x-api-key': 'k€y' } }, 'headers.x-api-key', /above U\+00FF/],
    ['a header name with a space', { headers: { 'x api key': 'k' } }, 'headers.x api key', /is not an HTTP header name/],
    ['a header name with CR LF', { headers: { 'x\r\ny': 'k' } }, 'headers.x\r\ny', /is not an HTTP header name/],
    ['a defaultLifetimeMs of NaN', { defaultLifetimeMs: Number.NaN }, 'defaultLifetimeMs', /got NaN/],
    ['a defaultLifetimeMs of Infinity', { defaultLifetimeMs: Number.POSITIVE_INFINITY }, 'defaultLifetimeMs', /got Infinity/],
    ['a defaultLifetimeMs of 0', { defaultLifetimeMs: 0 }, 'defaultLifetimeMs', /positive finite number of milliseconds, got 0/],
  ])('%s', (_, options, option, message) => {
    const error = configError(() => clientCredentials({ ...base, ...(options as ClientCredentialsOptions) }));
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
  });

  it('never prints a header value it refuses', () => {
    const error = configError(() => clientCredentials({ ...base, placement: 'form', headers: { authorization: 'Bearer s3cr3t-key\n' } }));
    expect(error.message).not.toContain('s3cr3t');
  });
});

describe('token URLs whose text a URL parser reads as another host', () => {
  // Each of these reaches evil.test in a browser or with new URL(text, page), while it reads as a path or a typo.
  it.each([
    ['a backslash after the leading slash', '/\\evil.test/token'],
    ['a backslash in the scheme separator', 'https:/\\evil.test/token'],
    ['a tab between the slashes', '/\t/evil.test/token'],
    ['a line break between the slashes', '/\n/evil.test/token'],
    ['a carriage return', 'https://auth.example.com/to\rken'],
    ['a leading space before //', ' //evil.test/token'],
    ['a trailing space', 'https://auth.example.com/token '],
    ['https: without slashes', 'https:evil.test/token'],
    ['https: with one slash', 'https:/evil.test/token'],
    ['https: with three slashes', 'https:///evil.test/token'],
  ])('refuses %s', (_, tokenUrl) => {
    const error = configError(() => clientCredentials({ ...base, tokenUrl }));
    expect(error.option).toBe('tokenUrl');
    expect(error.message).toMatch(/backslash, tab, line break or surrounding space|not written as scheme:\/\/host/);
  });

  it('still takes same-origin paths and plain absolute URLs', () => {
    expect(clientCredentials({ ...base, tokenUrl: '/api/token' }).tokenUrl).toBe('/api/token');
    expect(clientCredentials({ ...base, tokenUrl: '/api/evil.test/token' }).tokenUrl).toBe('/api/evil.test/token');
    expect(clientCredentials({ ...base, tokenUrl: 'HTTPS://auth.example.com/token' }).tokenUrl).toBe('https://auth.example.com/token');
  });
});

describe('non-ASCII client ids and secrets', () => {
  const unicode = { ...base, clientId: 'client-ü', clientSecret: 'pässwörd-密钥' } as const;

  it.each(['basic', 'basic-with-client-id', 'form', 'json', 'auto'] as const)('are accepted with placement %s, which encodes them as UTF-8', (placement) => {
    const grant = clientCredentials({ ...unicode, placement: placement === 'auto' ? auto() : placement });
    expect(grant.clientId).toBe('client-ü');
    expect(grant.clientSecret?.reveal()).toBe('pässwörd-密钥');
  });

  it('basic form-encodes them as UTF-8 before Base64 (RFC 6749 §2.3.1); form sends them UTF-8 percent-encoded', () => {
    const basic = buildTokenRequest(clientCredentials(unicode));
    expect(atob(basic.headers.authorization?.replace('Basic ', '') ?? '')).toBe('client-%C3%BC:p%C3%A4ssw%C3%B6rd-%E5%AF%86%E9%92%A5');
    const form = new URLSearchParams(buildTokenRequest(clientCredentials({ ...unicode, placement: 'form' })).body);
    expect([form.get('client_id'), form.get('client_secret')]).toStrictEqual(['client-ü', 'pässwörd-密钥']);
    const json = JSON.parse(buildTokenRequest(clientCredentials({ ...unicode, placement: 'json' })).body) as Record<string, string>;
    expect([json.client_id, json.client_secret]).toStrictEqual(['client-ü', 'pässwörd-密钥']);
  });

  it.each([
    ['clientSecret', { clientSecret: 'pässwörd' }, 1],
    ['clientId', { clientId: 'client-ü' }, 7],
  ])('basic-raw refuses a non-ASCII %s, saying why and what to use instead, without printing it', (option, given, at) => {
    const error = configError(() => clientCredentials({ ...base, ...given, placement: 'basic-raw' }));
    expect(error.option).toBe(option);
    expect(error.message).toContain(`non-ASCII character at position ${at}`);
    expect(error.message).toMatch(/basic-raw" sends base64\(id:secret\) as typed.*placement "basic".*"form"/);
    expect(error.message).not.toMatch(/pässwörd|client-ü/);
  });
});

describe("a clientId with ':'", () => {
  it('is refused with basic-raw, which cannot carry it (RFC 7617), suggesting basic or form', () => {
    const error = configError(() => clientCredentials({ ...base, clientId: 'tenant:app', placement: 'basic-raw' }));
    expect(error.option).toBe('clientId');
    expect(error.message).toMatch(/contains ":", which placement "basic-raw" cannot carry \(RFC 7617.*use placement "basic" \(sends it as %3A\) or "form"/);
  });

  it('is sent as %3A with basic', () => {
    const { headers } = buildTokenRequest(clientCredentials({ ...base, clientId: 'tenant:app' }));
    expect(atob(headers.authorization?.replace('Basic ', '') ?? '')).toBe('tenant%3Aapp:s3cr3t');
  });
});

describe('an issuer given as a URL object', () => {
  const options = { clientId: 'app', clientSecret: 's' };

  it('keeps the text the user meant: no trailing slash added to a bare origin', () => {
    expect(clientCredentials({ ...options, issuer: discover(new URL('https://auth.example.com')) }).issuer).toBe('https://auth.example.com');
    expect(clientCredentials({ ...options, issuer: discover('https://auth.example.com/') }).issuer).toBe('https://auth.example.com/');
    expect(clientCredentials({ ...options, issuer: discover(new URL('https://auth.example.com/realms/a')) }).issuer).toBe('https://auth.example.com/realms/a');
  });
});

describe('the spellings that moved', () => {
  const options = { tokenUrl: 'https://auth.example.com/token', clientId: 'app', clientSecret: 's' };

  it('an issuer string or URL is refused with the discover(…) it now takes', () => {
    expect(() => clientCredentials({ clientId: 'app', clientSecret: 's', issuer: 'https://auth.example.com' as never })).toThrow(
      new ConfigError('issuer', `is now written issuer: discover("https://auth.example.com") (import { discover } from '@tok/core'), so that discovery is bundled only where it is used`),
    );
    expect(() => clientCredentials({ clientId: 'app', clientSecret: 's', issuer: new URL('https://auth.example.com/a') as never })).toThrow(/issuer: discover\("https:\/\/auth.example.com\/a"\)/);
    expect(() => clientCredentials({ clientId: 'app', clientSecret: 's', issuer: { issuer: 'https://a.example' } as never })).toThrow(/expected discover\('https:\/\/…'\), got object/);
  });

  it("placement 'auto' is refused with the auto() it now takes", () => {
    expect(() => clientCredentials({ ...options, placement: 'auto' as never })).toThrow(
      new ConfigError('placement', `"auto" is now written placement: auto() (import { auto } from '@tok/core'), so that negotiation is bundled only where it is used`),
    );
  });
});
