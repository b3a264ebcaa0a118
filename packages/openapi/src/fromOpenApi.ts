import { type ClientCredentialsOptions, ConfigError, clientCredentials, type Grant } from '@tok/core';
import { clientCredentialsFlows, type OpenApiDocument, operationScopes, scopeTable, serverUrl } from './document.js';

/** The HTTP methods of an openapi-typescript `paths` entry that have an operation. */
type MethodsOf<Item> = { [M in keyof Item]-?: M extends 'parameters' ? never : [NonNullable<Item[M]>] extends [never] ? never : M }[keyof Item] & string;

/** The `"METHOD /path"` keys of openapi-typescript's generated `paths`, e.g. `"GET /items/{id}"`. */
export type OperationKey<Paths> = { [P in keyof Paths & string]: `${Uppercase<MethodsOf<Paths[P]>>} ${P}` }[keyof Paths & string];

/** Options of {@link fromOpenApi}: the client's credentials and what the document leaves open. */
export interface FromOpenApiOptions extends Omit<ClientCredentialsOptions, 'tokenUrl' | 'issuer' | 'scope'> {
  /**
   * The name of the security scheme (a key of `components.securitySchemes`) to use. Required when
   * the document has more than one oauth2 scheme with a `clientCredentials` flow.
   */
  scheme?: string | undefined;
  /**
   * Which scopes tokens carry: `'per-operation'` (each request gets a token with exactly the
   * scopes its operation's `security` lists), a list (every token carries these), or `'none'`
   * (no `scope` parameter: the server's default). Default `'per-operation'`.
   */
  scopes?: 'per-operation' | 'none' | readonly string[] | undefined;
  /**
   * Where the document was loaded from: the base of a relative server URL (`servers: [{ url: '/v1' }]`),
   * and of a relative `tokenUrl` when the document lists no servers.
   */
  documentUrl?: string | URL | undefined;
}

/**
 * What {@link fromOpenApi} read from a document: the grant (and, with per-operation scopes, one per
 * distinct scope set), the token URL, the scopes the flow offers and the scopes each operation
 * needs. Pass it to `tokenMiddleware` as is.
 */
export interface OpenApiAuth<Paths = Record<string, unknown>> {
  /** The security scheme used (its key in `components.securitySchemes`). */
  readonly scheme: string;
  /** The token endpoint, absolute. */
  readonly tokenUrl: string;
  /** The scopes the flow declares: name → description. */
  readonly availableScopes: Readonly<Record<string, string>>;
  /** How tokens are scoped (see {@link FromOpenApiOptions.scopes}). */
  readonly scopes: 'per-operation' | 'none' | readonly string[];
  /** The grant for requests that need no particular scope set (every request unless `'per-operation'`). */
  readonly grant: Grant;
  /** The scopes each operation needs from this scheme, keyed `"GET /items/{id}"`. Operations that need none are absent. */
  readonly operations: Readonly<Partial<Record<OperationKey<Paths>, readonly string[]>>>;
  /**
   * The scopes an operation needs from this scheme (`path` as the document writes it, with
   * `{braces}`); `undefined` when it needs no token from it.
   */
  scopesOf(path: keyof Paths & string, method: string): readonly string[] | undefined;
  /** The grant for one scope set, made once per distinct set: all share the client's credentials. */
  grantFor(scopes: readonly string[]): Grant;
}

/**
 * Reads how an API is protected from its OpenAPI 3.0 or 3.1 document: the oauth2 security scheme
 * with a `clientCredentials` flow, its `tokenUrl` (resolved against the document's first server
 * when relative) and its scopes, and the scopes each operation's `security` lists. With the
 * client's id and secret that is the whole configuration: `client.use(tokenMiddleware(auth))`
 * then sends each request with a token carrying exactly its operation's scopes.
 *
 * Throws a {@link ConfigError} when the document has no such scheme, several and `scheme` names
 * none of them, or a token URL that cannot be made absolute.
 *
 * @see https://spec.openapis.org/oas/v3.1.0#oauth-flows-object
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 * @example
 * ```ts
 * import createClient from 'openapi-fetch';
 * import { fromOpenApi, tokenMiddleware } from '@tok/openapi';
 * import type { paths } from './api.d.ts'; // npx openapi-typescript openapi.json -o api.d.ts
 * import document from './openapi.json' with { type: 'json' };
 *
 * const auth = fromOpenApi<paths>(document, { clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET });
 * const client = createClient<paths>({ baseUrl: 'https://api.example.com/v1' });
 * client.use(tokenMiddleware(auth));
 * ```
 */
