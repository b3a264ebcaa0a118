import * as core from '@tok/core';
import { adapterSuite } from '@tok/test-utils/adapter-suite';
import ky from 'ky2';
import { kyDriver } from './driver.js';

adapterSuite(core, kyDriver('@tok/ky with ky 2', ky as never, 'prefix'));
