import type { Transport } from '@tok/core';
import { expectTypeOf, test } from 'vitest';
import { clientCredentials } from '@tok/core';
import { fetchTransport, type WithTokenOptions, withToken } from '../index.js';

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

test('origins is required: fetch has no base URL to default to', () => {
  const grant = clientCredentials({ tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'id', clientSecret: 'secret' });
  // @ts-expect-error a grant without origins: the token would have nowhere it is known to belong
  withToken(fetch, grant);
  // @ts-expect-error a token string without origins
  withToken(fetch, 'abc');
  // @ts-expect-error options without origins
  withToken(fetch, grant, { header: 'x-api-key' });
  // @ts-expect-error origins: undefined is no choice either
  withToken(fetch, grant, { origins: undefined });
  withToken(fetch, grant, { origins: ['https://api.example.com'] });
  withToken(fetch, grant, { origins: '*', header: 'x-api-key', scheme: '' });
  expectTypeOf<WithTokenOptions['origins']>().toEqualTypeOf<readonly string[] | '*'>();
});

test('onSkip receives the origin and the reason', () => {
  withToken(fetch, 'abc', {
    origins: ['https://api.example.com'],
    onSkip(skip) {
      expectTypeOf(skip.origin).toEqualTypeOf<string>();
      expectTypeOf(skip.reason).toEqualTypeOf<'origin' | 'token-endpoint' | 'own-header'>();
    },
  });
});
