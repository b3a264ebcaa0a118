import { fileURLToPath } from 'node:url';
import { expectReadmeExampleOutlivesFailures, expectReadmeExampleWorks } from '@tok/test-utils/readme';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

it('the README example runs against a local token server and API, its token requests sent by axios', async () => {
  const { tokenRequests } = await expectReadmeExampleWorks(packageDir, { stdout: /^200 \{ ok: true, path: '\/v1\/items'/ });
  expect(tokenRequests.map((request) => request.headers['user-agent'])).toStrictEqual([expect.stringMatching(/^axios\//), expect.stringMatching(/^axios\//)]);
}, 60_000); // two node processes

it('the README example lives until it has its answer: passing failures end in 0, lasting ones print the typed error and exit 1', async () => {
  await expectReadmeExampleOutlivesFailures(packageDir, { stdout: /^200 \{ ok: true, path: '\/v1\/items'/ });
}, 90_000); // five node processes, one waiting out a 30 s deadline
