import { type ChildProcess, spawn } from 'node:child_process';
import { appDir } from './paths';

export interface RunningSite {
  /** The site's URL, ending in `/`. */
  readonly url: string;
  /** Everything the command printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs the real start command (`demo/start.ts`, what `pnpm start` runs) as a child process and
 * waits for the URL it prints. `stop()` ends that process (and only it) with SIGTERM.
 */
export async function startSite(args: string[], timeoutMs = 120_000): Promise<RunningSite> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'demo/start.ts', ...args], {
    cwd: appDir,
    env: { ...process.env, PORT: undefined, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /live examples: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo/start.ts exited with ${code}:\n${output}`));
    });
  });

  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
