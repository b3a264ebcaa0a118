import type { Auth } from '@tok/core';
import type { LeakDriver } from '@tok/test-utils/leak-suite';
import { type KyLike, kyTransport, tokenHooks } from '../index.js';
import type { KyModule } from './driver.js';

/** The leak suite's driver for one ky major (the `ky` the package imports must be the same one). */
export function kyLeakDriver(name: string, ky: KyModule): LeakDriver {
  return {
    name,
    transport: () => kyTransport(ky as unknown as KyLike),
    async clientError(grant, url) {
      const instance = ky.create({ hooks: tokenHooks(grant as Auth, { origins: [new URL(url).origin], source: { retry: { retries: 0 } } }) });
      return instance(url).then(
        () => new Error('the request succeeded'),
        (error: unknown) => error,
      );
    },
  };
}
