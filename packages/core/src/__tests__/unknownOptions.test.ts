// A misspelt option is refused at construction, naming the option it most likely meant: otherwise
// `scopes` would give a token without its scope and `timeout` leave the default in place, silently.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { clientCredentials } from '../request/grant.js';
import { createTokenSource } from '../source/tokenSource.js';
import { SECRET } from './helpers/fixtures.js';

const options = { tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'app', clientSecret: SECRET };
const transport = async () => ({ status: 500, headers: {}, body: '' });

function refusal(make: () => unknown): ConfigError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).not.toContain(SECRET);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('clientCredentials refuses an option it does not have', () => {
  it.each([
    ['scopes', 'scope'],
    ['tokenURL', 'tokenUrl'],
    ['client_id', 'clientId'],
    ['client_secret', 'clientSecret'],
    ['grant_type', 'grantType'],
    ['audiance', 'audience'],
    ['resources', 'resource'],
  ])('%s: did you mean %s?', (given, meant) => {
    const error = refusal(() => clientCredentials({ ...options, [given]: 'x' } as never));
    expect(error.option).toBe(given);
    expect(error.message).toBe(`${given}: is not an option of clientCredentials; did you mean ${meant}?`);
  });

  it('lists the options when nothing resembles the one given', () => {
    expect(refusal(() => clientCredentials({ ...options, region: 'eu' } as never)).message).toBe(
      'region: is not an option of clientCredentials; it takes tokenUrl, issuer, clientId, clientSecret, placement, scope, audience, resource, grantType, params, headers, allowInsecure, defaultLifetimeMs',
    );
  });

  it('refuses it even when its value is undefined, as an unset environment variable gives', () => {
    expect(refusal(() => clientCredentials({ ...options, scopes: undefined } as never)).option).toBe('scopes');
  });
});

describe('createTokenSource refuses an option it does not have', () => {
  const grant = clientCredentials(options);
  it.each([
    ['timeout', 'timeoutMs'],
    ['deadline', 'deadlineMs'],
    ['timeOutMS', 'timeoutMs'],
    ['Store', 'store'],
  ])('%s: did you mean %s?', (given, meant) => {
    const error = refusal(() => createTokenSource(grant, { transport, [given]: 1 } as never));
    expect(error.message).toBe(`${given}: is not an option of createTokenSource; did you mean ${meant}?`);
  });

  it('takes every option it documents', () => {
    const all = { transport, clock: Date.now, timers: { setTimeout, clearTimeout }, policy: {}, retry: {}, store: { get() {}, set() {} }, timeoutMs: 1, deadlineMs: 1, parse: {}, random: Math.random, jti: () => 'j', waitUntil: () => {} };
    createTokenSource(grant, all as never).dispose();
  });
});
