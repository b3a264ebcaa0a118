import { describe, expect, it } from 'vitest';
import { type ClientCredentialsOptions, clientCredentials } from '../request/grant.js';
import { buildTokenRequest, formEncode } from '../request/request.js';

const tokenUrl = 'https://auth.example.com/oauth/token';
// An id and a secret that form-encoding changes (space, ':', '%', '+'), so that 'basic' and
// 'basic-raw' give different bytes.
const credentials = { tokenUrl, clientId: 'client id', clientSecret: 'se:cr%et+' } as const;

const request = (options: Partial<ClientCredentialsOptions>) => buildTokenRequest(clientCredentials({ ...credentials, ...options }));

describe('buildTokenRequest: exact bytes per placement', () => {
  it("'basic' (the default): form-encoded id and secret, base64 in Authorization", () => {
    // base64("client+id:se%3Acr%25et%2B")
    const expected = {
      url: tokenUrl,
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: 'Basic Y2xpZW50K2lkOnNlJTNBY3IlMjVldCUyQg==',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    };
    expect(request({})).toStrictEqual(expected);
    expect(request({ placement: 'basic' })).toStrictEqual(expected);
  });

  it("'basic-raw': id and secret as typed, base64 in Authorization", () => {
    // base64("client id:se:cr%et+")
    expect(request({ placement: 'basic-raw' })).toStrictEqual({
      url: tokenUrl,
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: 'Basic Y2xpZW50IGlkOnNlOmNyJWV0Kw==',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
  });

  it("'basic-with-client-id': 'basic' plus client_id in the form body", () => {
    expect(request({ placement: 'basic-with-client-id' })).toStrictEqual({
      url: tokenUrl,
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: 'Basic Y2xpZW50K2lkOnNlJTNBY3IlMjVldCUyQg==',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&client_id=client+id',
    });
  });

  it("'form' (client_secret_post): both in the form body, no Authorization", () => {
    expect(request({ placement: 'form' })).toStrictEqual({
      url: tokenUrl,
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=client+id&client_secret=se%3Acr%25et%2B',
    });
  });

  it("'json': a JSON body, no Authorization", () => {
    expect(request({ placement: 'json' })).toStrictEqual({
      url: tokenUrl,
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials","client_id":"client id","client_secret":"se:cr%et+"}',
    });
  });

  it("'none': client_id only, when given", () => {
    const withId = buildTokenRequest(clientCredentials({ tokenUrl, clientId: 'client id', placement: 'none' }));
    expect(withId).toStrictEqual({
      url: tokenUrl,
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=client+id',
    });
    const withoutId = buildTokenRequest(clientCredentials({ tokenUrl: '/api/token', placement: 'none' }));
    expect(withoutId).toStrictEqual({
      url: '/api/token',
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
  });
});

describe('buildTokenRequest: every field', () => {
  const full = {
    scope: ['read:a', 'write'],
    audience: 'https://api.example.com',
    resource: ['https://a.example/', 'https://b.example/'],
    grantType: 'client-credentials',
    params: { tenant: 't 1' },
    headers: { 'X-Request-Id': 'r1', Accept: 'application/json, text/plain' },
  } satisfies Partial<ClientCredentialsOptions>;

  it('form body: fields in a fixed order, scope space-joined, resource repeated', () => {
    expect(request({ ...full, placement: 'form' })).toStrictEqual({
      url: tokenUrl,
      method: 'POST',
      headers: {
        accept: 'application/json, text/plain',
        'content-type': 'application/x-www-form-urlencoded',
        'x-request-id': 'r1',
      },
      body:
        'grant_type=client-credentials&client_id=client+id&client_secret=se%3Acr%25et%2B' +
        '&scope=read%3Aa+write&audience=https%3A%2F%2Fapi.example.com' +
        '&resource=https%3A%2F%2Fa.example%2F&resource=https%3A%2F%2Fb.example%2F&tenant=t+1',
    });
  });

  it('JSON body: a repeated resource becomes an array', () => {
    const { body } = request({ ...full, placement: 'json' });
    expect(body).toBe(
      '{"grant_type":"client-credentials","client_id":"client id","client_secret":"se:cr%et+","scope":"read:a write",' +
        '"audience":"https://api.example.com","resource":["https://a.example/","https://b.example/"],"tenant":"t 1"}',
    );
  });

  it('JSON body: a single resource stays a string', () => {
    expect(JSON.parse(request({ placement: 'json', resource: 'https://a.example/' }).body)).toMatchObject({ resource: 'https://a.example/' });
  });

  it('is pure and serialisable: the same grant gives the same plain request', () => {
    const grant = clientCredentials({ ...credentials, ...full });
    const first = buildTokenRequest(grant);
    expect(buildTokenRequest(grant)).toStrictEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toStrictEqual(first);
  });

  it('sends Accept: application/json with every placement', () => {
    for (const placement of ['basic', 'basic-raw', 'basic-with-client-id', 'form', 'json'] as const) {
      expect(request({ placement }).headers.accept).toBe('application/json');
    }
  });

  it('lets Authorization through from headers when the placement does not write it', () => {
    expect(request({ placement: 'form', headers: { Authorization: 'Custom x' } }).headers.authorization).toBe('Custom x');
  });
});

describe('formEncode', () => {
  it('matches the RFC 6749 Appendix B example', () => {
    // Appendix B: " %&+£€" encodes as "+%25%26%2B%C2%A3%E2%82%AC".
    expect(formEncode(' %&+£€')).toBe('+%25%26%2B%C2%A3%E2%82%AC');
  });

  it('leaves alphanumerics and *-._ alone and encodes the rest', () => {
    expect(formEncode('Az09*-._')).toBe('Az09*-._');
    expect(formEncode(':/?#[]@!$\'()~=')).toBe('%3A%2F%3F%23%5B%5D%40%21%24%27%28%29%7E%3D');
    expect(formEncode('')).toBe('');
  });
});
