import { expect, it } from 'vitest';
import { startProtectedApi, startEchoServer, startAuthorizationServer } from '../index.js';

const post = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa('test-client:test-secret')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });

it('closes at once with keep-alive connections and hanging or delayed requests open', async () => {
  const tokens = await startAuthorizationServer();
  const api = await startProtectedApi({ authorizationServer: tokens });
  const echo = await startEchoServer();
  await Promise.all([post(tokens.url), fetch(api.url), fetch(echo.url)]);
  tokens.behave({ hang: true }, { delayMs: 60_000 });
  const pending = [post(tokens.url), post(tokens.url)].map((request) => request.then(() => 'answered', () => 'failed'));
  while (tokens.count < 3) await new Promise((resolve) => setTimeout(resolve, 5));

  const started = performance.now();
  await Promise.all([tokens.close(), api.close(), echo.close()]);
  // Not the 60 s delay nor a hanging request: at once, however loaded the machine.
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(await Promise.all(pending)).toStrictEqual(['failed', 'failed']);
  expect(tokens.issued).toHaveLength(1);
});

it('can be closed twice, and refuses connections afterwards', async () => {
  const echo = await startEchoServer();
  await Promise.all([echo.close(), echo.close()]);
  await echo.close();
  await expect(fetch(echo.url)).rejects.toThrow(TypeError);
});
