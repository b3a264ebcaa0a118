// Discovery (RFC 8414, OpenID Connect Discovery): well-known URLs, metadata checks, issuer grants.
import { describe, expect, it } from 'vitest';
import { auto, autoPlacements } from '../client-auth/autoPlacement.js';
import { ErrorCode } from '../errors/codes.js';
import { ConfigError } from '../errors/ConfigError.js';
import { ResponseError } from '../errors/ResponseError.js';
import { clientCredentials } from '../request/grant.js';
import { metadataUrls, parseServerMetadata } from '../discovery/metadata.js';
import { withServerMetadata } from '../discovery/withServerMetadata.js';
import { buildTokenRequest } from '../request/request.js';
import { tokenCacheKey } from '../source/store.js';
import { discover } from '../discovery/discover.js';

const issuer = 'https://auth.example.com';
const url = `${issuer}/.well-known/oauth-authorization-server`;
const json = (body: unknown, status = 200) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('metadataUrls', () => {
  it('inserts the RFC 8414 suffix before the path, appends the OIDC one after it', () => {
    expect(metadataUrls('https://auth.example.com')).toStrictEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server',
      'https://auth.example.com/.well-known/openid-configuration',
    ]);
    expect(metadataUrls('https://sso.example.com/realms/acme/')).toStrictEqual([
      'https://sso.example.com/.well-known/oauth-authorization-server/realms/acme',
      'https://sso.example.com/realms/acme/.well-known/openid-configuration',
    ]);
  });
});

