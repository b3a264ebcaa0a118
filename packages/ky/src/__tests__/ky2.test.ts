import * as core from '@tok/core';
import { adapterSuite } from '@tok/test-utils/adapter-suite';
import kyAsImported from 'ky';
import ky from 'ky2';
import { expect, it } from 'vitest';
import { kyDriver } from './driver.js';

it('runs with ky 2 as the `ky` the package imports (token requests go through ky 2)', () => {
  expect(kyAsImported).toBe(ky);
});

adapterSuite(core, kyDriver('@tok/ky with ky 2', ky as never, 'prefix'));