export function fromOpenApi<Paths = Record<string, unknown>>(document: OpenApiDocument, options: FromOpenApiOptions): OpenApiAuth<Paths> {
  if (typeof document !== 'object' || document === null || typeof (document as { openapi?: unknown }).openapi !== 'string') {
    throw new ConfigError('document', 'expected an OpenAPI 3.0 or 3.1 document (an object with an "openapi" version), parsed from JSON or YAML');
  }
  if (!/^3\./.test(document.openapi)) throw new ConfigError('document', `is OpenAPI ${document.openapi}; tok reads OpenAPI 3.0 and 3.1 (convert a Swagger 2.0 document first)`);
  const { scheme: chosen, scopes: scoping = 'per-operation', documentUrl, ...credentials } = options;
  if (scoping !== 'per-operation' && scoping !== 'none' && !Array.isArray(scoping)) {
    throw new ConfigError('scopes', `expected 'per-operation', 'none' or a list of scopes, got ${JSON.stringify(scoping)}`);
  }

  const flows = clientCredentialsFlows(document);
  const names = flows.map((flow) => `"${flow.scheme}"`).join(', ');
  if (flows.length === 0) {
    throw new ConfigError('document', 'has no oauth2 security scheme with a clientCredentials flow in components.securitySchemes; pass the token URL to clientCredentials({ tokenUrl, … }) yourself');
  }
  const found = chosen === undefined ? (flows.length === 1 ? flows[0] : undefined) : flows.find((flow) => flow.scheme === chosen);
  if (found === undefined) {
    throw chosen === undefined
      ? new ConfigError('scheme', `the document has ${flows.length} oauth2 schemes with a clientCredentials flow (${names}); choose one with scheme: ${flows[0]?.scheme === undefined ? '' : `"${flows[0].scheme}"`}`)
      : new ConfigError('scheme', `"${chosen}" is not an oauth2 scheme with a clientCredentials flow in this document; it has ${names}`);
  }
  const { scheme, flow } = found;
  const tokenUrl = absoluteTokenUrl(flow.tokenUrl, document, documentUrl === undefined ? undefined : String(documentUrl), scheme);
  const availableScopes = { ...flow.scopes };
  const operations = scopeTable(document, scheme);

  // One grant per distinct scope set (sorted: the same set in another order is the same token).
  const grants = new Map<string, Grant>();
  const grantFor = (scopes: readonly string[]) => {
    const set = [...new Set(scopes)].sort();
    const key = set.join(' ');
    let grant = grants.get(key);
    if (!grant) grants.set(key, (grant = clientCredentials({ ...credentials, tokenUrl, ...(set.length > 0 ? { scope: set } : {}) })));
    return grant;
  };
  // Checked now: a wrong credential option is a ConfigError here, not on the first request.
  const grant = grantFor(Array.isArray(scoping) ? scoping : []);

  return Object.freeze({
    scheme,
    tokenUrl,
    availableScopes,
    scopes: scoping,
    grant,
    operations: operations as OpenApiAuth<Paths>['operations'],
    scopesOf: (path: string, method: string) => operationScopes(document, scheme, path, method),
    grantFor,
  });
}

function absoluteTokenUrl(tokenUrl: string | undefined, document: OpenApiDocument, documentUrl: string | undefined, scheme: string): string {
  const option = `components.securitySchemes.${scheme}.flows.clientCredentials.tokenUrl`;
  if (typeof tokenUrl !== 'string' || tokenUrl === '') throw new ConfigError(option, 'is missing; the OpenAPI specification requires it');
  if (URL.canParse(tokenUrl)) return tokenUrl;
  const base = serverUrl(document, documentUrl);
  if (base === undefined) {
    throw new ConfigError(option, `"${tokenUrl}" is relative and the document has no absolute server URL to resolve it against; pass documentUrl (where the document was loaded from)`);
  }
  return new URL(tokenUrl, base).href;
}