describe('parseServerMetadata', () => {
  it('reads the token endpoint and the methods, with RFC 8414 defaults', () => {
    const full = parseServerMetadata(
      json({ issuer, token_endpoint: `${issuer}/token`, token_endpoint_auth_methods_supported: ['private_key_jwt'], token_endpoint_auth_signing_alg_values_supported: ['ES256'] }),
      { issuer, url },
    );
    expect(full).toMatchObject({ issuer, tokenEndpoint: `${issuer}/token`, tokenEndpointAuthMethods: ['private_key_jwt'], tokenEndpointAuthSigningAlgs: ['ES256'] });
    const bare = parseServerMetadata(json({ issuer, token_endpoint: `${issuer}/token` }), { issuer, url });
    expect(bare.tokenEndpointAuthMethods).toStrictEqual(['client_secret_basic']);
    expect(bare.tokenEndpointAuthSigningAlgs).toBeUndefined();
  });

  it.each([
    ['another issuer', json({ issuer: `${issuer}/`, token_endpoint: `${issuer}/token` }), /names "https:\/\/auth.example.com\/", not the configured issuer "https:\/\/auth.example.com"/],
    ['no issuer', json({ token_endpoint: `${issuer}/token` }), /names no issuer/],
    ['no token endpoint', json({ issuer }), /has no token_endpoint/],
    ['an http token endpoint', json({ issuer, token_endpoint: 'http://auth.example.com/token' }), /unusable token_endpoint: token_endpoint: http:\/\/ to auth.example.com/],
    ['a relative token endpoint', json({ issuer, token_endpoint: '/token' }), /relative token_endpoint/],
    ['a methods string', json({ issuer, token_endpoint: `${issuer}/token`, token_endpoint_auth_methods_supported: 'client_secret_basic' }), /not a list of strings/],
    ['HTML', { status: 200, headers: {}, body: '<html>' }, /is not JSON/],
    ['an array', json([]), /is not a JSON object/],
  ])('refuses %s with a ResponseError naming the URL', (_what, response, message) => {
    const attempt = () => parseServerMetadata(response, { issuer, url });
    expect(attempt).toThrow(ResponseError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(url);
  });

  it('a non-2xx answer is TOK_HTTP_STATUS with its status', () => {
    const error = (() => {
      try {
        parseServerMetadata(json({ error: 'not_found' }, 404), { issuer, url });
      } catch (e) {
        return e as ResponseError;
      }
    })();
    expect(error).toMatchObject({ code: ErrorCode.HttpStatus, status: 404 });
  });
});

describe('autoPlacements', () => {
  it("is basic then form, narrowed to what the server lists", () => {
    expect(autoPlacements()).toStrictEqual(['basic', 'form']);
    expect(autoPlacements(['client_secret_post', 'client_secret_basic'])).toStrictEqual(['basic', 'form']);
    expect(autoPlacements(['client_secret_post'])).toStrictEqual(['form']);
  });

  it.each([
    [['private_key_jwt'], /placement: privateKeyJwt/],
    [['client_secret_jwt', 'tls_client_auth'], /placement: clientSecretJwt\(\)/],
    [['tls_client_auth'], /client certificate/],
    [['none'], /placement "none" \(and no clientSecret\)/],
    [[], /supports no method/],
  ])('explains what to choose when the server lists %j', (methods, message) => {
    expect(() => autoPlacements(methods)).toThrow(ConfigError);
    expect(() => autoPlacements(methods)).toThrow(message);
  });
});

describe('a grant with issuer: discover(…)', () => {
  const grant = clientCredentials({ issuer: discover(issuer), clientId: 'app', clientSecret: 's' });

  it('has no tokenUrl yet, keeps the issuer as given, and negotiates by default (auto())', () => {
    expect(grant).toMatchObject({ tokenUrl: undefined, issuer });
    expect(String(grant.placement)).toBe('auto()');
    expect(clientCredentials({ issuer: discover(`${issuer}/`), clientId: 'app', clientSecret: 's', placement: 'form' })).toMatchObject({ issuer: `${issuer}/`, placement: 'form' });
  });

  it('cannot be built before discovery; withServerMetadata resolves it', () => {
    expect(() => buildTokenRequest(grant)).toThrow(/auto is negotiated by the token source/);
    expect(() => buildTokenRequest({ ...grant, placement: 'basic' })).toThrow(/has an issuer and no token endpoint yet/);
    const metadata = parseServerMetadata(json({ issuer, token_endpoint: `${issuer}/oauth/token`, token_endpoint_auth_methods_supported: ['client_secret_post'] }), { issuer, url });
    const resolved = withServerMetadata(grant, metadata);
    expect(resolved).toMatchObject({ tokenUrl: `${issuer}/oauth/token`, placement: 'form' });
    expect(buildTokenRequest(resolved).body).toBe('grant_type=client_credentials&client_id=app&client_secret=s');
  });

  it('refuses both tokenUrl and issuer', () => {
    expect(() => clientCredentials({ issuer: discover(issuer), tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 's' })).toThrow(/give either tokenUrl or issuer, not both/);
  });

  it.each([
    ['/auth', /is a path; the issuer is an absolute URL/],
    ['http://auth.example.com', /http:\/\/ to auth.example.com/],
    [`${issuer}?tenant=1`, /must not contain a \?query/],
    [`${issuer}#x`, /#fragment/],
  ])('discover(%j) is refused', (given, message) => {
    expect(() => discover(given)).toThrow(message);
  });

  it('allows an http issuer off loopback only when asked', () => {
    expect(discover('http://auth.internal', { allowInsecure: true }).issuer).toBe('http://auth.internal');
  });

  it('gets its own store key, and tokenUrl grants keep theirs', async () => {
    const a = await tokenCacheKey(grant);
    const b = await tokenCacheKey(clientCredentials({ issuer: discover('https://other.example.com'), clientId: 'app', clientSecret: 's' }));
    expect(a).not.toBe(b);
    expect(await grant.cacheKey()).toBe(a);
  });
});

describe('placement: auto()', () => {
  it('is accepted, and does not let headers set Authorization', () => {
    expect(String(clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'a', clientSecret: 's', placement: auto() }).placement)).toBe('auto()');
    expect(() => clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'a', clientSecret: 's', placement: auto(), headers: { Authorization: 'x' } })).toThrow(
      /placement auto\(\) writes Authorization/,
    );
    expect(() => clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'a', clientSecret: 's', placement: 'automatic' as never })).toThrow(
      /"automatic" is not one of basic, basic-raw, basic-with-client-id, form, json, none, auto\(\), privateKeyJwt\(…\) or clientSecretJwt\(\)/,
    );
  });
});
