import type { Transport } from '../http/types.js';
import { startTokenServer } from '@tok/test-utils';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createAuthorizer } from '../adapter/authorizer.js';
import { staticToken } from '../source/bearer.js';
import { ConfigError } from '../errors/ConfigError.js';
import { ErrorCode } from '../errors/codes.js';
import { TransportError } from '../errors/TransportError.js';
import { clientCredentials } from '../request/grant.js';
import { fetchTransport } from '../http/fetchTransport.js';
import type { Token } from '../response/token.js';
import type { TokenSource } from '../source/tokenSource.js';

const transport: Transport = () => Promise.reject(new Error('no token request expected in this test'));
const grant = (tokenUrl = 'https://auth.example.com/oauth/token') => clientCredentials({ tokenUrl, clientId: 'app', clientSecret: 's3cret' });

/** A source that hands out `t0`, then `t1` after `t0` is invalidated, and so on; getToken waits for `hold` if set. */
function rotatingSource(hold?: Promise<void>) {
  let current = staticToken('t0');
  const invalidated: string[] = [];
  const source: TokenSource = {
    tokenUrl: 'https://auth.example.com/oauth/token',
    async getToken(options) {
      if (hold) {
        await new Promise<void>((resolve, reject) => {
          hold.then(resolve);
          options?.signal?.addEventListener('abort', () => reject(new TransportError(ErrorCode.Aborted, 'getToken() was aborted')));
        });
      }
      return current;
    },
    invalidate(token) {
      const value = typeof token === 'string' ? token : token?.accessToken;
      invalidated.push(String(value));
      if (value === current.accessToken) current = staticToken(`t${invalidated.length}`);
    },
    peek: () => current,
    subscribe: () => () => {},
    stats: () => ({ tokenRequests: 0, failures: 0, cacheHits: 0, waits: 0 }),
    dispose() {},
  };
  return { source, invalidated };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createAuthorizer: origins', () => {
  it('allows exactly the listed origins, whatever the spelling of the URL', () => {
    const authorizer = createAuthorizer('abc', { origins: ['https://api.example.com'] }, { transport });
    expect(authorizer.appliesTo('https://api.example.com/v1/items?x=1')).toBe(true);
    expect(authorizer.appliesTo('HTTPS://API.EXAMPLE.COM:443/v1')).toBe(true);
    expect(authorizer.appliesTo('https://api.example.com.evil.net/')).toBe(false);
    expect(authorizer.appliesTo('https://api.example.com@evil.net/')).toBe(false);
    expect(authorizer.appliesTo('http://api.example.com/')).toBe(false);
    expect(authorizer.appliesTo('/relative/without/a/page')).toBe(false);
  });

  it("defaults to the client's base URL origin", () => {
    const authorizer = createAuthorizer('abc', {}, { transport, baseUrl: 'https://api.example.com/v1/' });
    expect(authorizer.appliesTo('https://api.example.com/other')).toBe(true);
    expect(authorizer.appliesTo('https://example.com/')).toBe(false);
  });

  it('refuses neither origins nor base URL up front, saying how to choose', () => {
    const setup = () => createAuthorizer('abc', {}, { transport });
    expect(setup).toThrow(ConfigError);
    expect(setup).toThrow(/origins: \["https:\/\/api\.example\.com"\].*origins: "\*"/);
    expect(() => createAuthorizer('abc', {}, { transport, baseUrl: 'not a url' })).toThrow(ConfigError);
    expect(createAuthorizer('abc', { origins: '*' }, { transport }).appliesTo('https://anywhere.example/')).toBe(true);
  });

  it('with per-request base URLs, decides per request and refuses a request without one', () => {
    const authorizer = createAuthorizer('abc', {}, { transport, baseUrlPerRequest: true });
    expect(authorizer.appliesTo('https://a.example.com/x', 'https://a.example.com/api/')).toBe(true);
    expect(authorizer.appliesTo('https://b.example.com/x', 'https://a.example.com/api/')).toBe(false);
    expect(authorizer.appliesTo('https://b.example.com/x', 'https://b.example.com')).toBe(true);
    expect(() => authorizer.appliesTo('https://a.example.com/x')).toThrow(expect.objectContaining({ option: 'origins' }));
    // Given origins are checked at once, and win over any base URL.
    expect(() => createAuthorizer('abc', { origins: ['ftp://x'] }, { transport, baseUrlPerRequest: true })).toThrow(ConfigError);
    const listed = createAuthorizer('abc', { origins: ['https://c.example.com'] }, { transport, baseUrlPerRequest: true });
    expect(listed.appliesTo('https://a.example.com/x', 'https://a.example.com')).toBe(false);
  });

  it('never applies to the token endpoint, even on an allowed origin', () => {
    const authorizer = createAuthorizer(grant('https://api.example.com/oauth/token'), { origins: '*' }, { transport });
    expect(authorizer.appliesTo('https://api.example.com/oauth/token')).toBe(false);
    expect(authorizer.appliesTo('https://API.example.com:443/oauth/token?audience=x#f')).toBe(false);
    expect(authorizer.appliesTo('https://api.example.com/v1/../oauth/./token')).toBe(false);
    expect(authorizer.appliesTo('HTTPS://API.EXAMPLE.COM\\oauth\\token')).toBe(false);
    expect(authorizer.appliesTo('https://api.example.com/oauth/tokens')).toBe(true);
    expect(authorizer.appliesTo('https://other.example.com/oauth/token')).toBe(true);
  });

  it('in a page, resolves relative URLs, a relative base URL and a same-origin token route against it', () => {
    vi.stubGlobal('location', { href: 'https://app.example.com/dashboard/' });
    const authorizer = createAuthorizer(clientCredentials({ tokenUrl: '/api/token', placement: 'none' }), {}, { transport, baseUrl: '/api' });
    expect(authorizer.appliesTo('/api/items')).toBe(true);
    expect(authorizer.appliesTo('items')).toBe(true);
    expect(authorizer.appliesTo('/api/token')).toBe(false);
    expect(authorizer.appliesTo('https://app.example.com/api/token')).toBe(false);
    expect(authorizer.appliesTo('https://cdn.example.com/api/items')).toBe(false);
  });
});

