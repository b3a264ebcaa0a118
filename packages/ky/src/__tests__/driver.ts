import type { AdapterDriver } from '@tok/test-utils/adapter-suite';
import type { Auth, AuthorizeOptions } from '@tok/core/adapter';
import { kyTransport, type KyLike, tokenHooks } from '../index.js';

/** The ky instance the driver needs: `create` with hooks and a base URL option. */
export interface KyModule {
  create(options: Record<string, unknown>): (input: string | URL, options?: Record<string, unknown>) => Promise<Response>;
}

/** The shared suite's driver for one ky major: `baseOption` is `prefixUrl` (ky 1) or `prefix` (ky 2). */
export function kyDriver(name: string, ky: KyModule, baseOption: 'prefixUrl' | 'prefix'): AdapterDriver {
  return {
    name,
    hasBaseUrl: true,
    client(auth, options, baseUrl) {
      const instance = ky.create({
        hooks: tokenHooks(auth as Auth, options as AuthorizeOptions),
        throwHttpErrors: false,
        ...(baseUrl === undefined ? {} : { [baseOption]: baseUrl }),
      });
      return {
        async send(url, { method, headers, body, stream, signal } = {}) {
          // Under the base URL, send the relative path so that ky joins it with the prefix.
          const input = baseUrl !== undefined && url.startsWith(baseUrl) ? url.slice(baseUrl.length) : new URL(url);
          const payload = stream && body !== undefined ? new Blob([body]).stream() : body;
          const response = await instance(input, { method, headers, body: payload, signal });
          return { status: response.status, body: await response.text() };
        },
      };
    },
    transport: () => kyTransport(ky as unknown as KyLike),
    transportOnClient: (auth) => kyTransport(ky.create({ hooks: tokenHooks(auth as Auth, { origins: '*' }) }) as unknown as KyLike),
    isAbort: (error) => error instanceof DOMException && error.name === 'AbortError',
  };
}
