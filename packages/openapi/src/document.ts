// The parts of an OpenAPI 3.0 / 3.1 document that say how an API is protected, and how to read
// them: pure functions over the parsed document (from JSON or YAML alike).

/** An OAuth 2.0 flow of a security scheme (OpenAPI 3.x `OAuth Flow Object`). */
export interface OpenApiOAuthFlow {
  readonly tokenUrl?: string;
  /** Scope name → description. */
  readonly scopes?: Readonly<Record<string, string>>;
  readonly refreshUrl?: string;
}

/** A security scheme (OpenAPI 3.x `Security Scheme Object`), as far as tok reads it. */
export interface OpenApiSecurityScheme {
  readonly type?: string;
  readonly flows?: { readonly clientCredentials?: OpenApiOAuthFlow; readonly [flow: string]: OpenApiOAuthFlow | undefined };
  readonly [field: string]: unknown;
}

/** A security requirement: scheme name → scopes. A list of them means "any one of these". */
export type OpenApiSecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** A server (OpenAPI 3.x `Server Object`). */
export interface OpenApiServer {
  readonly url: string;
  readonly variables?: Readonly<Record<string, { readonly default: string }>>;
}

/** An OpenAPI 3.0 or 3.1 document, as far as tok reads it: parse JSON or YAML into this. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly servers?: readonly OpenApiServer[];
  readonly security?: readonly OpenApiSecurityRequirement[];
  readonly paths?: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;
  readonly components?: { readonly securitySchemes?: Readonly<Record<string, OpenApiSecurityScheme | { readonly $ref: string }>>; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

/** The HTTP methods an OpenAPI Path Item has operations for. */
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The `clientCredentials` flows of the document's oauth2 schemes, by scheme name. */
export function clientCredentialsFlows(document: OpenApiDocument): Array<{ scheme: string; flow: OpenApiOAuthFlow }> {
  const schemes = document.components?.securitySchemes ?? {};
  return Object.entries(schemes).flatMap(([scheme, value]) => {
    const resolved = resolveRef(document, value) as OpenApiSecurityScheme | undefined;
    const flow = resolved?.type === 'oauth2' ? resolved.flows?.clientCredentials : undefined;
    return flow ? [{ scheme, flow }] : [];
  });
}

/**
 * The scopes an operation needs from `scheme`: from its own `security`, else the document's.
 * `undefined` when no requirement names the scheme (the operation needs no token from it: public,
 * or protected another way). The first requirement that names the scheme wins.
 *
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
export function operationScopes(document: OpenApiDocument, scheme: string, path: string, method: string): readonly string[] | undefined {
  const item = document.paths?.[path];
  const operation = item?.[method.toLowerCase()] as { security?: readonly OpenApiSecurityRequirement[] } | undefined;
  const requirements = operation?.security ?? document.security ?? [];
  return requirements.find((requirement) => Object.hasOwn(requirement, scheme))?.[scheme];
}

/** Every operation's scopes from `scheme`: `"GET /items"` → scopes (operations without any are left out). */
export function scopeTable(document: OpenApiDocument, scheme: string): Record<string, readonly string[]> {
  const table: Record<string, readonly string[]> = {};
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      if (item?.[method] === undefined) continue;
      const scopes = operationScopes(document, scheme, path, method);
      if (scopes !== undefined) table[`${method.toUpperCase()} ${path}`] = scopes;
    }
  }
  return table;
}

/**
 * The URL of the document's first server, its variables at their defaults, resolved against
 * `documentUrl` when relative (OpenAPI: relative server URLs are relative to the document).
 */
export function serverUrl(document: OpenApiDocument, documentUrl: string | undefined): string | undefined {
  const server = document.servers?.[0];
  const url = server === undefined ? undefined : server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => server.variables?.[name]?.default ?? whole);
  if (url === undefined) return documentUrl;
  if (URL.canParse(url)) return url;
  return documentUrl !== undefined && URL.canParse(url, documentUrl) ? new URL(url, documentUrl).href : undefined;
}

// A local `$ref` ('#/components/securitySchemes/x'); anything else is left unresolved.
function resolveRef(document: OpenApiDocument, value: unknown): unknown {
  const ref = (value as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return value;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
}
