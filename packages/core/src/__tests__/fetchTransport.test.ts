// fetchTransport against a real endpoint that sends too much: the body is cut off at
// MAX_RESPONSE_BYTES while reading, counted after decompression, with a typed error.
import { type MisbehavingServer, startMisbehavingServer } from '@tok/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES } from '../http/body.js';
import { ErrorCode } from '../errors/codes.js';
import { ResponseError } from '../errors/ResponseError.js';
import { fetchTransport } from '../http/fetchTransport.js';

let server: MisbehavingServer;
beforeAll(async () => {
  server = await startMisbehavingServer();
});
afterAll(() => server.close());

const transport = fetchTransport(fetch);
const post = (url: string) =>
  transport({ url, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }, { signal: AbortSignal.timeout(20_000) });

describe('fetchTransport: bounded answers', () => {
  it('MAX_RESPONSE_BYTES is 1 MiB, as in Go x/oauth2', () => {
    expect(MAX_RESPONSE_BYTES).toBe(1 << 20);
  });

  it.each([
    ['a 100 MB body', 'huge'],
    ['an endless chunked body', 'endless'],
    ['a gzip bomb (400 kB inflating to 400 MB)', 'gzip-bomb'],
  ] as const)('%s: cut off at the limit with TOK_RESPONSE_TOO_LARGE, not buffered until a timeout', async (_, route) => {
    const error = await post(server.url(route)).then(
      () => expect.unreachable(),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ code: ErrorCode.ResponseTooLarge, status: 200 });
    const { message } = error as ResponseError;
    expect(message).toContain(`over ${MAX_RESPONSE_BYTES} bytes (1 MiB)`);
    expect(message).toContain('check tokenUrl or issuer');
    expect(message).toContain(server.url(route));
  });

  it('stops the server from sending: far less than the body is written before the connection closes', async () => {
    // Socket buffers on both sides hold a few MB; the body is 100 MB, or endless.
    const until = Date.now() + 5_000;
    while ((server.sent.endless ?? 0) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    const written = { huge: server.sent.huge ?? 0, endless: server.sent.endless ?? 0 };
    await new Promise((r) => setTimeout(r, 300));
    expect({ huge: server.sent.huge, endless: server.sent.endless }).toStrictEqual(written);
    expect(written.huge).toBeLessThan(32_000_000);
    expect(written.endless).toBeLessThan(32_000_000);
  });

  it('a body of exactly the limit is read whole, as UTF-8', async () => {
    const { createServer } = await import('node:http');
    const { serveOnLoopback } = await import('@tok/test-utils');
    const value = 'é'.repeat((MAX_RESPONSE_BYTES - 20) / 2);
    const body = `{"access_token":"${value}"}`.padEnd(MAX_RESPONSE_BYTES - Buffer.byteLength(value) + value.length, ' ');
    expect(Buffer.byteLength(body)).toBe(MAX_RESPONSE_BYTES);
    const exact = await serveOnLoopback(createServer((_, res) => res.end(body)));
    try {
      expect((await post(exact.origin)).body).toBe(body);
    } finally {
      await exact.close();
    }
  });
});
