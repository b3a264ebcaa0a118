import { fileURLToPath } from 'node:url';
import { expectReadmeExampleWorks } from '@tok/test-utils/readme';
import { it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

it('the README example runs against a local token server and API', async () => {
  await expectReadmeExampleWorks(packageDir, { stdout: /^200 \{ ok: true, path: '\/v1\/items'/ });
}, 60_000); // two node processes
