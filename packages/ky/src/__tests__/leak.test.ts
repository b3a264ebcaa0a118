// The shared leak suite with kyTransport and tokenHooks on ky 1 (ky 2: ky2.leak.test.ts).
import * as core from '@tok/core';
import { boundsSuite, leakSuite } from '@tok/test-utils/leak-suite';
import ky from 'ky';
import { kyLeakDriver } from './leakDriver.js';

leakSuite(core, kyLeakDriver('@tok/ky with ky 1', ky as never));
boundsSuite(core, kyLeakDriver('@tok/ky with ky 1', ky as never));
