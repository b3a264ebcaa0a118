// Runs the built `tok` as a user would: a child process with its own environment and working
// directory, stdin from the test, stdout and stderr captured. Every run is kept, so that a test
// file can check at its end that no run ever printed the secret.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface Run {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const runs: Run[] = [];

export interface RunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string;
  readonly cwd?: string;
}

/** An empty working directory: no .env file unless a test writes one. */
export function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'tok-cli-'));
}

export function dirWithEnvFile(text: string): string {
  const dir = emptyDir();
  writeFileSync(join(dir, '.env'), text);
  return dir;
}

const cwd = emptyDir();

/** `tok …args`, with only PATH, TZ=UTC and `env` in its environment. */
export function tok(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? cwd,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const run = { args, code, stdout, stderr };
      runs.push(run);
      resolve(run);
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** Ports and random values replaced, so that a transcript reads the same from run to run. */
export function transcript(command: string, run: Run): string {
  return `$ ${command}\n${run.stdout}${run.stderr}`;
}
