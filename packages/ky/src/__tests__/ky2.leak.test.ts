// The shared leak suite on ky 2, run where the package's `ky` is ky 2 (see vitest.config.ts): ky 2
// keeps its Request, with the Authorization header, on a NetworkError's `request` and `cause`.
import * as core from '@tok/core';
import { boundsSuite, leakSuite } from '@tok/test-utils/leak-suite';
import kyAsImported from 'ky';
import ky from 'ky2';
import { expect, it } from 'vitest';
import { kyLeakDriver } from './leakDriver.js';

it('runs with ky 2 as the `ky` the package imports', () => {
  expect(kyAsImported).toBe(ky);
});

leakSuite(core, kyLeakDriver('@tok/ky with ky 2', ky as never));
boundsSuite(core, kyLeakDriver('@tok/ky with ky 2', ky as never));
