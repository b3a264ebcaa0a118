// Users of plain secrets do not pay for JWT client authentication: a bundle of the plain path
// leaves out every JWT module, while one that uses privateKeyJwt has it.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const core = fileURLToPath(new URL('../..', import.meta.url));

async function bundle(names: string[]): Promise<string> {
  const result = await build({
    stdin: { contents: `import { ${names.join(', ')} } from './src/index.ts';\nexport default [${names.join(', ')}];`, resolveDir: core, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

// One marker per JWT module: the assertion type (jws), WebCrypto names (jws, keys), PEM parsing, claims.
const JWT_MARKERS = ['client-assertion-type:jwt-bearer', 'RSASSA-PKCS1-v1_5', 'BEGIN PRIVATE KEY', 'private_key_jwt(', 'client_secret_jwt(', 'assertionLifetime'];

describe('tree shaking', () => {
  it('a bundle of clientCredentials + createTokenSource has no JWT code', async () => {
    const text = await bundle(['clientCredentials', 'createTokenSource']);
    expect(text).toContain('function createTokenSource');
    for (const marker of JWT_MARKERS) expect(text, marker).not.toContain(marker);
  });

  it('a bundle that uses privateKeyJwt and clientSecretJwt has it (so the check above can fail)', async () => {
    const text = await bundle(['clientCredentials', 'createTokenSource', 'privateKeyJwt', 'clientSecretJwt']);
    for (const marker of JWT_MARKERS) expect(text, marker).toContain(marker);
  });

  it('the recipes stay out of a bundle that does not use them', async () => {
    expect(await bundle(['clientCredentials', 'createTokenSource'])).not.toContain('myshopify.com');
    expect(await bundle(['shopify'])).toContain('myshopify.com');
  });
});
