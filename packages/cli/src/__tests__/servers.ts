// The servers the CLI is checked against, each on 127.0.0.1 and stopped by the test: tok's own
// token servers with the restrictions real providers have, and oidc-provider with discovery.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveOnLoopback } from '@tok/test-utils';
import Provider from 'oidc-provider';

export const RESOURCE = 'https://api.example.com/';

export interface Oidc {
  readonly issuer: string;
  close(): Promise<void>;
}

/**
 * oidc-provider 9 with the client-credentials grant, discovery and resource indicators: tokens for
 * RESOURCE are JWTs (ES256) with scope `api:read`.
 */
export async function startOidc(clients: readonly { client_id: string; client_secret: string; token_endpoint_auth_method: 'client_secret_basic' | 'client_secret_post'; scope?: string }[]): Promise<Oidc> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const { origin: issuer, close } = await serveOnLoopback(createServer((req, res) => handle(req, res)));
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({ grant_types: ['client_credentials'], response_types: [], redirect_uris: [], id_token_signed_response_alg: 'ES256', ...client })),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'as-1', use: 'sig', alg: 'ES256' }] },
    scopes: ['api:read'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator !== RESOURCE) throw new Provider.errors.InvalidTarget(`unknown resource ${indicator}`);
          return { scope: 'api:read', audience: indicator, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
    ttl: { ClientCredentials: 600 },
  });
  provider.on('server_error', () => {});
  const callback = provider.callback();
  handle = (req, res) => void callback(req, res);
  return { issuer, close };
}
