// The HTTP clients the shared adapter tests run against, each as a driver of
// @tok/test-utils/adapter-tests: the client with tok installed, its transport, its abort error.
import { fetchTransport, withToken } from '@tok/fetch';
import { kyTransport, tokenHooks } from '@tok/ky';
import ky from 'ky';
import ky2 from 'ky2';

// A browser page cannot stream a request body over HTTP/1.1.
const browser = globalThis.document !== undefined;
const isAbortError = (error) => error?.name === 'AbortError';
const streamOf = (body) => new Blob([body]).stream();

/** `withToken(fetch, auth, options)` */
export const fetchClient = {
  name: 'fetch',
  hasBaseUrl: false,
  streams: !browser,
  client(auth, options) {
    const api = withToken(globalThis.fetch, auth, options);
    return {
      async send(url, { method, headers, body, stream, signal } = {}) {
        const payload = stream && body !== undefined ? streamOf(body) : body;
        const response = await api(url, { method, headers, body: payload, signal, ...(stream ? { duplex: 'half' } : {}) });
        return { status: response.status, body: await response.text() };
      },
    };
  },
  transport: () => fetchTransport(globalThis.fetch),
  isAbort: isAbortError,
};

// ky 1 takes `prefixUrl`, ky 2 `prefix`; HTTP errors are answers here, not rejections.
function kyDriver(name, instance, baseOption) {
  return {
    name,
    hasBaseUrl: true,
    streams: !browser,
    client(auth, options, baseUrl) {
      const client = instance.create({ hooks: tokenHooks(auth, options), throwHttpErrors: false, ...(baseUrl === undefined ? {} : { [baseOption]: baseUrl }) });
      return {
        async send(url, { method, headers, body, stream, signal } = {}) {
          // Under the base URL, send the relative path so that ky joins it with the prefix.
          const input = baseUrl !== undefined && url.startsWith(baseUrl) ? url.slice(baseUrl.length) : new URL(url);
          const payload = stream && body !== undefined ? streamOf(body) : body;
          const response = await client(input, { method, headers, body: payload, signal });
          return { status: response.status, body: await response.text() };
        },
      };
    },
    transport: () => kyTransport(instance),
    transportOnClient: (auth) => kyTransport(instance.create({ hooks: tokenHooks(auth, { origins: '*' }) })),
    isAbort: isAbortError,
  };
}

export const kyClient = kyDriver('ky', ky, 'prefixUrl');
export const ky2Client = kyDriver('ky2', ky2, 'prefix');
