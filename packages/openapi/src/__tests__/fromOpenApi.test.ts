import { inspect } from 'node:util';
import { ConfigError } from '@tok/core';
import { describe, expect, it } from 'vitest';
import { fromOpenApi, type OpenApiDocument } from '../index.js';

const credentials = { clientId: 'reports', clientSecret: 'Sup3r-s3cret-value' };
const flow = (tokenUrl: string, scopes: Record<string, string> = { 'reports:read': 'Read reports' }) => ({ type: 'oauth2', flows: { clientCredentials: { tokenUrl, scopes } } });

// OpenAPI 3.0, as parsed from YAML: a relative tokenUrl, a server with a variable, a $ref'd scheme.
const v30: OpenApiDocument = {
  openapi: '3.0.3',
  servers: [{ url: 'https://{region}.api.example.com/v2/', variables: { region: { default: 'eu' } } }, { url: 'https://backup.example.com' }],
  security: [{ oauth: ['reports:read'] }],
  components: {
    securitySchemes: { oauth: { $ref: '#/components/x-schemes/oauth' }, key: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
    'x-schemes': { oauth: flow('oauth/token', { 'reports:read': 'Read', 'reports:write': 'Write' }) },
  },
  paths: {
    '/reports': { get: {}, post: { security: [{ oauth: ['reports:write', 'reports:read'] }] } },
    '/status': { get: { security: [] } },
    '/keys': { get: { security: [{ key: [] }] } },
    '/either': { get: { security: [{ key: [] }, { oauth: ['reports:read'] }] } },
  },
};

describe('fromOpenApi', () => {
  it('reads an OpenAPI 3.0 document: the flow behind a $ref, the token URL resolved against the first server, scopes per operation', () => {
    const auth = fromOpenApi(v30, credentials);
    expect(auth).toMatchObject({ scheme: 'oauth', tokenUrl: 'https://eu.api.example.com/v2/oauth/token', scopes: 'per-operation' });
    expect(auth.availableScopes).toStrictEqual({ 'reports:read': 'Read', 'reports:write': 'Write' });
    expect(auth.operations).toStrictEqual({
      'GET /reports': ['reports:read'],
      'POST /reports': ['reports:write', 'reports:read'],
      'GET /either': ['reports:read'],
    });
    expect([auth.scopesOf('/status', 'GET'), auth.scopesOf('/keys', 'get'), auth.scopesOf('/unknown', 'get')]).toStrictEqual([undefined, undefined, ['reports:read']]);
    expect(auth.grant.tokenUrl).toBe(auth.tokenUrl);
  });

  it('reads an OpenAPI 3.1 document with an absolute token URL, and a relative one against a relative server and the document URL', () => {
    const v31 = { openapi: '3.1.0', components: { securitySchemes: { m2m: flow('https://auth.example.com/oauth2/token') } } };
    expect(fromOpenApi(v31, credentials).tokenUrl).toBe('https://auth.example.com/oauth2/token');
    const relative = { openapi: '3.1.0', servers: [{ url: '/api/v1/' }], components: { securitySchemes: { m2m: flow('../token') } } };
    expect(fromOpenApi(relative, { ...credentials, documentUrl: 'https://example.com/docs/openapi.json' }).tokenUrl).toBe('https://example.com/api/token');
    expect(() => fromOpenApi(relative, credentials)).toThrow(/relative.*documentUrl/);
  });

  it('makes one grant per distinct scope set, in any order, all with the same credentials', () => {
    const auth = fromOpenApi(v30, credentials);
    const write = auth.grantFor(['reports:write', 'reports:read']);
    expect(auth.grantFor(['reports:read', 'reports:write', 'reports:read'])).toBe(write);
    expect(auth.grantFor([])).toBe(auth.grant);
    expect([write.scope, write.clientId, auth.grant.scope]).toStrictEqual([['reports:read', 'reports:write'], 'reports', []]);
    expect(fromOpenApi(v30, { ...credentials, scopes: ['reports:read'] }).grant.scope).toStrictEqual(['reports:read']);
  });

  it('never shows the client secret', () => {
    const auth = fromOpenApi(v30, credentials);
    const write = auth.grantFor(['reports:write']);
    for (const shown of [JSON.stringify(auth), inspect(auth, { depth: 5 }), JSON.stringify(write), inspect(write, { depth: 5 }), String(auth.grant)]) expect(shown).not.toContain(credentials.clientSecret);
  });

  describe('explains what is wrong, as a ConfigError', () => {
    const cases: Array<[string, unknown, Record<string, unknown>, RegExp]> = [
      ['not a document', { swagger: '2.0' }, {}, /^document: expected an OpenAPI 3.0 or 3.1 document/],
      ['Swagger 2.0 with an openapi field', { openapi: '2.0' }, {}, /tok reads OpenAPI 3.0 and 3.1/],
      ['no oauth2 scheme', { openapi: '3.1.0', components: { securitySchemes: { key: { type: 'apiKey' } } } }, {}, /no oauth2 security scheme with a clientCredentials flow.*clientCredentials\(\{ tokenUrl/],
      ['only another flow', { openapi: '3.1.0', components: { securitySchemes: { o: { type: 'oauth2', flows: { authorizationCode: { tokenUrl: 'https://a/t' } } } } } }, {}, /no oauth2 security scheme with a clientCredentials flow/],
      ['several and none chosen', { openapi: '3.1.0', components: { securitySchemes: { a: flow('https://a/t'), b: flow('https://b/t') } } }, {}, /^scheme: the document has 2 oauth2 schemes with a clientCredentials flow \("a", "b"\); choose one with scheme: "a"/],
      ['an unknown scheme chosen', { openapi: '3.1.0', components: { securitySchemes: { a: flow('https://a/t') } } }, { scheme: 'z' }, /^scheme: "z" is not an oauth2 scheme.*"a"/],
      ['no tokenUrl', { openapi: '3.1.0', components: { securitySchemes: { a: { type: 'oauth2', flows: { clientCredentials: { scopes: {} } } } } } }, {}, /tokenUrl: is missing/],
      ['a bad scopes option', v30, { scopes: 'all' }, /^scopes: expected 'per-operation', 'none' or a list/],
      ['a bad credential option, checked now', v30, { clientId: '' }, /clientId/],
    ];
    it.each(cases)('%s', (_, document, options, message) => {
      const attempt = () => fromOpenApi(document as OpenApiDocument, { ...credentials, ...options });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(message);
    });

    it('chooses among several schemes by name', () => {
      const two = { openapi: '3.1.0', components: { securitySchemes: { a: flow('https://a.example/t'), b: flow('https://b.example/t') } } };
      expect(fromOpenApi(two, { ...credentials, scheme: 'b' }).tokenUrl).toBe('https://b.example/t');
    });
  });
});
