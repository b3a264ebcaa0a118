// Example: the same kind of test with jest (ESM: `node --experimental-vm-modules node_modules/jest/bin/jest.js`).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { faults, startAuthorizationServer, startProtectedApi } from '@tok/testing';

let auth;
let api;
beforeAll(async () => {
  auth = await startAuthorizationServer({ clients: [{ clientId: 'reports', clientSecret: 's3cret' }] });
  api = await startProtectedApi({ authorizationServer: auth });
});
afterAll(() => Promise.all([auth.close(), api.close()]));

const requestToken = () =>
  fetch(auth.tokenUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa('reports:s3cret')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });

test('a 429 says when to come back', async () => {
  auth.behave(faults.rateLimited(3));
  const limited = await requestToken();
  expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);

  const { access_token } = await (await requestToken()).json();
  const response = await fetch(`${api.url}reports`, { headers: { authorization: `Bearer ${access_token}` } });
  expect(response.status).toBe(200);
  expect(auth.counts.byOutcome).toEqual({ issued: 1, refused: 0, fault: 1 });
});
