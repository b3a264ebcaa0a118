// How each runtime starts. Every one runs the same suite (../suite) through a thin entry file
// (../runtimes) against its own set of servers, and reports the suite's summary.
import { rm } from 'node:fs/promises';
import { type BrowserContext, chromium } from 'playwright-core';
import { bundle } from './bundle.js';
import type { JwtKeys } from './jwtClients.js';
import { cacheDir, packageDir, runtimeEnv } from './paths.js';
import { type RunOutcome, runProcess } from './process.js';
import { type StaticFile, startServers } from './servers.js';
import { type Workerd, startWorkerd } from './workerd.js';

export interface RunContext {
  /** Key pairs of the JWT-authenticating client, shared by every runtime of a run. */
  readonly jwt: JwtKeys;
  readonly filter: string | undefined;
  readonly timeoutMs: number;
  /** A line of the suite's report. */
  readonly line: (line: string) => void;
  /** A diagnostic line (stderr, browser console errors), shown when the runtime fails. */
  readonly error: (line: string) => void;
}

export interface Runtime {
  readonly name: string;
  run(context: RunContext): Promise<RunOutcome>;
}

const entry = (file: string) => `${packageDir}runtimes/${file}`;

/** A runtime started as a process that is given the control origin on its command line. */
function processRuntime(name: string, command: string, args: readonly string[]): Runtime {
  return {
    name,
    async run(context) {
      const servers = await startServers(context.jwt);
      try {
        return await runProcess({
          command,
          args: [...args, servers.control, ...(context.filter ? [context.filter] : [])],
          cwd: packageDir,
          timeoutMs: context.timeoutMs,
          onLine: context.line,
          onError: context.error,
        });
      } finally {
        await servers.close();
      }
    },
  };
}

const workerd: Runtime = {
  name: 'workerd',
  async run(context) {
    const servers = await startServers(context.jwt);
    let worker: Workerd | undefined;
    try {
      worker = await startWorkerd(servers.control, context.error);
      const query = context.filter ? `?filter=${encodeURIComponent(context.filter)}` : '';
      const response = await fetch(`${worker.origin}/${query}`, { signal: AbortSignal.timeout(context.timeoutMs) });
      if (!response.ok) return { summary: undefined, problem: `the worker answered ${response.status}: ${(await response.text()).slice(0, 2000)}` };
      const report = (await response.json()) as { passed: number; failed: number; runtime: string; lines: string[] };
      report.lines.forEach(context.line);
      return { summary: report, problem: undefined };
    } catch (error) {
      return { summary: undefined, problem: worker?.exited() ?? String(error) };
    } finally {
      await worker?.close();
      await servers.close();
    }
  },
};

const browser: Runtime = {
  name: 'chromium',
  async run(context) {
    const script = await bundle({ entry: entry('chromium.mjs'), platform: 'browser', conditions: ['browser', 'import'] });
    const files = new Map<string, StaticFile>([
      ['/', { type: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><title>tok</title><script type="module" src="/suite.js"></script>' }],
      ['/suite.js', { type: 'text/javascript; charset=utf-8', body: script }],
    ]);
    const servers = await startServers(context.jwt, files);
    const profile = `${cacheDir}runtime-tests/chromium-${process.pid}`;
    // The same overall limit as the process runtimes: a suite that never settles (awaiting
    // window.tokSuite has no timeout of its own) closes the browser, which fails every pending
    // playwright call, instead of stalling the run.
    const deadline = Date.now() + context.timeoutMs;
    const left = (cap: number) => Math.max(1, Math.min(cap, deadline - Date.now()));
    let browserContext: BrowserContext | undefined;
    let closing: Promise<void> | undefined;
    // Once only: the timer and the cleanup below both close, and the profile is removed after.
    const close = () => (browserContext ? (closing ??= browserContext.close().catch(() => undefined)) : Promise.resolve());
    let timedOut = false;
    let expire: (error: Error) => void = () => undefined;
    const expired = new Promise<never>((_, reject) => (expire = reject));
    expired.catch(() => undefined);
    const timer = setTimeout(() => {
      timedOut = true;
      expire(new Error(`timed out after ${context.timeoutMs} ms`));
      void close();
    }, context.timeoutMs);
    try {
      browserContext = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        timeout: left(30_000),
        env: runtimeEnv(),
      });
      if (timedOut) throw new Error('timed out while Chromium started');
      const page = browserContext.pages()[0] ?? (await browserContext.newPage());
      // The 401s and 404s the tests provoke are logged as errors too; they are not news.
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) context.error(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => context.error(`page error: ${error.message}`));
      const query = context.filter ? `?filter=${encodeURIComponent(context.filter)}` : '';
      await page.goto(`${servers.control}/${query}`, { timeout: left(30_000) });
      await page.waitForFunction('window.tokSuite !== undefined', undefined, { timeout: left(10_000) });
      type Report = { passed: number; failed: number; runtime: string; lines: string[] };
      const report = await Promise.race([page.evaluate('window.tokSuite') as Promise<Report>, expired]);
      report.lines.forEach(context.line);
      return { summary: report, problem: undefined };
    } catch (error) {
      if (timedOut) return { summary: undefined, problem: `timed out after ${context.timeoutMs} ms` };
      return { summary: undefined, problem: String(error).split('\n').slice(0, 6).join('\n') };
    } finally {
      clearTimeout(timer);
      await close();
      await servers.close();
      // Chromium's helper processes may still be writing to the profile just after a close that a
      // timeout forced: retry (ENOTEMPTY, EBUSY) rather than report a cleanup race as the result.
      await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  },
};

/** Every runtime, in the order the summary lists them. */
export const runtimes: readonly Runtime[] = [
  processRuntime('node20', process.execPath, [entry('node.mjs')]),
  processRuntime('node24', 'npx', ['-y', 'node@24.21.0', entry('node.mjs')]),
  processRuntime('bun', 'npx', ['-y', 'bun@1.4.5', entry('bun.mjs')]),
  processRuntime('deno', 'npx', ['-y', 'deno@2.9.6', 'run', '--allow-net=127.0.0.1', entry('deno.mjs')]),
  workerd,
  browser,
];