describe('createAuthorizer: header', () => {
  it('writes the scheme and token, and recognises only the values it wrote', () => {
    const bearer = createAuthorizer('abc', { origins: '*' }, { transport });
    const token = staticToken('abc');
    expect([bearer.header, bearer.value(token)]).toStrictEqual(['authorization', 'Bearer abc']);
    expect(bearer.tokenOf('Bearer abc')).toBe(token);
    expect(bearer.tokenOf('Bearer other')).toBeUndefined();
    expect(bearer.tokenOf(null)).toBeUndefined();

    const apiKey = createAuthorizer('abc', { origins: '*', header: 'X-Api-Key', scheme: '' }, { transport });
    expect([apiKey.header, apiKey.value(token)]).toStrictEqual(['x-api-key', 'abc']);
    expect(() => createAuthorizer('abc', { origins: '*', header: 'bad header' }, { transport })).toThrow(ConfigError);
  });

  it('remembers the last 8 values it wrote', () => {
    const authorizer = createAuthorizer('abc', { origins: '*' }, { transport });
    const tokens = Array.from({ length: 9 }, (_, i) => staticToken(`t${i}`));
    for (const token of tokens) authorizer.value(token);
    expect(authorizer.tokenOf('Bearer t0')).toBeUndefined();
    expect(tokens.slice(1).map((token) => authorizer.tokenOf(`Bearer ${token.accessToken}`))).toStrictEqual(tokens.slice(1));
  });
});

describe('createAuthorizer: getToken', () => {
  it("rejects with the caller's abort reason, as fetch does; other failures pass as they are", async () => {
    const { source } = rotatingSource(new Promise(() => {}));
    const authorizer = createAuthorizer(source, { origins: '*' }, { transport });
    const controller = new AbortController();
    const pending = authorizer.getToken(controller.signal);
    const reason = new Error('user left');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);

    const failing = createAuthorizer(grant(), { origins: '*', source: { retry: { retries: 0 } } }, { transport });
    await expect(failing.getToken(new AbortController().signal)).rejects.toThrow(TransportError);
  });
});

