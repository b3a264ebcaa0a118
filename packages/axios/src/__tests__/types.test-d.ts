import type { Transport } from '@tok/core';
import axios from 'axios';
import { expectTypeOf, test } from 'vitest';
import { axiosTransport, useToken } from '../index.js';

test('useToken returns the eject function; axiosTransport takes an instance or axios itself', () => {
  expectTypeOf(useToken(axios.create({ baseURL: 'https://api.example.com' }), 'abc')).toEqualTypeOf<() => void>();
  expectTypeOf(axiosTransport(axios)).toEqualTypeOf<Transport>();
  expectTypeOf(axiosTransport(axios.create())).toEqualTypeOf<Transport>();
  // @ts-expect-error the instance comes first
  useToken('abc', axios.create());
});
