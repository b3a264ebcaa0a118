// Pay for what you use: a bundle carries a feature's code only when it imports the feature. Each
// check bundles a minimal entry with esbuild and looks for marker strings of every feature it does
// not use; a counterpart bundle that uses the feature must contain them, so the check can fail.
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const core = fileURLToPath(new URL('../..', import.meta.url));
const packages = fileURLToPath(new URL('../../..', import.meta.url));

// The adapters import @tok/core (and @tok/core/adapter): bundle them from source with core's source.
const workspace: Plugin = {
  name: 'workspace',
  setup(b) {
    const paths: Record<string, string> = {
      '@tok/core': `${core}src/index.ts`,
      '@tok/core/adapter': `${core}src/adapter/index.ts`,
      '@tok/fetch': `${packages}fetch/src/index.ts`,
    };
    b.onResolve({ filter: /^@tok\// }, (args) => {
      const path = paths[args.path];
      return path === undefined ? undefined : { path };
    });
  },
};

/** The bundle of `code`, an ES module that imports from '@tok/core' (and '@tok/fetch'). */
async function bundleOf(code: string): Promise<string> {
  const result = await build({
    stdin: { contents: code, resolveDir: core, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    plugins: [workspace],
  });
  return result.outputFiles[0]?.text ?? '';
}

/** A bundle that imports `names` from @tok/core and keeps them. */
function bundle(names: string[]): Promise<string> {
  return bundleOf(`import { ${names.join(', ')} } from '@tok/core';\nexport default [${names.join(', ')}];`);
}

// Marker strings, one or more per feature, each found only in that feature's modules.
const FEATURES = {
  jwt: ['client-assertion-type:jwt-bearer', 'RSASSA-PKCS1-v1_5', 'BEGIN PRIVATE KEY', 'private_key_jwt(', 'client_secret_jwt(', 'assertionLifetime'],
  discovery: ['oauth-authorization-server', 'openid-configuration', 'no authorization server metadata'],
  negotiation: ['refused every placement', 'auto() found no placement', 'none of which auto() sends'],
  recipes: ['myshopify.com', 'login.microsoftonline.com', '/protocol/openid-connect/token'],
  clientAuth: ['client_secret_basic', 'client_secret_post', 'basic-raw'],
  redaction: ['left out: it may hold credentials', 'client_?(?:secret|assertion)'],
  fullParser: ['Appendix A.12', 'probably a bare token'],
  measuring: ['durationMs', 'function placementOf'],
} as const;

function expectNone(text: string, ...features: (keyof typeof FEATURES)[]): void {
  for (const feature of features) for (const marker of FEATURES[feature]) expect(text, `${feature}: ${marker}`).not.toContain(marker);
}

function expectAll(text: string, feature: keyof typeof FEATURES): void {
  for (const marker of FEATURES[feature]) expect(text, `${feature}: ${marker}`).toContain(marker);
}

describe('tree shaking', () => {
  it('the server default (clientCredentials + createTokenSource + fetchTransport) has no JWT, discovery, negotiation or recipes', async () => {
    const text = await bundle(['clientCredentials', 'createTokenSource', 'fetchTransport']);
    expect(text).toContain('function createTokenSource');
    expect(text).toContain('client_secret_basic');
    expectNone(text, 'jwt', 'discovery', 'negotiation', 'recipes', 'measuring');
  });

  it('the measuring behind token-request events comes only with measureTokenRequests, which instrumentation imports', async () => {
    const text = await bundleOf(
      `import { clientCredentials, createTokenSource, fetchTransport } from '@tok/core';\nimport { measureTokenRequests } from '@tok/core/adapter';\nexport default [clientCredentials, createTokenSource, fetchTransport, measureTokenRequests];`,
    );
    expectAll(text, 'measuring');
  });

  it('privateKeyJwt and clientSecretJwt bring JWT code (so the check above can fail)', async () => {
    expectAll(await bundle(['clientCredentials', 'createTokenSource', 'privateKeyJwt', 'clientSecretJwt']), 'jwt');
  });

  it('discover brings discovery (and the negotiation it defaults to); auto alone brings negotiation, not discovery', async () => {
    const discovery = await bundle(['clientCredentials', 'createTokenSource', 'discover']);
    expectAll(discovery, 'discovery');
    expectAll(discovery, 'negotiation');
    const negotiation = await bundle(['clientCredentials', 'createTokenSource', 'auto']);
    expectAll(negotiation, 'negotiation');
    expectNone(negotiation, 'discovery', 'jwt');
  });

  it('the recipes stay out of a bundle that does not use them', async () => {
    expectNone(await bundle(['clientCredentials', 'createTokenSource']), 'recipes');
    expect(await bundle(['shopify'])).toContain('myshopify.com');
    expect(await bundle(['entraId'])).toContain('login.microsoftonline.com');
    expect(await bundle(['keycloak'])).toContain('/protocol/openid-connect/token');
  });

  it('the frontend (tokenRoute + createTokenSource + fetchTransport) has no client authentication, redaction or full parser', async () => {
    const text = await bundle(['tokenRoute', 'createTokenSource', 'fetchTransport']);
    expect(text).toContain('function tokenRoute');
    expectNone(text, 'clientAuth', 'redaction', 'fullParser', 'jwt', 'discovery', 'negotiation', 'recipes');
    // What the server default carries of these, so that the check above can fail.
    const server = await bundle(['clientCredentials', 'createTokenSource', 'fetchTransport']);
    expectAll(server, 'clientAuth');
    expectAll(server, 'redaction');
    expectAll(server, 'fullParser');
  });

  it('the frontend with @tok/fetch (withToken(fetch, tokenRoute(…), { origins })) has none of them either', async () => {
    const text = await bundleOf(
      `import { tokenRoute } from '@tok/core';\nimport { withToken } from '@tok/fetch';\nexport default withToken(fetch, tokenRoute('/api/token'), { origins: [location.origin] });`,
    );
    expect(text).toContain('function withToken');
    expectNone(text, 'clientAuth', 'redaction', 'fullParser', 'jwt', 'discovery', 'negotiation', 'recipes', 'measuring');
  });
});
