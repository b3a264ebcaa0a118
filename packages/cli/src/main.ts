// tok's entry: read the command line, run one command, turn any failure into its exit code and a
// message (on stdout as JSON with --json), never with the secret or the token in it.
import { readFileSync } from 'node:fs';
import { helpText, parse } from './args.js';
import { decode } from './commands/decode.js';
import { doctor } from './commands/doctor.js';
import { request } from './commands/request.js';
import { header, token } from './commands/token.js';
import type { Command } from './context.js';
import { ExitCode, exitCodeHelp } from './exitCodes.js';
import { failureOf } from './failure.js';
import { CliError, type Output, Terminal } from './terminal.js';

const commands: Record<string, Command> = { token, header, request, doctor, decode };

/** Where `main` reads and writes: the process's own streams unless a caller gives others. */
export interface MainIo {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/**
 * Runs `tok` with `argv` (without the node and script paths) and resolves to its exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: readonly string[], io: MainIo = processIo()): Promise<ExitCode> {
  const wantsJson = argv.includes('--json');
  let terminal = new Terminal({ stdout: io.stdout, stderr: io.stderr, env: io.env, json: wantsJson });
  try {
    const { values: flags, positionals } = parse(argv);
    terminal = new Terminal({ stdout: io.stdout, stderr: io.stderr, env: io.env, json: flags.json === true });
    if (flags.version) {
      terminal.out(`${version()}\n`);
      return ExitCode.Ok;
    }
    const [name, ...args] = positionals;
    if (flags.help || name === undefined || name === 'help') {
      terminal.out(`${helpText}\n${exitCodeHelp}\n`);
      return name === undefined && !flags.help ? ExitCode.Config : ExitCode.Ok;
    }
    const command = commands[name];
    if (!command) throw new CliError(`unknown command "${name}"; the commands are ${Object.keys(commands).join(', ')} (tok --help)`);
    return await command({ flags, args, terminal, stdinIsTTY: io.stdin.isTTY === true, sources: { flags, env: io.env, cwd: io.cwd, readStdin: () => readAll(io.stdin), readSecret: () => readSecret(io) } });
  } catch (error) {
    const failure = failureOf(error);
    if (terminal.json) terminal.outJson({ ok: false, error: failure });
    else {
      terminal.err(`${terminal.e.red('tok: error:')} ${failure.message}\n`);
      if (failure.exitCode === ExitCode.Unexpected && error instanceof Error && error.stack) terminal.err(`${terminal.e.dim(error.stack)}\n`);
    }
    return failure.exitCode;
  }
}

function processIo(): MainIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    // A secret or a token, not a file: bounded like everything that comes from outside.
    if (size > 1024 * 1024) throw new CliError('stdin holds more than 1 MiB; tok reads a secret or a token from it');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// From a terminal: a prompt on stderr and no echo, so the secret is neither shown nor in history.
async function readSecret(io: MainIo): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (stdin.isTTY !== true || typeof stdin.setRawMode !== 'function') return readAll(io.stdin);
  // Echo off before the prompt shows: what is typed after it is never on the screen.
  stdin.setRawMode(true);
  io.stderr.write('client secret (not shown): ');
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (text: string) => {
        for (const char of text) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            stdin.off('data', onData);
            return resolve(typed);
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            return reject(new CliError('cancelled'));
          }
          typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
        }
      };
      stdin.on('data', onData);
      stdin.resume();
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    io.stderr.write('\n');
  }
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
