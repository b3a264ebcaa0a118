// The names tok's suites use for @tok/testing's servers, and the misbehaving endpoint kept here.
import { expect, it } from 'vitest';
import { defaultClient, startApiServer, startMisbehavingServer, startTokenServer } from '../index.js';

it('startApiServer({ tokenServer }) accepts the tokens of startTokenServer()', async () => {
  await using tokens = await startTokenServer();
  await using api = await startApiServer({ tokenServer: tokens });
  const response = await fetch(tokens.url, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${defaultClient.clientId}:${defaultClient.clientSecret}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = (await response.json()) as { access_token: string };
  expect((await fetch(api.url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  expect((await fetch(api.url)).status).toBe(401);
});

it('the misbehaving endpoint echoes credentials on its echo-400 route and resets on reset', async () => {
  const server = await startMisbehavingServer({ token: 'tok123' });
  try {
    const echoed = await fetch(server.url('echo-400'), { method: 'POST', headers: { authorization: 'Basic abc', 'x-api-key': 'k' }, body: 'client_secret=s' });
    expect([echoed.status, await echoed.text()]).toStrictEqual([400, 'bad request: you sent client_secret=s with authorization: Basic abc and x-api-key: k']);
    await expect(fetch(server.url('reset'), { method: 'POST', body: 'x' })).rejects.toThrow(TypeError);
    expect(await (await fetch(server.url('bare-token'))).text()).toBe('tok123');
  } finally {
    await server.close();
  }
});
