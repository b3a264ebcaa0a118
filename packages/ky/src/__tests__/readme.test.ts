import { fileURLToPath } from 'node:url';
import { expectReadmeExampleOutlivesFailures, expectReadmeExampleWorks } from '@tok/test-utils/readme';
import { it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

const majors = [
  ['ky 1', (code: string) => code],
  ['ky 2', (code: string) => code.replace("from 'ky'", "from 'ky2'")],
] as const;

it.each(majors)('the README example runs with %s against a local token server and API', async (_, rewrite) => {
  await expectReadmeExampleWorks(packageDir, { stdout: /^\{ ok: true, path: '\/v1\/items'/, rewrite });
}, 60_000); // two node processes

it.concurrent.each(majors)('the README example with %s lives until it has its answer, and exits 1 with the typed error after a lasting failure', async (_, rewrite) => {
  await expectReadmeExampleOutlivesFailures(packageDir, { stdout: /^\{ ok: true, path: '\/v1\/items'/, rewrite });
}, 90_000); // five node processes, one waiting out a 30 s deadline
