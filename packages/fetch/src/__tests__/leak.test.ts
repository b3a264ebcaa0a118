// The shared leak suite with fetchTransport and withToken.
import * as core from '@tok/core';
import { boundsSuite, leakSuite } from '@tok/test-utils/leak-suite';
import { fetchTransport, withToken } from '../index.js';

leakSuite(core, {
  name: '@tok/fetch',
  transport: () => fetchTransport(fetch),
  async clientError(grant, url) {
    const api = withToken(fetch, grant as core.Auth, { origins: [new URL(url).origin], source: { retry: { retries: 0 } } });
    return api(url).then(
      () => new Error('the request succeeded'),
      (error: unknown) => error,
    );
  },
});

boundsSuite(core, { name: '@tok/fetch', transport: () => fetchTransport(fetch) });
