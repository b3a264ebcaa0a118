// The recipes as pure grant builders: URLs, placements and the errors they raise early.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { auth0 } from '../recipes/auth0.js';
import { cognito } from '../recipes/cognito.js';
import { entraId } from '../recipes/entraId.js';
import { keycloak } from '../recipes/keycloak.js';
import { okta } from '../recipes/okta.js';
import { SALESFORCE_SESSION_TIMEOUT_MS, salesforce } from '../recipes/salesforce.js';
import { shopify } from '../recipes/shopify.js';
import { buildTokenRequest } from '../request/request.js';

const creds = { clientId: 'id', clientSecret: 'secret' };

describe('recipes', () => {
  it('auth0: JSON with audience to https://<domain>/oauth/token', () => {
    const grant = auth0({ domain: 'acme.eu.auth0.com', ...creds, audience: 'https://api.acme.com' });
    expect(buildTokenRequest(grant)).toMatchObject({
      url: 'https://acme.eu.auth0.com/oauth/token',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials","client_id":"id","client_secret":"secret","audience":"https://api.acme.com"}',
    });
    expect(auth0({ domain: 'https://login.acme.com/', ...creds, audience: 'x' }).tokenUrl).toBe('https://login.acme.com/oauth/token');
    expect(() => auth0({ domain: 'acme.auth0.com', ...creds } as never)).toThrow('audience: expected a non-empty string');
  });

  it('entraId: form with <resource>/.default; named scopes refused with the fix', () => {
    const grant = entraId({ tenant: 'contoso.onmicrosoft.com', ...creds, resource: 'https://graph.microsoft.com/' });
    expect(buildTokenRequest(grant)).toMatchObject({
      url: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      body: 'grant_type=client_credentials&client_id=id&client_secret=secret&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
    });
    expect(entraId({ tenant: 't', ...creds, scope: 'api://reports/.default', authority: 'https://login.microsoftonline.us' }).tokenUrl).toBe(
      'https://login.microsoftonline.us/t/oauth2/v2.0/token',
    );
    for (const scope of ['User.Read', 'api://reports/read', 'api://a/.default api://b/.default']) {
      const attempt = () => entraId({ tenant: 't', ...creds, scope });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/only the \.default scope of one resource.*api:\/\/my-api\/\.default/);
    }
    expect(() => entraId({ tenant: 't', ...creds, resource: 'api://x/.default' })).toThrow(/already ends in \.default/);
    expect(() => entraId({ tenant: 'https://login.microsoftonline.com/t', ...creds, resource: 'api://x' })).toThrow(/tenant.*contains "\/"/);
  });

  it('cognito: Basic to https://<domain>/oauth2/token', () => {
    const request = buildTokenRequest(cognito({ domain: 'acme.auth.eu-west-1.amazoncognito.com', ...creds, scope: ['orders/read', 'orders/write'] }));
    expect(request).toMatchObject({
      url: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token',
      headers: { authorization: `Basic ${btoa('id:secret')}` },
      body: 'grant_type=client_credentials&scope=orders%2Fread+orders%2Fwrite',
    });
  });

  it('keycloak: the realm URL, with or without the legacy /auth base', () => {
    expect(keycloak({ url: 'https://sso.acme.com', realm: 'services', ...creds }).tokenUrl).toBe('https://sso.acme.com/realms/services/protocol/openid-connect/token');
    expect(keycloak({ url: 'https://sso.acme.com/auth/', realm: 'my realm', ...creds }).tokenUrl).toBe(
      'https://sso.acme.com/auth/realms/my%20realm/protocol/openid-connect/token',
    );
    expect(() => keycloak({ url: 'https://sso.acme.com?x=1', realm: 'r', ...creds })).toThrow(/query or fragment/);
  });

  it('okta: /oauth2/<server>/v1/token, scopes required', () => {
    expect(okta({ domain: 'acme.okta.com', ...creds, scope: 'orders:read' }).tokenUrl).toBe('https://acme.okta.com/oauth2/default/v1/token');
    expect(okta({ domain: 'acme.okta.com', authorizationServerId: 'aus1', ...creds, scope: ['a'] }).tokenUrl).toBe('https://acme.okta.com/oauth2/aus1/v1/token');
    expect(() => okta({ domain: 'acme.okta.com', ...creds, scope: '' })).toThrow(/at least one custom scope/);
  });

  it('salesforce: form to /services/oauth2/token, lifetime from the session timeout', () => {
    const grant = salesforce({ domain: 'acme.my.salesforce.com', ...creds });
    expect(grant).toMatchObject({ tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token', placement: 'form', defaultLifetimeMs: SALESFORCE_SESSION_TIMEOUT_MS });
    expect(SALESFORCE_SESSION_TIMEOUT_MS).toBe(7_200_000);
    expect(salesforce({ domain: 'acme.my.salesforce.com', ...creds, sessionTimeoutMs: 900_000 }).defaultLifetimeMs).toBe(900_000);
  });

  it('shopify: a shop name, host or URL', () => {
    expect(shopify({ shop: 'acme', ...creds }).tokenUrl).toBe('https://acme.myshopify.com/admin/oauth/access_token');
    expect(shopify({ shop: 'acme.myshopify.com', ...creds }).tokenUrl).toBe('https://acme.myshopify.com/admin/oauth/access_token');
    expect(buildTokenRequest(shopify({ shop: 'acme', ...creds })).body).toBe('grant_type=client_credentials&client_id=id&client_secret=secret');
  });

  it('refuses an http:// domain that is not loopback, like every grant', () => {
    expect(() => auth0({ domain: 'http://acme.auth0.com', ...creds, audience: 'x' })).toThrow(/would send credentials in clear text/);
  });
});
