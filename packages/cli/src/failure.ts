// Any failure as the user sees it: an exit code from the table in --help and one message.
import { ErrorCode, isTokError } from '@tok/core';
import { ExitCode } from './exitCodes.js';
import { CliError } from './terminal.js';

export interface Failure {
  readonly exitCode: ExitCode;
  /** tok's error code (`TOK_OAUTH_ERROR`, …) or `TOK_CLI` for the command line's own. */
  readonly code: string;
  readonly message: string;
  /** The OAuth `error`, for an OAuth error. */
  readonly error?: string | undefined;
  readonly status?: number | undefined;
}

const byCode: Partial<Record<string, ExitCode>> = {
  [ErrorCode.InvalidOption]: ExitCode.Config,
  [ErrorCode.OAuth]: ExitCode.OAuth,
  [ErrorCode.HttpStatus]: ExitCode.OAuth,
  [ErrorCode.InvalidResponse]: ExitCode.OAuth,
  [ErrorCode.ResponseTooLarge]: ExitCode.OAuth,
  [ErrorCode.ClientAuth]: ExitCode.Config,
  [ErrorCode.Network]: ExitCode.Network,
  [ErrorCode.Timeout]: ExitCode.Network,
};

export function failureOf(error: unknown): Failure {
  if (error instanceof CliError) return { exitCode: error.exitCode, code: 'TOK_CLI', message: error.message };
  if (isTokError(error)) {
    const { error: oauth, status } = error as { error?: unknown; status?: unknown };
    return {
      exitCode: byCode[error.code] ?? ExitCode.Unexpected,
      code: error.code,
      message: error.message,
      ...(typeof oauth === 'string' ? { error: oauth } : {}),
      ...(typeof status === 'number' ? { status } : {}),
    };
  }
  return { exitCode: ExitCode.Unexpected, code: 'TOK_UNEXPECTED', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
