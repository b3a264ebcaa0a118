import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

it('the node:test example passes under node --test, with no test-runner globals in @tok/testing', async () => {
  const child = spawn(process.execPath, ['--test', '--test-reporter=tap', 'examples/node-test.mjs'], { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect(output).toMatch(/^# pass 2$/m);
  expect(output).toMatch(/^# fail 0$/m);
  expect(code).toBe(0);
}, 30_000);

it('the README shows the vitest and node:test examples exactly as they run here', async () => {
  const { readFile } = await import('node:fs/promises');
  const readme = await readFile(`${packageDir}README.md`, 'utf8');
  for (const example of ['examples/vitest.test.ts', 'examples/node-test.mjs']) expect(readme).toContain(await readFile(`${packageDir}${example}`, 'utf8'));
});