describe('createAuthorizer: the decisions every adapter makes per request', () => {
  it('attaches to an allowed origin without the header, or with a value tok wrote; the caller\'s own header is reported and left alone', () => {
    const skips: unknown[] = [];
    const authorizer = createAuthorizer('abc', { origins: ['https://api.example.com'], onSkip: (skip) => skips.push(skip) }, { transport });
    const ours = authorizer.value(staticToken('abc'));
    expect(authorizer.attaches('https://api.example.com/a', undefined)).toBe(true);
    expect(authorizer.attaches('https://api.example.com/a', ours)).toBe(true);
    expect(authorizer.attaches('https://api.example.com/a', 'Bearer mine')).toBe(false);
    expect(authorizer.attaches('https://cdn.example.com/a', undefined)).toBe(false);
    expect(skips).toStrictEqual([
      { origin: 'https://api.example.com', reason: 'own-header' },
      { origin: 'https://cdn.example.com', reason: 'origin' },
    ]);
  });

  it('token(): the cached token synchronously, a promise only while one is fetched', async () => {
    const tokens = await startTokenServer();
    onTestFinished(() => tokens.close());
    const authorizer = createAuthorizer(clientCredentials({ tokenUrl: tokens.url, clientId: 'test-client', clientSecret: 'test-secret' }), { origins: '*' }, { transport: fetchTransport(fetch) });
    const first = authorizer.token();
    expect(first).toBeInstanceOf(Promise);
    const token = await first;
    expect(authorizer.token()).toBe(token);
    expect(authorizer.token(new AbortController().signal)).toBe(token);
    authorizer.source.invalidate(token);
    const next = authorizer.token();
    expect(next).toBeInstanceOf(Promise);
    expect((await next).accessToken).not.toBe(token.accessToken);
    expect(tokens.count).toBe(2);
    authorizer.source.dispose();
  });

  it('token() with a source of its own that has no current(): its cache-hit promise, met again, gives the token at once', async () => {
    const token = staticToken('abc');
    const served = Promise.resolve(token);
    const { source } = rotatingSource();
    const authorizer = createAuthorizer({ ...source, getToken: () => served }, { origins: '*' }, { transport });
    expect(authorizer.token()).toBeInstanceOf(Promise);
    await served;
    await Promise.resolve();
    expect(authorizer.token()).toBe(token);
  });

  it('cachedToken(): the cached token for a request attaches would send it on, else undefined and nothing reported', async () => {
    const tokens = await startTokenServer();
    onTestFinished(() => tokens.close());
    const skips: unknown[] = [];
    const api = 'https://api.example.com';
    const authorizer = createAuthorizer(
      clientCredentials({ tokenUrl: `${api}/oauth/token`, clientId: 'test-client', clientSecret: 'test-secret' }),
      { origins: [api], onSkip: (skip) => skips.push(skip), source: { transport: fetchTransport((_input, init) => fetch(tokens.url, init)) } },
      { transport },
    );
    onTestFinished(() => authorizer.source.dispose());
    expect(authorizer.cachedToken(`${api}/items`)).toBeUndefined();
    const token = await authorizer.getToken();
    expect(authorizer.cachedToken(`${api}/items`)).toBe(token);
    expect(authorizer.cachedToken(`${api}:443/items`)).toBe(token);
    expect(authorizer.cachedToken('http://cdn.example.com/items')).toBeUndefined();
    expect(authorizer.cachedToken(`${api}/oauth/token`)).toBeUndefined();
    expect(authorizer.cachedToken(`${api}/a/../oauth/token`)).toBeUndefined();
    expect(authorizer.cachedToken('/items')).toBeUndefined();
    expect(skips).toStrictEqual([]);
    // The same answers as attaches, which reports the skips.
    expect(authorizer.attaches(`${api}:443/items`, undefined)).toBe(true);
    expect(authorizer.attaches(`${api}/a/../oauth/token`, undefined)).toBe(false);
    expect(skips).toStrictEqual([{ origin: api, reason: 'token-endpoint' }]);
  });

  it('cachedToken(base, path): decides a base URL and a relative path as their join, without joining them', async () => {
    const tokens = await startTokenServer();
    onTestFinished(() => tokens.close());
    const api = 'https://api.example.com';
    const authorizer = createAuthorizer(
      clientCredentials({ tokenUrl: `${api}/oauth/token`, clientId: 'test-client', clientSecret: 'test-secret' }),
      { origins: [api], source: { transport: fetchTransport((_input, init) => fetch(tokens.url, init)) } },
      { transport },
    );
    onTestFinished(() => authorizer.source.dispose());
    const token = await authorizer.getToken();
    expect(authorizer.cachedToken(`${api}/v1`, 'items')).toBe(token);
    expect(authorizer.cachedToken(`${api}/v1/`, '/items/2')).toBe(token);
    expect(authorizer.cachedToken(`${api}//`, 'items')).toBe(token);
    // The token endpoint, reached through the base, the path or both.
    expect(authorizer.cachedToken(`${api}/oauth`, 'token')).toBeUndefined();
    expect(authorizer.cachedToken(api, '/oauth/token')).toBeUndefined();
    expect(authorizer.cachedToken(`${api}/oauth/token`, '')).toBeUndefined();
    // Another origin, one that only starts like the allowed one, and a relative base: the full path decides.
    expect(authorizer.cachedToken('https://cdn.example.com', 'items')).toBeUndefined();
    expect(authorizer.cachedToken('https://api.example.com.evil.test', 'items')).toBeUndefined();
    // Userinfo does not change the origin: the same answer as for the joined URL.
    expect(authorizer.cachedToken('https://user@api.example.com', 'items')).toBe(authorizer.appliesTo('https://user@api.example.com/items') ? token : undefined);
    expect(authorizer.cachedToken('/api', 'items')).toBeUndefined();
    // After another base, the first one is decided again, not remembered wrongly.
    expect(authorizer.cachedToken(`${api}/v1`, 'items')).toBe(token);
  });

  it("cachedToken() with origins '*': absolute http(s) URLs in any case, nothing relative", () => {
    const authorizer = createAuthorizer('abc', { origins: '*' }, { transport });
    for (const url of ['https://a.example/x', 'HTTP://a.example/x', 'hTtPs://a.example']) expect(authorizer.cachedToken(url)?.accessToken).toBe('abc');
    for (const url of ['/x', 'x', 'ftp://a.example/x', 'https:/a.example', 'httpx://a.example', '//a.example/x']) expect(authorizer.cachedToken(url)).toBeUndefined();
  });

  it("token() rejects with the caller's abort reason while it waits", async () => {
    const { source } = rotatingSource(new Promise(() => {}));
    const controller = new AbortController();
    const pending = createAuthorizer(source, { origins: '*' }, { transport }).token(controller.signal);
    controller.abort('left');
    await expect(pending).rejects.toBe('left');
  });

  it('follows redirects outside browsers only, and only for redirect "follow"', () => {
    const authorizer = createAuthorizer('abc', { origins: '*' }, { transport });
    expect([authorizer.follows(), authorizer.follows('follow'), authorizer.follows('manual'), authorizer.follows('error')]).toStrictEqual([true, true, false, false]);
    vi.stubGlobal('document', {});
    expect(createAuthorizer('abc', { origins: '*' }, { transport }).follows()).toBe(false);
  });

  it('isFinal: a 401 is not (unless retryOn401 is "never"), nor a redirect tok follows', () => {
    const authorizer = createAuthorizer('abc', { origins: '*' }, { transport });
    expect([200, 204, 403, 500].map((status) => authorizer.isFinal(status, true))).toStrictEqual([true, true, true, true]);
    expect([401, 301, 302, 303, 307, 308].map((status) => authorizer.isFinal(status, true))).toStrictEqual([false, false, false, false, false, false]);
    expect([304, 307].map((status) => authorizer.isFinal(status, false))).toStrictEqual([true, true]);
    expect(createAuthorizer('abc', { origins: '*', retryOn401: 'never' }, { transport }).isFinal(401, false)).toBe(true);
  });
});

