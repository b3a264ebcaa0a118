// Example: a client of your own, tested with vitest against @tok/testing's servers.
import { faults, startAuthorizationServer, startProtectedApi } from '@tok/testing';
import { expect, test } from 'vitest';

/** The code under test: gets a token, retries a 503 once, then calls the API with it. */
async function fetchReport(tokenUrl: string, apiUrl: string): Promise<unknown> {
  const requestToken = () =>
    fetch(tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('reports:s3cret')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=reports:read',
    });
  let answer = await requestToken();
  if (answer.status === 503) answer = await requestToken();
  const { access_token } = (await answer.json()) as { access_token: string };
  const response = await fetch(`${apiUrl}reports/1`, { headers: { authorization: `Bearer ${access_token}` } });
  return response.json();
}

test('survives one 503 from the token endpoint', async () => {
  await using auth = await startAuthorizationServer({ clients: [{ clientId: 'reports', clientSecret: 's3cret' }], script: [faults.serverError(503)] });
  await using api = await startProtectedApi({ authorizationServer: auth, requiredScopes: () => ['reports:read'] });

  await expect(fetchReport(auth.tokenUrl, api.url)).resolves.toMatchObject({ ok: true, path: '/reports/1' });
  expect(auth.counts.byOutcome).toStrictEqual({ issued: 1, refused: 0, fault: 1 });
  expect(auth.counts.byPlacement).toStrictEqual({ basic: 2 });
});
