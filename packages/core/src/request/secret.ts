import { REDACTED } from '../redaction/redact.js';

/**
 * A client secret that does not show itself: `JSON.stringify`, `String()`, template literals,
 * Node's `util.inspect` and Deno's `Deno.inspect` all print `[redacted]`. Only {@link Secret.reveal}
 * returns the value, and tok calls it only while writing a token request.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * const s = new Secret('s3cr3t');
 * JSON.stringify({ s }); // '{"s":"[redacted]"}'
 * ```
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself. Never log what this returns. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }

  [Symbol.for('Deno.customInspect')](): string {
    return REDACTED;
  }
}