describe('createAuthorizer: retryWith', () => {
  const used = (authorizer: ReturnType<typeof createAuthorizer>) => authorizer.getToken();

  it('on any 401 invalidates exactly the used token and gives a fresh one', async () => {
    const { source, invalidated } = rotatingSource();
    const authorizer = createAuthorizer(source, { origins: '*' }, { transport });
    const token = await used(authorizer);
    expect(await authorizer.retryWith(token, 403, null)).toBeUndefined();
    expect(invalidated).toStrictEqual([]);
    const fresh = await authorizer.retryWith(token, 401, null);
    expect([invalidated, fresh?.accessToken]).toStrictEqual([['t0'], 't1']);
    // A late 401 for the old token changes nothing: the fresh one stays.
    expect((await authorizer.retryWith(token, 401, null))?.accessToken).toBe('t1');
    expect(invalidated).toStrictEqual(['t0', 't0']);
  });

  it('"invalid_token" retries only that challenge; "never" never', async () => {
    const { source } = rotatingSource();
    const strict = createAuthorizer(source, { origins: '*', retryOn401: 'invalid_token' }, { transport });
    const token = await used(strict);
    expect(await strict.retryWith(token, 401, 'Bearer realm="api"')).toBeUndefined();
    expect(await strict.retryWith(token, 401, 'Bearer realm="api", error="invalid_token"')).toMatchObject({ accessToken: 't1' });
    const never = createAuthorizer(source, { origins: '*', retryOn401: 'never' }, { transport });
    expect(await never.retryWith(await used(never), 401, 'Bearer error="invalid_token"')).toBeUndefined();
  });

  it('a body that cannot be replayed: invalidates, does not retry', async () => {
    const { source, invalidated } = rotatingSource();
    const authorizer = createAuthorizer(source, { origins: '*' }, { transport });
    expect(await authorizer.retryWith(await used(authorizer), 401, null, { replayable: false })).toBeUndefined();
    expect(invalidated).toStrictEqual(['t0']);
  });

  it('a static token is never retried: there is no other', async () => {
    const authorizer = createAuthorizer('Bearer abc', { origins: '*' }, { transport });
    const token: Token = await used(authorizer);
    expect(await authorizer.retryWith(token, 401, 'Bearer error="invalid_token"')).toBeUndefined();
  });
});

