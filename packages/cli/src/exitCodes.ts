/**
 * What `tok` exits with, so that a script can tell a typo in its configuration from a server that
 * refuses the client, a network that is down, or an API that answered with an error.
 */
export const ExitCode = {
  /** Done. */
  Ok: 0,
  /** Something tok did not expect: a bug, please report it. */
  Unexpected: 1,
  /** The command line or the configuration is wrong (a missing client id, an unknown option, not a JWT). */
  Config: 2,
  /** The token endpoint refused the request (an OAuth error such as `invalid_client`) or answered something unusable. */
  OAuth: 3,
  /** No answer: connection refused, DNS, TLS, or a timeout. */
  Network: 4,
  /** `tok request`: the API answered with a status of 400 or more. */
  Api: 5,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit codes as `tok --help` lists them. */
export const exitCodeHelp = `Exit codes:
  0  done
  1  unexpected failure (a bug: please report it)
  2  configuration or usage error (missing client id, unknown option, not a JWT)
  3  OAuth error: the token endpoint refused the request or answered something unusable
  4  network error: no answer (connection refused, DNS, TLS) or a timeout
  5  API error: tok request got a status of 400 or more`;
