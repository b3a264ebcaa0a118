// Example: a typed openapi-fetch client for the inventory API (inventory.openapi.json), configured
// from the API's own document. Run end to end by src/__tests__/perOperation.test.ts.
// #region example
import createClient from 'openapi-fetch';
import { fromOpenApi, type OpenApiDocument, tokenMiddleware } from '@tok/openapi';
import type { paths } from './inventory-api.js'; // npx openapi-typescript inventory.openapi.json -o inventory-api.d.ts

/** A client whose every call carries a token with exactly the scopes its operation lists. */
export async function inventoryClient(documentUrl: string, clientId: string, clientSecret: string) {
  const document = (await (await fetch(documentUrl)).json()) as OpenApiDocument;
  // The token URL, the scopes, and which operation needs which: all read from the document.
  const auth = fromOpenApi<paths>(document, { clientId, clientSecret, documentUrl });
  const client = createClient<paths>({ baseUrl: new URL(document.servers?.[0]?.url ?? '/', documentUrl).href });
  client.use(tokenMiddleware(auth)); // the token goes to the baseUrl's origin only
  return client;
}

// const inventory = await inventoryClient('https://api.example.com/openapi.json', process.env.CLIENT_ID, process.env.CLIENT_SECRET);
// await inventory.DELETE('/items/{id}', { params: { path: { id: '7' } } }); // scopes items:write items:delete
// #endregion example
