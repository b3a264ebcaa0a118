import type { Command } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { decodeJwt, TIME_CLAIMS } from '../jwt.js';
import { localTime, relative } from '../time.js';
import { CliError, type Terminal } from '../terminal.js';

/** `tok decode [token]`: a JWT's header and claims, times in local time; the signature is not checked. */
export const decode: Command = async ({ args, sources, terminal, stdinIsTTY }) => {
  if (args.length > 1) throw new CliError('tok decode takes one token');
  let text = args[0];
  if (text === undefined) {
    if (stdinIsTTY) throw new CliError('tok decode needs a token: tok decode eyJ…, or tok token | tok decode');
    text = (await sources.readStdin()).trim();
  }
  // A bearer header pasted as it is works too.
  text = text.replace(/^(authorization:\s*)?bearer\s+/i, '');
  const jwt = decodeJwt(text);
  if (!jwt) throw new CliError('not a JWT: expected three base64url parts with a JSON header and claims (opaque tokens cannot be decoded)');
  const now = Date.now();
  if (terminal.json) {
    terminal.outJson({ header: jwt.header, claims: jwt.claims, times: times(jwt.claims, now), signatureVerified: false });
    return ExitCode.Ok;
  }
  printJwt(terminal, jwt.header, jwt.claims, now);
  terminal.out(`${terminal.o.dim('signature not verified: tok only reads the token; the API that receives it verifies it')}\n`);
  return ExitCode.Ok;
};

/** Prints a header and claims, with each time claim in local time and relative to now. */
export function printJwt(terminal: Terminal, header: Readonly<Record<string, unknown>>, claims: Readonly<Record<string, unknown>>, now: number, indent = ''): void {
  const { o } = terminal;
  const width = Math.max(...[...Object.keys(header), ...Object.keys(claims)].map((key) => key.length), 3);
  terminal.out(`${indent}${o.bold('header')}\n`);
  for (const [key, value] of Object.entries(header)) terminal.out(`${indent}  ${o.cyan(key.padEnd(width))}  ${show(value)}\n`);
  terminal.out(`${indent}${o.bold('claims')}\n`);
  for (const [key, value] of Object.entries(claims)) {
    let line = show(value);
    if (TIME_CLAIMS.has(key) && typeof value === 'number') {
      const when = relative(value * 1000, now);
      line += `  ${localTime(value * 1000)} (${key === 'exp' ? (value * 1000 >= now ? `expires ${when}` : `expired ${when}`) : when})`;
    }
    terminal.out(`${indent}  ${o.cyan(key.padEnd(width))}  ${line}\n`);
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function times(claims: Readonly<Record<string, unknown>>, now: number) {
  const result: Record<string, { local: string; relative: string }> = {};
  for (const [key, value] of Object.entries(claims)) {
    if (TIME_CLAIMS.has(key) && typeof value === 'number') result[key] = { local: localTime(value * 1000), relative: relative(value * 1000, now) };
  }
  return result;
}
