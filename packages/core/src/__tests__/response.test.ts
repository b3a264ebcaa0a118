import type { TokenResponse } from '../http/types.js';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/codes.js';
import { OAuthError } from '../errors/OAuthError.js';
import { ResponseError } from '../errors/ResponseError.js';
import { DEFAULT_LIFETIME_MS, MAX_LIFETIME_MS, MIN_LIFETIME_MS, type ParseOptions, parseTokenResponse } from '../response/response.js';

const requestedAt = Date.UTC(2026, 0, 1, 12, 0, 0);
const json = { 'content-type': 'application/json' };

function parse(body: unknown, response: Partial<TokenResponse> = {}, options: Partial<ParseOptions> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return parseTokenResponse({ status: 200, headers: json, body: text, ...response }, { requestedAt, ...options });
}

/** What `fn` throws; fails the test when it throws nothing. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, nothing was thrown');
}

function responseError(fn: () => unknown): ResponseError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(ResponseError);
  return error as ResponseError;
}

function oauthError(fn: () => unknown): OAuthError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'at+jwt' })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe('parseTokenResponse: a well-formed response', () => {
  it('gives the token, its type, scope and expiry counted from requestedAt', () => {
    const body = { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, scope: 'read write', extra: 1 };
    expect(parse(body, {}, { receivedAt: requestedAt + 5_000 })).toStrictEqual({
      accessToken: 'at-1',
      tokenType: 'Bearer',
      issuedAt: requestedAt,
      expiresAt: requestedAt + 3_600_000,
      refreshIn: undefined,
      scope: 'read write',
      raw: body,
    });
  });

  it('accepts any 2xx', () => {
    expect(parse({ access_token: 'a', expires_in: 60 }, { status: 201 }).accessToken).toBe('a');
  });

  it('takes a refresh_in hint in seconds', () => {
    expect(parse({ access_token: 'a', expires_in: 3600, refresh_in: 600 }).refreshIn).toBe(600_000);
    expect(parse({ access_token: 'a', expires_in: 3600, refresh_in: '600' }).refreshIn).toBe(600_000);
  });

  it('drops a scope that is not a string', () => {
    expect(parse({ access_token: 'a', scope: ['read'] }).scope).toBeUndefined();
  });
});

describe('parseTokenResponse: tolerated', () => {
  it.each([
    ['a number', 3600, 3_600_000],
    ['a numeric string (a vendor guide\'s example answer)', '3600', 3_600_000],
    ['a numeric string with spaces', ' 120 ', 120_000],
    ['a fractional string', '1.5', 1_500],
  ])('expires_in as %s', (_, expiresIn, lifetime) => {
    expect(parse({ access_token: 'a', expires_in: expiresIn }).expiresAt).toBe(requestedAt + lifetime);
  });

  it('expires_in missing, a JWT with exp and iat: exp − iat', () => {
    const iat = requestedAt / 1000 - 30; // the server clock runs 30 s behind
    const token = parse({ access_token: jwt({ sub: 'c', iat, exp: iat + 900 }) });
    expect(token.expiresAt).toBe(requestedAt + 900_000);
  });

  it('expires_in missing, a JWT with exp only: exp − requestedAt', () => {
    const token = parse({ access_token: jwt({ exp: requestedAt / 1000 + 300 }) });
    expect(token.expiresAt).toBe(requestedAt + 300_000);
  });

  it('expires_in missing, not a JWT: the default lifetime, one hour unless configured', () => {
    expect(DEFAULT_LIFETIME_MS).toBe(3_600_000);
    expect(parse({ access_token: 'opaque' }).expiresAt).toBe(requestedAt + DEFAULT_LIFETIME_MS);
    expect(parse({ access_token: 'opaque', expires_in: null }).expiresAt).toBe(requestedAt + DEFAULT_LIFETIME_MS);
    expect(parse({ access_token: 'opaque' }, {}, { defaultLifetimeMs: 120_000 }).expiresAt).toBe(requestedAt + 120_000);
  });

  it('expires_in missing, a JWT without exp: the default lifetime', () => {
    expect(parse({ access_token: jwt({ sub: 'c' }) }, {}, { defaultLifetimeMs: 5_000 }).expiresAt).toBe(requestedAt + 5_000);
  });

  it('expires_in wins over the JWT exp', () => {
    const iat = requestedAt / 1000;
    expect(parse({ access_token: jwt({ iat, exp: iat + 900 }), expires_in: 60 }).expiresAt).toBe(requestedAt + 60_000);
  });

  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR', '', null, undefined])('token_type %j gives Bearer', (tokenType) => {
    expect(parse({ access_token: 'a', token_type: tokenType }).tokenType).toBe('Bearer');
  });

  it('a form-encoded body', () => {
    const token = parse('access_token=a%2Bb&token_type=bearer&expires_in=3600&scope=read+write', {
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
    expect(token).toMatchObject({ accessToken: 'a+b', tokenType: 'Bearer', expiresAt: requestedAt + 3_600_000, scope: 'read write' });
  });

  it('a form-encoded body whose media type is not lower case', () => {
    const token = parse('access_token=a&expires_in=60', { headers: { 'content-type': 'Application/X-WWW-Form-URLEncoded' } });
    expect(token).toMatchObject({ accessToken: 'a', expiresAt: requestedAt + 60_000 });
  });

  it('a JSON body without a content-type', () => {
    expect(parse({ access_token: 'a' }, { headers: {} }).accessToken).toBe('a');
  });
});

describe('parseTokenResponse: OAuth errors (RFC 6749 §5.2)', () => {
  it('an error body gives an OAuthError with every field', () => {
    const body = { error: 'invalid_client', error_description: 'Client authentication failed', error_uri: 'https://docs.example/errors' };
    const error = oauthError(() => parse(body, { status: 401 }));
    expect(error).toMatchObject({
      name: 'OAuthError',
      code: ErrorCode.OAuth,
      error: 'invalid_client',
      errorDescription: 'Client authentication failed',
      errorUri: 'https://docs.example/errors',
      status: 401,
      retryAfterMs: undefined,
    });
    expect(error.cause).toStrictEqual(body);
    expect(error.message).toContain('token endpoint answered 401 invalid_client: Client authentication failed');
    expect(error.message).toContain('check clientId, clientSecret and placement');
  });

  it('a 200 carrying an error field is an error, with the status it came with', () => {
    const error = oauthError(() => parse({ error: 'invalid_scope', access_token: 'ignored' }));
    expect(error.error).toBe('invalid_scope');
    expect(error.status).toBe(200);
    expect(error.errorDescription).toBeUndefined();
    expect(error.message).toMatch(/^token endpoint answered 200 invalid_scope/);
  });

  it('a form-encoded error body', () => {
    const error = oauthError(() => parse('error=unauthorized_client', { status: 400, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(error.error).toBe('unauthorized_client');
  });

  it.each([429, 503])('%i: retryAfterMs from Retry-After in seconds', (status) => {
    const error = oauthError(() => parse({ error: 'slow_down' }, { status, headers: { ...json, 'retry-after': '7' } }));
    expect(error.retryAfterMs).toBe(7_000);
  });

  it('503: retryAfterMs from an HTTP-date, counted from receivedAt', () => {
    const receivedAt = requestedAt + 2_000;
    const headers = { ...json, 'retry-after': new Date(receivedAt + 30_000).toUTCString() };
    const error = oauthError(() => parse({ error: 'temporarily_unavailable' }, { status: 503, headers }, { receivedAt }));
    expect(error.retryAfterMs).toBe(30_000);
  });

  it('other statuses ignore Retry-After', () => {
    const error = oauthError(() => parse({ error: 'server_error' }, { status: 500, headers: { ...json, 'retry-after': '7' } }));
    expect(error.retryAfterMs).toBeUndefined();
  });
});

describe('parseTokenResponse: other failures', () => {
  it('a non-2xx without an OAuth body: status, content-type and a snippet', () => {
    const error = responseError(() => parse('<html>\n  <body>Bad Gateway</body>\n</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    expect(error.code).toBe(ErrorCode.HttpStatus);
    expect(error.status).toBe(502);
    expect(error.message).toBe('token endpoint answered 502: (text/html) "<html> <body>Bad Gateway</body> </html>"');
    expect(error.cause).toBe('<html>\n  <body>Bad Gateway</body>\n</html>');
  });

  it('a 429 without an OAuth body keeps retryAfterMs', () => {
    const error = responseError(() => parse('Too Many Requests', { status: 429, headers: { 'content-type': 'text/plain', 'retry-after': '3' } }));
    expect(error.retryAfterMs).toBe(3_000);
  });

  it('hints at the likely cause of 401, 403, 404 and 405', () => {
    expect(responseError(() => parse('', { status: 401, headers: {} })).message).toBe(
      'token endpoint answered 401 (check clientId, clientSecret and placement): empty body (no content-type)',
    );
    expect(responseError(() => parse('nope', { status: 404 })).message).toContain('(is tokenUrl the token endpoint?)');
  });

  it('a 200 with a non-JSON body: status, content-type and a short snippet', () => {
    const page = `<!doctype html><html><head><title>Sign in</title></head><body>${'x'.repeat(300)}</body></html>`;
    const error = responseError(() => parse(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
    expect(error.code).toBe(ErrorCode.InvalidResponse);
    expect(error.status).toBe(200);
    expect(error.message).toContain('token endpoint answered 200 but the body is not JSON: (text/html; charset=utf-8) "<!doctype html><html><head><title>Sign in</title>');
    expect(error.message).toMatch(/…"$/);
    expect(error.message.length).toBeLessThan(250);
    expect(error.cause).toBe(page);
  });

  it('a 200 with a JSON value that is not an object', () => {
    expect(responseError(() => parse('["a"]')).message).toContain('the body is not JSON');
    expect(responseError(() => parse('"token"')).code).toBe(ErrorCode.InvalidResponse);
  });

  it.each([
    ['missing', { token_type: 'Bearer' }, 'access_token is missing (fields: token_type)'],
    ['empty', { access_token: '' }, 'access_token is empty (fields: access_token)'],
    ['not a string', { access_token: 42 }, 'access_token is a number, not a string'],
    ['missing from {}', {}, 'access_token is missing (fields: none)'],
  ])('access_token %s', (_, body, message) => {
    const error = responseError(() => parse(body));
    expect(error.code).toBe(ErrorCode.InvalidResponse);
    expect(error.message).toContain(message);
  });

  it.each([-1, '-1', 'abc', '', '1e3', true, {}, 'Infinity'])('expires_in %j', (expiresIn) => {
    const error = responseError(() => parse({ access_token: 'a', expires_in: expiresIn }));
    expect(error.code).toBe(ErrorCode.InvalidResponse);
    expect(error.message).toContain(`expires_in is ${JSON.stringify(expiresIn)}; expected a non-negative number of seconds`);
  });

  it('a negative refresh_in', () => {
    expect(responseError(() => parse({ access_token: 'a', refresh_in: -5 })).message).toContain('refresh_in is -5');
  });

  it.each(['MAC', 'DPoP', 'N_A', 42])('token_type %j is refused unless allowed', (tokenType) => {
    const error = responseError(() => parse({ access_token: 'a', token_type: tokenType }));
    expect(error.message).toContain(`token_type is ${JSON.stringify(tokenType)}`);
    expect(error.message).toContain('tokenTypes');
  });

  it('token_type listed in tokenTypes is accepted as sent, in any case', () => {
    expect(parse({ access_token: 'a', token_type: 'DPoP' }, {}, { tokenTypes: ['dpop'] }).tokenType).toBe('DPoP');
    expect(() => parse({ access_token: 'a', token_type: 'MAC' }, {}, { tokenTypes: ['dpop'] })).toThrow(ResponseError);
  });
});

describe('a refused 2xx answer', () => {
  it('keeps its access token out of the error, also out of the cause', () => {
    const accessToken = 'usable-token-that-must-not-leak';
    try {
      parseTokenResponse(
        { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: accessToken, token_type: 'mac' }) },
        { requestedAt: 0 },
      );
      expect.unreachable();
    } catch (error) {
      expect((error as { cause: { access_token: string } }).cause.access_token).toBe('[redacted]');
      expect(inspect(error, { depth: Infinity })).not.toContain(accessToken);
      expect(JSON.stringify(error)).not.toContain(accessToken);
    }
  });
});

describe('tokens in a refused answer never reach an error', () => {
  const tokens = { access_token: 'at-must-not-leak', refresh_token: 'rt-must-not-leak', id_token: 'idt-must-not-leak' };
  const values = Object.values(tokens);

  /** Every way the error can be shown: message, cause, inspect, JSON. */
  function shown(error: unknown): string {
    const { message, cause } = error as Error;
    return [message, String(error), inspect(error, { depth: Infinity }), JSON.stringify(error), typeof cause === 'string' ? cause : JSON.stringify(cause)].join('\n');
  }

  function expectRedacted(error: unknown): void {
    const text = shown(error);
    for (const value of values) expect(text).not.toContain(value);
    expect(text).toContain('[redacted]');
  }

  it('a 2xx form-encoded body sent as text/plain: neither the snippet nor the cause', () => {
    const body = new URLSearchParams({ ...tokens, token_type: 'bearer', expires_in: '3600' }).toString();
    const error = responseError(() => parse(body, { headers: { 'content-type': 'text/plain' } }));
    expect(error.code).toBe(ErrorCode.InvalidResponse);
    expect(error.message).toContain('the body is not JSON: (text/plain) "access_token=[redacted]&refresh_token=[redacted]&id_token=[redacted]&token_type=bearer');
    expect(error.cause).toBe('access_token=[redacted]&refresh_token=[redacted]&id_token=[redacted]&token_type=bearer&expires_in=3600');
    expectRedacted(error);
  });

  it('a 2xx JSON body cut short (not JSON any more), whatever the spacing and case', () => {
    const body = `{"token_type":"Bearer", "Access_Token" : "${tokens.access_token}", "refresh_token":"${tokens.refresh_token}`;
    const error = responseError(() => parse(body));
    expect(error.cause).toBe('{"token_type":"Bearer", "Access_Token" : "[redacted]", "refresh_token":"[redacted]');
    expectRedacted(error);
    // An escaped quote inside the value does not end it.
    expect(responseError(() => parse('{"access_token":"at-\\"quoted\\"-rest", "x":')).cause).toBe('{"access_token":"[redacted]", "x":');
  });

  it('a 200 carrying an error field: the OAuthError cause, other fields kept', () => {
    const error = oauthError(() => parse({ error: 'invalid_scope', error_description: 'no', ...tokens }));
    expect(error.cause).toStrictEqual({ error: 'invalid_scope', error_description: 'no', access_token: '[redacted]', refresh_token: '[redacted]', id_token: '[redacted]' });
    expectRedacted(error);
  });

  it('a form-encoded error body with tokens', () => {
    const body = new URLSearchParams({ error: 'invalid_request', ...tokens }).toString();
    const error = oauthError(() => parse(body, { status: 400, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect((error.cause as Record<string, unknown>).access_token).toBe('[redacted]');
    expectRedacted(error);
  });

  it('a non-2xx without an OAuth body: the snippet and the cause, JSON or form', () => {
    for (const [body, type] of [
      [JSON.stringify({ message: 'moved', ...tokens }), 'application/json'],
      [new URLSearchParams(tokens).toString(), 'text/plain'],
    ] as const) {
      const error = responseError(() => parse(body, { status: 502, headers: { 'content-type': type } }));
      expect(error.code).toBe(ErrorCode.HttpStatus);
      expectRedacted(error);
    }
  });

  it('a 2xx JSON body refused for another field: refresh and id tokens too', () => {
    const error = responseError(() => parse({ ...tokens, token_type: 'mac' }));
    expect(error.cause).toStrictEqual({ access_token: '[redacted]', refresh_token: '[redacted]', id_token: '[redacted]', token_type: 'mac' });
    expectRedacted(error);
  });
});

describe('parseTokenResponse: lifetimes kept in a sane range', () => {
  it('the documented bounds: one second to one year', () => {
    expect([MIN_LIFETIME_MS, MAX_LIFETIME_MS]).toStrictEqual([1_000, 365 * 24 * 3_600_000]);
  });

  it.each([0, '0', 0.001, 0.999, '0.5'])('expires_in %j lasts MIN_LIFETIME_MS, not one token request per call', (expiresIn) => {
    expect(parse({ access_token: 'a', expires_in: expiresIn }).expiresAt).toBe(requestedAt + MIN_LIFETIME_MS);
  });

  it.each([1e308, Number.MAX_SAFE_INTEGER, 400 * 24 * 3600, '99999999999999999999'])('expires_in %j lasts MAX_LIFETIME_MS, never Infinity or NaN', (expiresIn) => {
    const token = parse(JSON.parse(`{"access_token":"a","expires_in":${typeof expiresIn === 'string' ? `"${expiresIn}"` : expiresIn}}`) as object);
    expect(token.expiresAt).toBe(requestedAt + MAX_LIFETIME_MS);
    expect(Number.isFinite(token.expiresAt)).toBe(true);
  });

  it('a JWT exp in the past or far away is clamped as well', () => {
    expect(parse({ access_token: jwt({ exp: requestedAt / 1000 - 60 }) }).expiresAt).toBe(requestedAt + MIN_LIFETIME_MS);
    expect(parse({ access_token: jwt({ iat: 1, exp: 1e308 }) }).expiresAt).toBe(requestedAt + MAX_LIFETIME_MS);
  });

  it('refresh_in is clamped; inside the range, lifetimes are as sent', () => {
    expect(parse({ access_token: 'a', expires_in: 3600, refresh_in: 0 }).refreshIn).toBe(MIN_LIFETIME_MS);
    expect(parse({ access_token: 'a', expires_in: 3600, refresh_in: 1e308 }).refreshIn).toBe(MAX_LIFETIME_MS);
    expect(parse({ access_token: 'a', expires_in: 2, refresh_in: 1.5 })).toMatchObject({ expiresAt: requestedAt + 2_000, refreshIn: 1_500 });
  });

  it('a default lifetime out of range is clamped, a NaN one is the default', () => {
    expect(parse({ access_token: 'a' }, {}, { defaultLifetimeMs: 1 }).expiresAt).toBe(requestedAt + MIN_LIFETIME_MS);
    expect(parse({ access_token: 'a' }, {}, { defaultLifetimeMs: Number.POSITIVE_INFINITY }).expiresAt).toBe(requestedAt + MAX_LIFETIME_MS);
    expect(parse({ access_token: 'a' }, {}, { defaultLifetimeMs: Number.NaN }).expiresAt).toBe(requestedAt + DEFAULT_LIFETIME_MS);
  });
});

describe('parseTokenResponse: a token that cannot be sent is refused, never quoted', () => {
  it.each([
    ['CR/LF', 'tok\r\nen-secret-part', 'a CR/LF at position 3'],
    ['LF', 'token-secret\npart', 'a CR/LF at position 12'],
    ['NUL', 'tok\u0000en-secret-part', 'a NUL at position 3'],
    ['a control character', 'token-secret\u0007part', 'a control character at position 12'],
    ['DEL', 'token-secret\u007fpart', 'a control character at position 12'],
    ['non-ASCII (Latin-1)', 'tökén-secret-part', 'a non-ASCII character at position 1'],
    ['non-ASCII (above U+00FF)', 'token-secret-☃-part', 'a non-ASCII character at position 13'],
  ])('%s', (_, accessToken, where) => {
    const value = accessToken;
    const error = responseError(() => parse({ access_token: value, token_type: 'Bearer' }));
    expect(error.code).toBe(ErrorCode.InvalidResponse);
    expect(error.message).toContain(`access_token has ${where} (of ${value.length})`);
    expect(error.message).toContain('RFC 6749 Appendix A.12');
    const views = [error.message, error.stack, inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error)].join('\n');
    expect(views).not.toContain('secret');
    expect((error.cause as Record<string, unknown>).access_token).toBe('[redacted]');
  });

  it('VSCHAR is enough: a space, "!" (Salesforce) and other printable ASCII are accepted', () => {
    for (const accessToken of ['00D5g000004!AQ4AQ.x', 'a b', '~!@#$%^&*()_+{}|:"<>?`-=[]\\;\',./']) {
      expect(parse({ access_token: accessToken }).accessToken).toBe(accessToken);
    }
  });

  it('a token_type with CR/LF is refused without the tokenTypes hint', () => {
    const error = responseError(() => parse({ access_token: 'a', token_type: 'Bearer\r\nX-Injected: 1' }, {}, { tokenTypes: ['Bearer\r\nX-Injected: 1'] }));
    expect(error.message).toContain('token_type has a CR/LF at position 6');
    expect(error.message).not.toContain('tokenTypes');
  });
});

