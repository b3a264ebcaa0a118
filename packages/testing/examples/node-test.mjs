// Example: a test with Node's own runner (`node --test examples/node-test.mjs`).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAuthorizationServer, startProtectedApi } from '@tok/testing';

/** @type {import('@tok/testing').AuthorizationServer} */
let auth;
/** @type {import('@tok/testing').ProtectedApi} */
let api;
before(async () => {
  auth = await startAuthorizationServer({ tokenFormat: 'jwt', clients: [{ clientId: 'reports', clientSecret: 's3cret' }] });
  api = await startProtectedApi({ authorizationServer: auth });
});
after(() => Promise.all([auth.close(), api.close()]));

/** A token for `reports`, its secret in the form body. */
async function token() {
  const response = await fetch(auth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=reports&client_secret=s3cret',
  });
  const { access_token } = /** @type {{ access_token: string }} */ (await response.json());
  return access_token;
}

test('a fresh token is accepted', async () => {
  const response = await fetch(api.url, { headers: { authorization: `Bearer ${await token()}` } });
  assert.equal(response.status, 200);
});

test('a revoked token is refused with an RFC 6750 challenge', async () => {
  const revoked = await token();
  api.revoke(revoked);
  const response = await fetch(api.url, { headers: { authorization: `Bearer ${revoked}` } });
  assert.equal(response.status, 401);
  assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
  assert.deepEqual(auth.counts.byPlacement, { form: 2 });
});
