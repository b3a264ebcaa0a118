import { fileURLToPath } from 'node:url';
import { expectReadmeExampleWorks } from '@tok/test-utils/readme';
import { it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

it.each([
  ['ky 1', (code: string) => code],
  ['ky 2', (code: string) => code.replace("from 'ky'", "from 'ky2'")],
])('the README example runs with %s against a local token server and API', async (_, rewrite) => {
  await expectReadmeExampleWorks(packageDir, { stdout: /^\{ ok: true, path: '\/v1\/items'/, rewrite });
}, 60_000); // two node processes
