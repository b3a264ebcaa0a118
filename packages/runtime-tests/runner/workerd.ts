// Starts the real workerd binary with the bundled worker (../runtimes/workerd.mjs): the suite's
// runtime and the waitUntil test both talk to a worker started here.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { freePort } from '@tok/test-utils';
import { bundle } from './bundle.js';
import { cacheDir, packageDir, runtimeEnv } from './paths.js';
import { killGroup } from './process.js';

export interface Workerd {
  /** The worker's origin, e.g. `http://127.0.0.1:1234`. */
  readonly origin: string;
  readonly version: string;
  /** Why workerd stopped, if it did. */
  exited(): string | undefined;
  /** Stops workerd and removes its files. */
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * Bundles the worker, writes its config (binding CONTROL to the control server's origin) into a
 * folder of its own, so that runs side by side do not overwrite each other's, and waits until
 * workerd listens. workerd's own output goes to `onOutput`.
 */
export async function startWorkerd(control: string, onOutput: (line: string) => void): Promise<Workerd> {
  const { default: binary, compatibilityDate, version } = require('workerd') as { default: string; compatibilityDate: string; version: string };
  await mkdir(`${cacheDir}runtime-tests`, { recursive: true });
  const dir = `${await mkdtemp(`${cacheDir}runtime-tests/workerd-`)}/`;
  const remove = () => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  let pid: number | undefined;
  try {
    const script = await bundle({ entry: `${packageDir}runtimes/workerd.mjs`, platform: 'browser', conditions: ['workerd', 'worker', 'browser', 'import'] });
    await writeFile(`${dir}worker.js`, script);
    const port = await freePort();
    await writeFile(`${dir}config.capnp`, workerdConfig(port, control, compatibilityDate, version));
    // The real binary, not the .bin wrapper, so that killing the process group stops it.
    const child = spawn(binary, ['serve', `${dir}config.capnp`], { cwd: dir, env: runtimeEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    pid = child.pid;
    let exited: string | undefined;
    child.once('exit', (code, signal) => void (exited = `workerd exited with ${signal ?? code}`));
    child.once('error', (error) => void (exited = `could not start workerd: ${error.message}`));
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(onOutput));
    child.stderr.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(onOutput));
    await waitForPort(port, 15_000, () => exited);
    return {
      origin: `http://127.0.0.1:${port}`,
      version,
      exited: () => exited,
      async close() {
        killGroup(pid);
        await remove();
      },
    };
  } catch (error) {
    killGroup(pid);
    await remove();
    throw error;
  }
}

function workerdConfig(port: number, control: string, compatibilityDate: string, version: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The default "internet" service refuses private and local addresses; the servers are on 127.0.0.1.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${compatibilityDate}",
  globalOutbound = "internet",
  bindings = [(name = "CONTROL", text = "${control}"), (name = "VERSION", text = "${version}")],
);
`;
}

async function waitForPort(port: number, timeoutMs: number, failed: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problem = failed();
    if (problem) throw new Error(problem);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`workerd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
