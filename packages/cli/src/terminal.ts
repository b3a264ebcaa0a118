// Where tok writes: stdout for the result, stderr for everything else. Colours only on a terminal
// and never with NO_COLOR (https://no-color.org); every write goes through one redaction, so that
// the secret (and the token, except where printing it is the command's job) never leaves tok.
import { ExitCode } from './exitCodes.js';

/** A stream tok writes to: the process's own, or a test's. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

export interface TerminalOptions {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly json: boolean;
}

const REDACTED = '[redacted]';

export class Terminal {
  readonly json: boolean;
  readonly #stdout: Output;
  readonly #stderr: Output;
  readonly #colour: { stdout: boolean; stderr: boolean };
  readonly #hidden = new Set<string>();

  constructor(options: TerminalOptions) {
    this.#stdout = options.stdout;
    this.#stderr = options.stderr;
    this.json = options.json;
    // no-color.org: present and not empty disables colour.
    const noColor = (options.env.NO_COLOR ?? '') !== '';
    this.#colour = { stdout: !noColor && options.stdout.isTTY === true, stderr: !noColor && options.stderr.isTTY === true };
  }

  /** Never print `value` again (a secret, a token), on either stream. */
  hide(value: string | undefined): void {
    // Very short values would redact ordinary text; tok refuses empty secrets anyway.
    if (value !== undefined && value.length >= 4) this.#hidden.add(value);
  }

  /** Prints `value` on stdout although it is hidden elsewhere: for `tok token` and `tok header`. */
  result(text: string): void {
    this.#stdout.write(text);
  }

  out(text: string): void {
    this.#stdout.write(this.redact(text));
  }

  err(text: string): void {
    this.#stderr.write(this.redact(text));
  }

  /** One JSON document on stdout (for --json). */
  outJson(value: unknown): void {
    this.out(`${JSON.stringify(value, null, 2)}\n`);
  }

  redact(text: string): string {
    let result = text;
    for (const value of this.#hidden) result = result.split(value).join(REDACTED);
    return result;
  }

  /** Styles for stdout (`o`) and stderr (`e`): plain text unless that stream is a colour terminal. */
  get o(): Styles {
    return styles(this.#colour.stdout);
  }

  get e(): Styles {
    return styles(this.#colour.stderr);
  }

  warn(message: string): void {
    this.err(`${this.e.yellow('tok: warning:')} ${message}\n`);
  }

  /**
   * Shows `label` with a spinner on stderr while `work` runs, once it has taken more than a moment,
   * and only on a terminal: logs and pipes get no control characters.
   */
  async progress<T>(label: string, work: Promise<T>): Promise<T> {
    if (this.#stderr.isTTY !== true) return work;
    const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let frame = 0;
    let shown = false;
    const draw = () => {
      shown = true;
      this.#stderr.write(`\r${this.e.dim(`${frames[frame++ % frames.length]} ${this.redact(label)}`)}\x1b[K`);
    };
    let interval: ReturnType<typeof setInterval> | undefined;
    // The work keeps the process alive; the spinner's timers must not.
    const start = setTimeout(() => {
      draw();
      interval = setInterval(draw, 80);
      interval.unref?.();
    }, 150);
    start.unref?.();
    try {
      return await work;
    } finally {
      clearTimeout(start);
      clearInterval(interval);
      if (shown) this.#stderr.write('\r\x1b[K');
    }
  }
}

export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;
const coloured: Styles = { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };
const uncoloured: Styles = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };

function styles(on: boolean): Styles {
  return on ? coloured : uncoloured;
}

/** A failure that ends the command with `exitCode` and a message for the user. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.Config,
  ) {
    super(message);
  }
}
