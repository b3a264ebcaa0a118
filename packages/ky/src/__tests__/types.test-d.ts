import type { Transport } from '@tok/core';
import ky, { type Options as Ky1Options } from 'ky';
import ky2, { type Options as Ky2Options } from 'ky2';
import { expectTypeOf, test } from 'vitest';
import { kyTransport, tokenHooks } from '../index.js';

test('tokenHooks fit the hooks option of ky 1 and ky 2', () => {
  const hooks = tokenHooks('abc', { origins: '*' });
  expectTypeOf(hooks).toExtend<NonNullable<Ky1Options['hooks']>>();
  expectTypeOf(hooks).toExtend<NonNullable<Ky2Options['hooks']>>();
  ky.create({ prefixUrl: 'https://api.example.com', hooks });
  ky2.create({ prefix: 'https://api.example.com', hooks: { ...hooks, beforeError: [] } });
});

test('kyTransport takes ky 1 and ky 2 instances', () => {
  expectTypeOf(kyTransport(ky)).toEqualTypeOf<Transport>();
  expectTypeOf(kyTransport(ky2.create({}))).toEqualTypeOf<Transport>();
  // @ts-expect-error not a ky instance
  kyTransport('https://api.example.com');
});
