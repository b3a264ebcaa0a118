// The provider recipes page's data: each provider's @tok/core recipe call and the plain
// clientCredentials configuration it stands for. test/recipes.test.ts checks that both give the
// same token request, so the page can never teach a configuration the recipe does not send.
import { auth0, type ClientCredentialsOptions, cognito, entraId, type Grant, keycloak, okta, salesforce, shopify } from '@tok/core';

export interface Recipe {
  /** The recipe function's name in @tok/core. */
  readonly fn: string;
  /** Prefix of the environment variables in the examples (`AUTH0` → `AUTH0_CLIENT_ID`). */
  readonly env: string;
  /** The recipe's options besides clientId and clientSecret. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The same grant as clientCredentials options, besides clientId and clientSecret. */
  readonly equivalent: Omit<ClientCredentialsOptions, 'clientId' | 'clientSecret'>;
  /** Options the adapter needs for this provider's API, if any. */
  readonly adapter?: Readonly<Record<string, unknown>>;
  /** Builds the grant with the recipe, for placeholder credentials. */
  grant(credentials: { clientId: string; clientSecret: string }): Grant;
}

export const PLACEHOLDER_CREDENTIALS = { clientId: 'YOUR_CLIENT_ID', clientSecret: 'YOUR_CLIENT_SECRET' } as const;

export const recipes = {
  auth0: {
    fn: 'auth0',
    env: 'AUTH0',
    options: { domain: 'YOUR_TENANT.eu.auth0.com', audience: 'https://api.example.com' },
    equivalent: { tokenUrl: 'https://YOUR_TENANT.eu.auth0.com/oauth/token', placement: 'json', audience: 'https://api.example.com' },
    grant: (c) => auth0({ ...c, domain: 'YOUR_TENANT.eu.auth0.com', audience: 'https://api.example.com' }),
  },
  entraId: {
    fn: 'entraId',
    env: 'AZURE',
    options: { tenant: 'YOUR_TENANT_ID', resource: 'api://YOUR_API_APP_ID' },
    equivalent: {
      tokenUrl: 'https://login.microsoftonline.com/YOUR_TENANT_ID/oauth2/v2.0/token',
      placement: 'form',
      scope: 'api://YOUR_API_APP_ID/.default',
    },
    grant: (c) => entraId({ ...c, tenant: 'YOUR_TENANT_ID', resource: 'api://YOUR_API_APP_ID' }),
  },
  cognito: {
    fn: 'cognito',
    env: 'COGNITO',
    options: { domain: 'YOUR_DOMAIN.auth.eu-west-1.amazoncognito.com', scope: 'orders-api/orders.read' },
    equivalent: { tokenUrl: 'https://YOUR_DOMAIN.auth.eu-west-1.amazoncognito.com/oauth2/token', placement: 'basic', scope: 'orders-api/orders.read' },
    grant: (c) => cognito({ ...c, domain: 'YOUR_DOMAIN.auth.eu-west-1.amazoncognito.com', scope: 'orders-api/orders.read' }),
  },
  keycloak: {
    fn: 'keycloak',
    env: 'KEYCLOAK',
    options: { url: 'https://sso.example.com', realm: 'YOUR_REALM' },
    equivalent: { tokenUrl: 'https://sso.example.com/realms/YOUR_REALM/protocol/openid-connect/token', placement: 'basic' },
    grant: (c) => keycloak({ ...c, url: 'https://sso.example.com', realm: 'YOUR_REALM' }),
  },
  okta: {
    fn: 'okta',
    env: 'OKTA',
    options: { domain: 'YOUR_ORG.okta.com', scope: 'orders.read' },
    equivalent: { tokenUrl: 'https://YOUR_ORG.okta.com/oauth2/default/v1/token', placement: 'basic', scope: 'orders.read' },
    grant: (c) => okta({ ...c, domain: 'YOUR_ORG.okta.com', scope: 'orders.read' }),
  },
  salesforce: {
    fn: 'salesforce',
    env: 'SF',
    options: { domain: 'YOUR_DOMAIN.my.salesforce.com' },
    equivalent: { tokenUrl: 'https://YOUR_DOMAIN.my.salesforce.com/services/oauth2/token', placement: 'form', defaultLifetimeMs: 7_200_000 },
    grant: (c) => salesforce({ ...c, domain: 'YOUR_DOMAIN.my.salesforce.com' }),
  },
  shopify: {
    fn: 'shopify',
    env: 'SHOPIFY',
    options: { shop: 'YOUR_SHOP' },
    equivalent: { tokenUrl: 'https://YOUR_SHOP.myshopify.com/admin/oauth/access_token', placement: 'form' },
    adapter: { origins: ['https://YOUR_SHOP.myshopify.com'], header: 'x-shopify-access-token', scheme: '' },
    grant: (c) => shopify({ ...c, shop: 'YOUR_SHOP' }),
  },
} satisfies Record<string, Recipe>;

export type RecipeName = keyof typeof recipes;

const js = (value: unknown): string => (typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value).replace(/"/g, "'").replace(/,/g, ', '));

function objectLines(entries: [string, string][]): string {
  return entries.map(([k, v]) => `  ${k}: ${v},`).join('\n');
}

function credentialLines(env: string): [string, string][] {
  return [
    ['clientId', `process.env.${env}_CLIENT_ID`],
    ['clientSecret', `process.env.${env}_CLIENT_SECRET`],
  ];
}

function adapterCall(recipe: Recipe): string {
  const options = recipe.adapter ?? { origins: ['https://api.example.com'] };
  const lines = Object.entries(options).map(([k, v]) => `  ${k}: ${js(v)},`);
  return `\nconst api = withToken(fetch, grant, {\n${lines.join('\n')}\n});`;
}

/** The recipe call, as a reader would write it. */
export function recipeCode(recipe: Recipe): string {
  const entries = Object.entries(recipe.options);
  const [first, ...rest] = entries;
  const lines: [string, string][] = [...(first ? [[first[0], js(first[1])] as [string, string]] : []), ...credentialLines(recipe.env), ...rest.map(([k, v]) => [k, js(v)] as [string, string])];
  return `import { ${recipe.fn} } from '@tok/core';\nimport { withToken } from '@tok/fetch';\n\nconst grant = ${recipe.fn}({\n${objectLines(lines)}\n});\n${adapterCall(recipe)}`;
}

/** The same grant spelled out with clientCredentials. */
export function equivalentCode(recipe: Recipe): string {
  const { tokenUrl, ...rest } = recipe.equivalent;
  const lines: [string, string][] = [['tokenUrl', js(String(tokenUrl))], ...credentialLines(recipe.env)];
  for (const [k, v] of Object.entries(rest)) lines.push([k, k === 'defaultLifetimeMs' ? `${Number(v) / 3_600_000} * 60 * 60 * 1000` : js(v)]);
  return `import { clientCredentials } from '@tok/core';\n\nconst grant = clientCredentials({\n${objectLines(lines)}\n});`;
}
