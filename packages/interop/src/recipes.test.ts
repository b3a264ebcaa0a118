// Each recipe against a local server that speaks that provider's documented token-endpoint wire
// format (and refuses what the provider refuses), then a protected call with the token.
import { auth0, cognito, ConfigError, entraId, type Grant, keycloak, okta, SALESFORCE_SESSION_TIMEOUT_MS, salesforce, shopify } from '@tok/core';
import type { AuthorizeOptions } from '@tok/core/adapter';
import { afterEach, describe, expect, it } from 'vitest';
import { authorizedFetch } from './client.js';
import { oauthError, startWireServer, type WireAnswer, type WireRequest, type WireServer } from './servers/wireServer.js';

const ID = 'app-id';
const SECRET = 'app~secret.with-symbols_0';

const servers: WireServer[] = [];
const sources: { dispose(): void }[] = [];
afterEach(async () => {
  for (const s of sources.splice(0)) s.dispose();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(tokenPath: string, answer: (r: WireRequest) => WireAnswer, apiHeader?: string): Promise<WireServer> {
  const server = await startWireServer({ tokenPath, answer, ...(apiHeader ? { apiHeader } : {}) });
  servers.push(server);
  return server;
}

async function protectedCall(server: WireServer, grant: Grant, adapter: AuthorizeOptions = {}) {
  const f = authorizedFetch(grant, {}, { origins: [server.origin], ...adapter });
  sources.push(f.source);
  const response = await f(`${server.origin}/api/things`);
  expect(response.status).toBe(200);
  return f.source.getToken();
}

const bodyCredentials = (r: WireRequest) => r.fields.client_id === ID && r.fields.client_secret === SECRET && r.basic === null;
const basicCredentials = (r: WireRequest) =>
  r.basic !== null && decodeURIComponent(r.basic.id) === ID && decodeURIComponent(r.basic.secret) === SECRET && r.fields.client_secret === undefined;

describe('recipes against their provider’s wire format', () => {
  it('Auth0: JSON body to /oauth/token with the required audience', async () => {
    const server = await serve('/oauth/token', (r) => {
      if (r.bodyType !== 'json' && r.bodyType !== 'form') return oauthError(400, 'invalid_request', 'unsupported content type');
      if (!bodyCredentials(r) && !basicCredentials(r)) return oauthError(401, 'access_denied', 'Unauthorized');
      if (r.fields.audience !== 'https://api.acme.com') return oauthError(403, 'access_denied', 'Service not enabled within domain');
      return { token: (access_token) => ({ access_token, expires_in: 86400, token_type: 'Bearer' }) };
    });
    const token = await protectedCall(server, auth0({ domain: server.origin, clientId: ID, clientSecret: SECRET, audience: 'https://api.acme.com' }));
    expect(server.requests[0]?.bodyType).toBe('json');
    expect((token.expiresAt ?? 0) - token.issuedAt).toBe(86_400_000);
  });

  it('Entra ID: form body to /<tenant>/oauth2/v2.0/token with scope <resource>/.default', async () => {
    const server = await serve('/contoso.onmicrosoft.com/oauth2/v2.0/token', (r) => {
      if (r.bodyType !== 'form') return oauthError(400, 'invalid_request', 'AADSTS900144: The request body must contain the following parameter: grant_type');
      if (!bodyCredentials(r)) return oauthError(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
      if (r.fields.scope !== 'api://reports/.default') return oauthError(400, 'invalid_scope', 'AADSTS1002012: The provided value for scope is not valid.');
      return { token: (access_token) => ({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token }) };
    });
    const grant = entraId({ authority: server.origin, tenant: 'contoso.onmicrosoft.com', clientId: ID, clientSecret: SECRET, resource: 'api://reports' });
    await protectedCall(server, grant);
    expect(() => entraId({ tenant: 't', clientId: ID, clientSecret: SECRET, scope: 'api://reports/read' })).toThrow(ConfigError);
  });

  it('Amazon Cognito: Basic required, /oauth2/token on the user pool domain', async () => {
    const server = await serve('/oauth2/token', (r) => {
      if (r.bodyType !== 'form') return oauthError(400, 'invalid_request', 'content type');
      if (!basicCredentials(r)) return oauthError(400, 'invalid_client', 'Client authentication failed');
      return { token: (access_token) => ({ access_token, expires_in: 3600, token_type: 'Bearer' }) };
    });
    await protectedCall(server, cognito({ domain: server.origin, clientId: ID, clientSecret: SECRET, scope: 'orders/read' }));
    expect(server.requests[0]?.fields).toStrictEqual({ grant_type: 'client_credentials', scope: 'orders/read' });
  });

  it('Keycloak: realm URL, /realms/<realm>/protocol/openid-connect/token', async () => {
    const server = await serve('/realms/services/protocol/openid-connect/token', (r) => {
      if (!basicCredentials(r) && !bodyCredentials(r)) return oauthError(401, 'unauthorized_client', 'Invalid client or Invalid client credentials');
      return { token: (access_token) => ({ access_token, expires_in: 300, refresh_expires_in: 0, token_type: 'Bearer', 'not-before-policy': 0, scope: 'profile email' }) };
    });
    const token = await protectedCall(server, keycloak({ url: server.origin, realm: 'services', clientId: ID, clientSecret: SECRET }));
    expect((token.expiresAt ?? 0) - token.issuedAt).toBe(300_000);
  });

  it('Okta: /oauth2/<authorizationServerId>/v1/token with a custom scope, which it requires', async () => {
    const server = await serve('/oauth2/default/v1/token', (r) => {
      if (!basicCredentials(r)) return oauthError(401, 'invalid_client', 'The client secret supplied for a confidential client is invalid.');
      if (typeof r.fields.scope !== 'string') return oauthError(400, 'invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
      return { token: (access_token) => ({ token_type: 'Bearer', expires_in: 3600, access_token, scope: r.fields.scope }) };
    });
    const token = await protectedCall(server, okta({ domain: server.origin, clientId: ID, clientSecret: SECRET, scope: 'orders:read' }));
    expect(token.scope).toBe('orders:read');
    expect(() => okta({ domain: server.origin, clientId: ID, clientSecret: SECRET, scope: [] })).toThrow(/at least one custom scope/);
  });

  it('Salesforce: no expires_in in the answer, so the token lives for the default session timeout', async () => {
    const server = await serve('/services/oauth2/token', (r) => {
      if (r.bodyType !== 'form' || !bodyCredentials(r)) return oauthError(400, 'invalid_client', 'invalid client credentials');
      return {
        token: (access_token) => ({
          access_token,
          signature: 'c2lnbmF0dXJl',
          scope: 'api',
          instance_url: 'https://acme.my.salesforce.com',
          id: 'https://login.salesforce.com/id/00D/005',
          token_type: 'Bearer',
          issued_at: String(Date.now()),
        }),
      };
    });
    const token = await protectedCall(server, salesforce({ domain: server.origin, clientId: ID, clientSecret: SECRET }));
    expect((token.expiresAt ?? 0) - token.issuedAt).toBe(SALESFORCE_SESSION_TIMEOUT_MS);
    expect(token.raw.instance_url).toBe('https://acme.my.salesforce.com');
  });

  it('Shopify: no token_type in the answer; the Admin API reads X-Shopify-Access-Token', async () => {
    const server = await serve(
      '/admin/oauth/access_token',
      (r) => {
        if (!bodyCredentials(r)) return oauthError(400, 'invalid_client', 'Client credentials are invalid');
        if (r.fields.grant_type !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'grant_type');
        return { token: (access_token) => ({ access_token, scope: 'read_products', expires_in: 86399 }) };
      },
      'x-shopify-access-token',
    );
    const token = await protectedCall(server, shopify({ shop: server.origin, clientId: ID, clientSecret: SECRET }), { header: 'x-shopify-access-token', scheme: '' });
    expect(token.tokenType).toBe('Bearer');
    expect(shopify({ shop: 'acme', clientId: ID, clientSecret: SECRET }).tokenUrl).toBe('https://acme.myshopify.com/admin/oauth/access_token');
  });
});