describe('parseTokenResponse: body shapes that are a credential', () => {
  const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJlLW11c3Qtbm90LWxlYWs';

  function views(error: unknown): string {
    return [String(error), (error as Error).stack, inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error)].join('\n');
  }

  it.each([
    ['a bare token as text/plain', token, 'text/plain', 'a single word of'],
    ['a bare opaque token with "!" (Salesforce)', '00D5g000004!AQ4AQFoo0Bar1Baz2Qux3', 'text/plain; charset=utf-8', 'a single word of'],
    ['a JSON string', JSON.stringify(token), 'application/json', 'a JSON string'],
  ])('%s: described, not shown', (_, body, type, described) => {
    for (const status of [200, 400]) {
      const error = responseError(() => parse(body, { status, headers: { 'content-type': type } }));
      expect(error.message).toContain(described);
      expect(error.cause).toBe('[redacted]');
      expect(views(error)).not.toContain(body.replace(/"/g, ''));
    }
  });

  it('an HTML page is still shown (redacted), it is no token', () => {
    const error = responseError(() => parse('<html><body>Sign in</body></html>', { headers: { 'content-type': 'text/html' } }));
    expect(error.message).toContain('"<html><body>Sign in</body></html>"');
  });

  it('JSON labelled application/x-www-form-urlencoded is read as JSON, never as one field named after the token', () => {
    const body = JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 3600 });
    expect(parse(body, { headers: { 'content-type': 'application/x-www-form-urlencoded' } })).toMatchObject({ accessToken: token, expiresAt: requestedAt + 3_600_000 });
    const refused = responseError(() => parse(JSON.stringify({ accessToken: token }), { headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(refused.message).toContain('access_token is missing (fields: accessToken)');
    expect(views(refused)).not.toContain(token);
  });

  it.each(['accessToken', 'AccessToken', 'refreshToken', 'idToken', 'token'])('camelCase %s is redacted in the cause', (field) => {
    const error = responseError(() => parse({ [field]: token, token_type: 'bearer' }));
    expect((error.cause as Record<string, unknown>)[field]).toBe('[redacted]');
    expect(views(error)).not.toContain(token);
  });

  it('a 400 that echoes the request: form body and Basic header redacted', () => {
    const basic = btoa('test-client:s3cret-value');
    const body = `bad request: grant_type=client_credentials&client_secret=s3cret-value; authorization: Basic ${basic}`;
    const error = responseError(() => parse(body, { status: 400, headers: { 'content-type': 'text/plain' } }));
    expect(error.message).toContain('client_secret=[redacted]');
    expect(error.message).toContain('authorization: Basic [redacted]');
    expect(views(error)).not.toContain('s3cret-value');
    expect(views(error)).not.toContain(basic);
  });
});

describe('parseTokenResponse: a redirect from the token endpoint', () => {
  it('names its Location and says tok does not follow it', () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const error = responseError(() => parse('', { status, headers: { location: 'https://login.example.com/oauth2/v2/token' } }));
      expect(error.code).toBe(ErrorCode.HttpStatus);
      expect(error.message).toContain(`answered ${status}`);
      expect(error.message).toContain('Location "https://login.example.com/oauth2/v2/token"');
      expect(error.message).toContain('tok does not follow redirects for token requests');
      expect(error.message).toContain('set tokenUrl');
    }
  });
});
