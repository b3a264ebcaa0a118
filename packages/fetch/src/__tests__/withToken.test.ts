import * as core from '@tok/core';
import { adapterSuite } from '@tok/test-utils/adapter-suite';
import { fetchTransport, type WithTokenOptions, withToken } from '../index.js';

adapterSuite(core, {
  name: '@tok/fetch',
  hasBaseUrl: false,
  client(auth, options) {
    const api = withToken(fetch, auth as core.Auth, options as unknown as WithTokenOptions);
    return {
      async send(url, { method, headers, body, stream, signal } = {}) {
        const payload = stream && body !== undefined ? new Blob([body]).stream() : body;
        const response = await api(url, { method, headers, body: payload, signal, ...(stream ? { duplex: 'half' } : {}) } as RequestInit);
        return { status: response.status, body: await response.text() };
      },
    };
  },
  transport: () => fetchTransport(fetch),
  isAbort: (error) => error instanceof DOMException && error.name === 'AbortError',
});
