import { expectTypeOf, test } from 'vitest';
import { fromOpenApi, type OperationKey } from '../index.js';
import type { paths } from '../../examples/inventory-api.js';

test('operation keys come from the generated paths', () => {
  expectTypeOf<OperationKey<paths>>().toEqualTypeOf<'GET /health' | 'GET /items' | 'POST /items' | 'GET /items/{id}' | 'DELETE /items/{id}'>();
});

test('scopesOf takes only the document\'s paths', () => {
  const auth = fromOpenApi<paths>({ openapi: '3.1.0' }, { clientId: 'a', clientSecret: 's' });
  expectTypeOf(auth.scopesOf).parameter(0).toEqualTypeOf<'/health' | '/items' | '/items/{id}'>();
  // @ts-expect-error not a path of the document
  auth.scopesOf('/nope', 'get');
  expectTypeOf(auth.operations['DELETE /items/{id}']).toEqualTypeOf<readonly string[] | undefined>();
});
