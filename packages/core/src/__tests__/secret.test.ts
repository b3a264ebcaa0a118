import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { isTokError } from '../errors/TokError.js';
import { type ClientCredentialsOptions, clientCredentials } from '../request/grant.js';
import type { Placement } from '../client-auth/placement.js';
import { buildTokenRequest } from '../request/request.js';
import { Secret } from '../request/secret.js';

const SECRET = 'Sup3r-S3cret-Value';
const options = { tokenUrl: 'https://auth.example.com/token', clientId: 'my-client', clientSecret: SECRET } as const;

describe('Secret', () => {
  it('reveals its value only through reveal()', () => {
    const secret = new Secret(SECRET);
    expect(secret.reveal()).toBe(SECRET);
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(inspect(secret)).toBe('[redacted]');
    expect(Object.keys(secret)).toStrictEqual([]);
  });
});

describe('a grant never shows its secret', () => {
  const grant = clientCredentials(options);

  it('JSON.stringify', () => {
    const text = JSON.stringify(grant);
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toMatchObject({ clientId: 'my-client', clientSecret: '[redacted]' });
  });

  it('util.inspect, console-style formatting', () => {
    for (const text of [
      inspect(grant),
      inspect(grant, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
      format('%o', grant),
      format('%O', grant),
      format('%s', grant),
    ]) {
      expect(text).not.toContain(SECRET);
    }
    expect(inspect(grant)).toContain("clientSecret: [redacted]");
  });

  it('String() and template literals', () => {
    expect(String(grant.clientSecret)).toBe('[redacted]');
    expect(`${grant.clientSecret}`).toBe('[redacted]');
    expect(String(grant)).not.toContain(SECRET);
  });

  it('for every placement that sends one', () => {
    for (const placement of ['basic', 'basic-raw', 'basic-with-client-id', 'form', 'json'] as const) {
      const g = clientCredentials({ ...options, placement });
      expect(JSON.stringify(g)).not.toContain(SECRET);
      expect(inspect(g)).not.toContain(SECRET);
    }
  });
});

describe('a grant never shows its header values', () => {
  const AUTHORIZATION = 'Bearer caller-owned-token';
  const API_KEY = 'k3y-never-print-me';
  const grant = clientCredentials({ ...options, placement: 'form', headers: { Authorization: AUTHORIZATION, 'X-Api-Key': API_KEY } });

  it('JSON.stringify, also of a spread copy of the grant: names kept, values redacted', () => {
    for (const text of [JSON.stringify(grant), JSON.stringify({ ...grant }), JSON.stringify(grant.headers)]) {
      expect(text).not.toContain(AUTHORIZATION);
      expect(text).not.toContain(API_KEY);
    }
    expect(JSON.parse(JSON.stringify(grant)).headers).toStrictEqual({ Authorization: '[redacted]', 'X-Api-Key': '[redacted]' });
  });

  it('util.inspect, console-style formatting, String()', () => {
    for (const text of [
      inspect(grant),
      inspect(grant, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
      inspect(grant.headers),
      format('%o', grant),
      format('%O', grant),
      format('%s', grant),
      format('%j', grant),
      String(grant),
      String(grant.headers),
    ]) {
      expect(text).not.toContain(AUTHORIZATION);
      expect(text).not.toContain(API_KEY);
    }
    expect(inspect(grant)).toContain("'X-Api-Key': '[redacted]'");
  });

  it('still sends the real values, for every placement that allows them', () => {
    expect(grant.headers).toStrictEqual({ Authorization: AUTHORIZATION, 'X-Api-Key': API_KEY });
    expect(Object.entries(grant.headers)).toStrictEqual([
      ['Authorization', AUTHORIZATION],
      ['X-Api-Key', API_KEY],
    ]);
    for (const placement of ['form', 'json'] as const) {
      const { headers } = buildTokenRequest(clientCredentials({ ...options, placement, headers: grant.headers }));
      expect(headers).toMatchObject({ authorization: AUTHORIZATION, 'x-api-key': API_KEY });
    }
  });

  it('refuses a header named toJSON, the name of what prints them redacted', () => {
    expect(() => clientCredentials({ ...options, headers: { toJSON: 'x' } })).toThrow('headers.toJSON');
  });
});

describe('errors for a bad secret never show it', () => {
  const BODY = 'Sup3r-S3cret';
  it.each([
    ['a trailing newline', `${BODY}\n`],
    ['a CRLF', `${BODY}\r\n`],
    ['a newline inside', `${BODY}\nmore`],
    // Non-ASCII secrets are sent form-encoded as UTF-8; only basic-raw refuses them.
    ['a non-ASCII character with basic-raw', `${BODY}€`, 'basic-raw'],
    ['a non-ASCII character first with basic-raw', `é${BODY}`, 'basic-raw'],
    ['a tab', `${BODY}\tx`],
    ['a NUL', `${BODY}\x00`],
    ['a C1 control character', `${BODY}\x85`],
    ['an unpaired surrogate', `${BODY}\ud800`],
  ] as [string, string, Placement?][])('%s', (_, secret, placement) => {
    for (const clientSecret of [secret, new Secret(secret)]) {
      let error: unknown;
      try {
        clientCredentials({ ...options, clientSecret, placement });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      if (!isTokError(error)) throw new Error('expected a TokError');
      for (const text of [error.message, String(error), error.stack ?? '', inspect(error), JSON.stringify(error)]) {
        expect(text).not.toContain(BODY);
      }
      expect((error as ConfigError).option).toBe('clientSecret');
    }
  });

  it('a secret given with placement none', () => {
    const error = (() => {
      try {
        clientCredentials({ tokenUrl: options.tokenUrl, clientSecret: SECRET, placement: 'none' } satisfies ClientCredentialsOptions);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected an error');
    })();
    expect(error.message).not.toContain(SECRET);
  });

  it('a secret repeated in params', () => {
    expect(() => clientCredentials({ ...options, placement: 'form', params: { client_secret: SECRET } })).toThrow(ConfigError);
    try {
      clientCredentials({ ...options, placement: 'form', params: { client_secret: SECRET } });
    } catch (e) {
      expect((e as Error).message).not.toContain(SECRET);
    }
  });
});
