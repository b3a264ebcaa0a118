import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** How a README example ended. */
export interface ExampleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const MARKER = /<!-- runnable example: ([\w ]*)-->\s*```js\n([^]*?)\n```/;

/**
 * Runs the code block that follows `<!-- runnable example: VAR1 VAR2 -->` in a README with node,
 * as an ES module resolved from `cwd` (a package directory: the package imports itself by name).
 * `env` must give exactly the variables the marker names, so that README and test cannot drift.
 *
 * @example
 * ```ts
 * const run = await runReadmeExample('packages/fetch/README.md', 'packages/fetch', { TOKEN_URL: tokens.url, … });
 * expect(run.code).toBe(0);
 * ```
 */
export async function runReadmeExample(
  readme: string,
  cwd: string,
  env: Readonly<Record<string, string>>,
  /** Changes the code before it runs, e.g. to import another major of a dependency. */
  rewrite: (code: string) => string = (code) => code,
): Promise<ExampleRun> {
  const match = MARKER.exec(await readFile(readme, 'utf8'));
  if (!match) throw new Error(`${readme} has no "<!-- runnable example: … -->" followed by a js block`);
  const [, names = '', code = ''] = match;
  const expected = names.split(' ').filter(Boolean).sort();
  if (expected.join() !== Object.keys(env).sort().join()) {
    throw new Error(`${readme}'s example reads ${expected.join(', ')}; the test gives ${Object.keys(env).join(', ')}`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', rewrite(code)], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
