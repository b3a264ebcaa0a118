// The shared leak suite with axiosTransport and useToken, over axios's http adapter and its fetch
// adapter (the default in some runtimes).
import * as core from '@tok/core';
import { boundsSuite, leakSuite } from '@tok/test-utils/leak-suite';
import axios from 'axios';
import { axiosTransport, useToken } from '../index.js';

for (const adapter of ['http', 'fetch'] as const) {
  boundsSuite(core, { name: `@tok/axios (${adapter} adapter)`, transport: () => axiosTransport(axios.create({ adapter })) });
  leakSuite(core, {
    name: `@tok/axios (${adapter} adapter)`,
    transport: () => axiosTransport(axios.create({ adapter })),
    async clientError(grant, url) {
      const instance = axios.create({ adapter });
      useToken(instance, grant as core.Auth, { origins: [new URL(url).origin], source: { retry: { retries: 0 } } });
      return instance.get(url).then(
        () => new Error('the request succeeded'),
        (error: unknown) => error,
      );
    },
  });
}
