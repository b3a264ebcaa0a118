import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveOnLoopback } from '@tok/test-utils';
import Provider, { type ClientMetadata } from 'oidc-provider';

/** A running oidc-provider on 127.0.0.1. */
export interface OidcServer {
  /** `http://127.0.0.1:<port>`: the issuer identifier, exactly as its metadata names it. */
  readonly issuer: string;
  /** The token endpoint, from the provider's own routes. */
  readonly tokenUrl: string;
  readonly introspectionUrl: string;
  readonly jwksUrl: string;
  /** Every request the provider received: method, path and lower-case headers. */
  readonly requests: readonly { method: string; path: string; headers: Readonly<Record<string, string | string[] | undefined>> }[];
  close(): Promise<void>;
}

/** Options of {@link startOidcProvider}. */
export interface OidcServerOptions {
  readonly clients: readonly ClientMetadata[];
  /** The resource servers a client may ask tokens for (RFC 8707); each gets JWT access tokens. */
  readonly resources?: Readonly<Record<string, { scope: string }>>;
  /** Scopes the provider knows. */
  readonly scopes?: readonly string[];
  /** The provider's own signing keys (private JWKs), for JWT access tokens. */
  readonly keys: readonly object[];
  /** The clients (resource servers) allowed to introspect tokens. */
  readonly introspectors: readonly string[];
}

/**
 * Starts a real, certified OpenID Provider (`oidc-provider`) in this process, on a random port of
 * 127.0.0.1, with the client-credentials grant, introspection and resource indicators enabled.
 * Tokens for a registered resource are JWTs signed with `keys`; others are opaque, checked by
 * introspection.
 */
export async function startOidcProvider(options: OidcServerOptions): Promise<OidcServer> {
  const requests: { method: string; path: string; headers: Record<string, string | string[] | undefined> }[] = [];
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers } });
    handle(req, res);
  });
  const { origin: issuer, close } = await serveOnLoopback(server);
  const resources = options.resources ?? {};

  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({ grant_types: ['client_credentials'], response_types: [], redirect_uris: [], id_token_signed_response_alg: 'ES256', ...client })),
    jwks: { keys: options.keys as never[] },
    scopes: [...(options.scopes ?? [])],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: async (_ctx, client) => options.introspectors.includes(client.clientId) },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf,
        getResourceServerInfo: async (_ctx, indicator) => {
          const resource = resources[indicator];
          if (resource === undefined) throw new Provider.errors.InvalidTarget(`unknown resource ${indicator}`);
          return { scope: resource.scope, audience: indicator, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
    // An ephemeral provider: nothing to remember between tests.
    ttl: { ClientCredentials: 600 },
  });
  // The provider logs through `debug`; errors that a test provokes should not crash it.
  provider.on('server_error', () => {});
  const callback = provider.callback();
  handle = (req, res) => void callback(req, res);

  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    introspectionUrl: `${issuer}/token/introspection`,
    jwksUrl: `${issuer}/jwks`,
    requests,
    close,
  };
}
