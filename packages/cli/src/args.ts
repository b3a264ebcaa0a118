// The command line, read by Node's own parser (util.parseArgs): every option tok knows, once.
import { parseArgs } from 'node:util';
import { CliError } from './terminal.js';

export const options = {
  'token-url': { type: 'string' },
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'client-secret-stdin': { type: 'boolean' },
  scope: { type: 'string' },
  audience: { type: 'string' },
  resource: { type: 'string', multiple: true },
  placement: { type: 'string' },
  'grant-type': { type: 'string' },
  param: { type: 'string', multiple: true },
  'env-file': { type: 'string' },
  'no-env-file': { type: 'boolean' },
  'allow-insecure': { type: 'boolean' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  // tok request
  method: { type: 'string', short: 'X' },
  data: { type: 'string', short: 'd' },
  header: { type: 'string', short: 'H', multiple: true },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export type Flags = ReturnType<typeof parse>['values'];

/** Reads argv; an unknown option or a missing value is a usage error (exit 2) that names it. */
export function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}; see tok --help`);
  }
}

export const helpText = `tok: OAuth 2.0 client-credentials tokens on the command line

Usage: tok <command> [options]

Commands:
  token                 print an access token and nothing else:  curl -H "Authorization: Bearer $(tok token)" …
  header                print "Authorization: Bearer <token>"
  request <url>         call an API with the token and print status, headers and body
                          -X, --method <method>   default GET, or POST with -d
                          -d, --data <body>       request body
                          -H, --header <h: v>     request header (repeatable)
                        The token goes to <url>'s origin only; a 401 gets one fresh token and one retry.
  doctor                diagnose the token endpoint: discovery, each placement, grant type values,
                        the token's type, lifetime, scope and claims, clock skew; then the tok
                        configuration and curl command that work
  decode [token]        show a JWT's header and claims, times in local time (token from stdin if not given)

Configuration (each flag, or its environment variable):
  --token-url <url>         TOK_TOKEN_URL       the token endpoint
  --issuer <url>            TOK_ISSUER          instead of --token-url: discover it (RFC 8414 / OpenID Connect)
  --client-id <id>          TOK_CLIENT_ID
  --client-secret-stdin     TOK_CLIENT_SECRET   read the secret from stdin (or the variable); never echoed
  --client-secret <secret>                      works, but warns: visible in ps and shell history
  --scope <scopes>          TOK_SCOPE           space-separated
  --audience <uri>          TOK_AUDIENCE
  --resource <uri>          TOK_RESOURCE        RFC 8707 resource (flag repeatable; variable space-separated)
  --placement <name>        TOK_PLACEMENT       basic (default), basic-raw, basic-with-client-id, form, json, auto
  --grant-type <value>      TOK_GRANT_TYPE      default client_credentials
  --param <name=value>      TOK_PARAMS          extra body field (flag repeatable; variable as name=value&name=value)
  --allow-insecure          TOK_ALLOW_INSECURE  allow http:// to a host that is not loopback
  --timeout <seconds>       TOK_TIMEOUT         per request, default 10
  --env-file <path>                             read variables from this file (default: ./.env if it exists)
  --no-env-file                                 read no .env file

Precedence: a flag wins over an environment variable, which wins over the .env file
(--client-secret-stdin wins over everything for the secret).

Output:
  --json                    one JSON document on stdout, for scripts (errors too)
  Colours only on a terminal and never with NO_COLOR; a progress line on stderr while waiting on
  the network, on a terminal only. Errors never print the secret, nor the token (tok token and tok
  header print the token: that is their job).

  -h, --help                this text
  -v, --version             tok's version
`;