describe('createAuthorizer: auth', () => {
  it('refuses what is neither a grant, a token source nor a string', () => {
    expect(() => createAuthorizer(42 as never, { origins: '*' }, { transport })).toThrow(expect.objectContaining({ option: 'auth' }));
    expect(() => createAuthorizer('', { origins: '*' }, { transport })).toThrow(ConfigError);
  });
});

describe('createAuthorizer: options checked at construction', () => {
  /** The ConfigError creating an authorizer with these arguments throws. */
  function refusal(auth: unknown, options: unknown): ConfigError {
    try {
      createAuthorizer(auth as never, options as never, { transport });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('expected a ConfigError');
  }

  it.each([
    ['origins given as a string', { origins: 'https://api.example.com' }, 'origins', 'expected a list, got the string "https://api.example.com"; write origins: ["https://api.example.com"]'],
    ['origins given as an object', { origins: { 'https://api.example.com': true } }, 'origins', 'expected a list of origins or "*", got object'],
    ['a wildcard origin', { origins: ['https://*.example.com'] }, 'origins[0]', '"https://*.example.com": wildcards are not supported; list each origin'],
    ['an origin with a path', { origins: ['https://api.example.com', 'https://b.example.com/v1'] }, 'origins[1]', 'tok sends the token to every path of https://b.example.com: give just that'],
    ['an origin with credentials', { origins: ['https://user:pw@api.example.com'] }, 'origins[0]', 'has more than an origin'],
    ['an origin that is a number', { origins: [443] }, 'origins[0]', '443 is not an origin such as https://api.example.com'],
    ['a header name with CR LF', { origins: '*', header: 'x-token\r\nx-evil: 1' }, 'header', 'is not an HTTP header name'],
    ['a header name with a space', { origins: '*', header: 'x token' }, 'header', '"x token" is not an HTTP header name'],
    ['a scheme with a space', { origins: '*', scheme: 'Bearer x' }, 'scheme', `"Bearer x" is not an auth scheme such as 'Bearer', or '' for the bare token`],
    ['a scheme with CR LF', { origins: '*', scheme: 'Bearer\r\nX-Evil: 1' }, 'scheme', 'is not an auth scheme'],
    ['an unknown retryOn401', { origins: '*', retryOn401: 'always' }, 'retryOn401', `expected one of 'any', 'invalid_token', 'never', got "always"`],
    ['retryOn401 as a boolean', { origins: '*', retryOn401: true }, 'retryOn401', 'got true'],
    ['options that are a string', 'https://api.example.com', 'options', 'expected an object, got a string'],
  ])('%s', (_, options, option, message) => {
    const error = refusal('abc', options);
    expect(error.option).toBe(option);
    expect(error.message).toContain(message);
  });

  it('takes what is right: a trailing slash on an origin, an empty scheme, every retryOn401', () => {
    expect(createAuthorizer('abc', { origins: ['https://api.example.com/'] }, { transport }).appliesTo('https://api.example.com/x')).toBe(true);
    expect(createAuthorizer('abc', { origins: '*', header: 'X-Api-Key', scheme: '' }, { transport }).value(staticToken('abc'))).toBe('abc');
    for (const retryOn401 of ['any', 'invalid_token', 'never'] as const) createAuthorizer('abc', { origins: '*', retryOn401 }, { transport });
  });

  it('wrong kinds of object: an options object as auth, a token source or a grant as source options', () => {
    const options = { tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'app', clientSecret: 's3cret' };
    const asAuth = refusal(options, { origins: '*' });
    expect(asAuth.option).toBe('auth');
    expect(asAuth.message).toBe(
      'auth: expected a grant from clientCredentials(…), a token source, or a token string; got a plain object with tokenUrl, clientId, clientSecret: wrap it, clientCredentials({ tokenUrl, clientId, clientSecret })',
    );
    expect(refusal(Promise.resolve(grant()), { origins: '*' }).message).toMatch(/got a promise; await it first$/);
    const { source } = rotatingSource();
    expect(refusal(grant(), { origins: '*', source }).message).toBe(
      'source: takes options for the token source tok makes from a grant (timeoutMs, retry, store, …); got a token source: pass it as auth instead',
    );
    expect(refusal(source, { origins: '*', source: grant() }).message).toMatch(/got a grant: pass it as auth instead$/);
    expect(refusal('abc', { origins: '*', source: { timeoutMs: 5_000 } }).message).toMatch(/applies only when auth is a grant; auth here is a token string/);
    expect(refusal(source, { origins: '*', source: { timeoutMs: 5_000 } }).message).toMatch(/auth here is a token source/);
    // Source options are checked too, when auth is a grant.
    expect(refusal(grant(), { origins: '*', source: { timeoutMs: Number.POSITIVE_INFINITY } }).option).toBe('timeoutMs');
  });
});

describe('createAuthorizer: a configuration error reaches no server', () => {
  it('a token server sees no request for any refused configuration, and one for a valid one', async () => {
    const server = await startTokenServer({ clients: [{ clientId: 'app', clientSecret: 's3cret' }] });
    onTestFinished(() => server.close());
    const real: Transport = async (request, { signal }) => {
      const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal });
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    };
    const options = { tokenUrl: server.url, clientId: 'app', clientSecret: 's3cret' };
    const refused: [unknown, unknown][] = [
      [options, { origins: '*' }],
      [clientCredentials(options), { origins: 'https://api.example.com' }],
      [clientCredentials(options), { origins: ['https://*.example.com'] }],
      [clientCredentials(options), { origins: '*', retryOn401: 'always' }],
      [clientCredentials(options), { origins: '*', scheme: 'Bearer\r\n' }],
      [clientCredentials(options), { origins: '*', source: { retry: { retries: Number.POSITIVE_INFINITY } } }],
    ];
    for (const [auth, adapterOptions] of refused) {
      expect(() => createAuthorizer(auth as never, adapterOptions as never, { transport: real })).toThrow(ConfigError);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.count).toBe(0);

    const authorizer = createAuthorizer(clientCredentials(options), { origins: '*' }, { transport: real });
    await authorizer.getToken();
    authorizer.source.dispose();
    expect(server.count).toBe(1);
  });
});
