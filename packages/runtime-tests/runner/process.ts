// Runs a runtime as a child process in its own process group, relays its lines, finds the suite's
// summary line, and kills the whole group (npx and the runtime under it) on timeout.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SUMMARY_PREFIX } from '../suite/harness.js';
import { runtimeEnv } from './paths.js';

/** What a runtime reported: the suite's counts, or `undefined` when it never got that far. */
export interface RunOutcome {
  summary: { passed: number; failed: number; runtime?: string; clients?: string[] } | undefined;
  /** Why the runtime failed besides failed tests: exit status, timeout, no summary. */
  problem: string | undefined;
}

export interface SpawnOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly timeoutMs: number;
  /** Called with every line the suite printed (stdout). */
  readonly onLine: (line: string) => void;
  /** Called with stderr, shown only when the runtime fails. */
  readonly onError: (line: string) => void;
}

/** Spawns a process that runs the suite and prints its summary line on stdout. */
export function runProcess(options: SpawnOptions): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const child = spawn(options.command, options.args, { cwd: options.cwd, env: runtimeEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let summary: RunOutcome['summary'];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(SUMMARY_PREFIX)) summary = JSON.parse(line.slice(SUMMARY_PREFIX.length));
      options.onLine(line);
    });
    createInterface({ input: child.stderr }).on('line', options.onError);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ summary, problem: `could not start ${options.command}: ${error.message}` });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid); // anything the runtime left behind in its group
      let problem: string | undefined;
      if (timedOut) problem = `timed out after ${options.timeoutMs} ms`;
      else if (summary === undefined) problem = `exited with ${signal ?? code} without reporting a summary`;
      else if (code !== 0 && summary.failed === 0) problem = `exited with ${signal ?? code} after reporting ${summary.passed} passed`;
      resolve({ summary, problem });
    });
  });
}

/** Kills a process group this runner started (detached children lead their own group). */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
