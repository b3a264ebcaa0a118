import { afterEach, beforeEach, expect, it } from 'vitest';
import { type EchoServer, startEchoServer } from '../index.js';

let echo: EchoServer;
beforeEach(async () => {
  echo = await startEchoServer();
});
afterEach(() => echo.close());

it('answers with the Authorization header it received, or null', async () => {
  const withToken = await fetch(`${echo.url}a`, { headers: { authorization: 'Bearer abc' } });
  expect(await withToken.json()).toStrictEqual({ ok: true, path: '/a', method: 'GET', authorization: 'Bearer abc' });
  const without = await fetch(echo.url, { method: 'POST', body: 'hi' });
  expect(await without.json()).toMatchObject({ authorization: null, method: 'POST' });
});

it('records the headers of every request', async () => {
  await fetch(echo.url, { headers: { 'X-Api-Key': 'k' } });
  expect(echo.count).toBe(1);
  expect(echo.requests[0]).toMatchObject({ method: 'GET', path: '/', headers: { 'x-api-key': 'k' }, body: '' });
});
