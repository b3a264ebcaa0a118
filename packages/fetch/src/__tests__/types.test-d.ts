import type { Transport } from '@tok/core';
import { expectTypeOf, test } from 'vitest';
import { fetchTransport, withToken } from '../index.js';

test('withToken gives a function that fits wherever fetch does', () => {
  const api = withToken(fetch, 'abc', { origins: ['https://api.example.com'] });
  const asFetch: typeof fetch = api;
  expectTypeOf(asFetch).toBeFunction();
  expectTypeOf(api).toBeCallableWith(new URL('https://api.example.com/x'), { method: 'POST', body: 'x' });
  expectTypeOf(api).returns.resolves.toEqualTypeOf<Response>();
  expectTypeOf(fetchTransport(fetch)).toEqualTypeOf<Transport>();
});

test('options are checked', () => {
  // @ts-expect-error origins is a list of origins or '*', not one origin
  withToken(fetch, 'abc', { origins: 'https://api.example.com' });
  // @ts-expect-error retryOn401 takes 'any' | 'invalid_token' | 'never'
  withToken(fetch, 'abc', { origins: '*', retryOn401: 'always' });
});
