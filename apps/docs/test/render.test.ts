import { buildTokenRequest, clientCredentials } from '@tok/core';
import { describe, expect, it } from 'vitest';
import { highlight } from '../.vitepress/theme/lib/highlight';
import { shellQuote, toCurl, toHttp } from '../.vitepress/theme/lib/render';

const request = buildTokenRequest(
  clientCredentials({ tokenUrl: 'https://auth.example.com/oauth/token', clientId: "o'brien", clientSecret: 'p+ss/w=rd', placement: 'form', scope: 'a b' }),
);

describe('request rendering', () => {
  it('writes the request line, every header, the byte length and the body', () => {
    const http = toHttp(request);
    expect(http.split('\n\n')[0]?.split('\n')).toEqual([
      'POST /oauth/token HTTP/1.1',
      'host: auth.example.com',
      'accept: application/json',
      'content-type: application/x-www-form-urlencoded',
      `content-length: ${Buffer.byteLength(request.body)}`,
    ]);
    expect(http.split('\n\n')[1]).toBe(request.body);
  });

  it('quotes curl arguments so that the shell passes them through unchanged', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const curl = toCurl(request);
    expect(curl).toContain(`--data-raw ${shellQuote(request.body)}`);
    expect(curl).toContain("--url 'https://auth.example.com/oauth/token'");
  });

  it('escapes HTML in highlighted code', () => {
    const html = highlight('{"a": "<script>"}', 'json');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
