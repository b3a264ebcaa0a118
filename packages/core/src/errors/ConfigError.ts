import { ErrorCode } from './codes.js';
import { TokError } from './TokError.js';

/**
 * An option is missing or malformed. `option` names it; the message says what is expected.
 *
 * @see {@link TokError}
 * @see {@link ErrorCode} (`TOK_INVALID_OPTION`)
 * @example
 * ```ts
 * try { clientCredentials({ tokenUrl: 'ftp://x', clientId: 'a', clientSecret: 's' }); }
 * catch (e) { if (e instanceof ConfigError) console.log(e.option); } // "tokenUrl"
 * ```
 */
export class ConfigError extends TokError {
  override name = 'ConfigError';
  /** The option at fault, e.g. `tokenUrl` or `scope[1]`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(ErrorCode.InvalidOption, `${option}: ${message}`);
    this.option = option;
  }
}
