import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { type ClientCredentialsOptions, clientCredentials } from '../grant.js';
import { Secret } from '../secret.js';

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

  it('checks a Secret instance against VSCHAR too', () => {
    expect(optionAtFault({ ...base, clientSecret: new Secret('pässword') })).toBe('clientSecret');
  });
});
