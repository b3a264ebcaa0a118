import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientCredentials } from '../request/grant.js';
import type { Placement } from '../client-auth/placement.js';
import { buildTokenRequest } from '../request/request.js';

// RFC 6749 Appendix A: VSCHAR = %x20-7E. Characters that form-encoding treats specially are drawn
// more often than the uniform range would.
const anyVschar = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const special = fc.constantFrom(' ', '+', '%', ':', '&', '=', '/', '~', '*', '"', '\\', '%2B', '%3A');
const vschars = fc.string({ unit: fc.oneof(anyVschar, special), minLength: 1, maxLength: 40 });

const tokenUrl = 'https://auth.example.com/token';
const runs = { numRuns: 500 };

function basicCredentials(header: string | undefined): string {
  const match = /^Basic ([A-Za-z0-9+/]*={0,2})$/.exec(header ?? '');
  if (!match?.[1]) throw new Error(`not a Basic header: ${String(header)}`);
  const bytes = Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function splitAtFirstColon(credentials: string): [string, string] {
  const at = credentials.indexOf(':');
  if (at < 0) throw new Error('no ":" in Basic credentials');
  return [credentials.slice(0, at), credentials.slice(at + 1)];
}

// application/x-www-form-urlencoded decoding of one value: '+' is a space, then percent-decoding.
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

/** An RFC 6749 §2.3.1 decoder, as a server implements it. */
function decodeClientSecretBasic(header: string | undefined): { id: string; secret: string } {
  const [id, secret] = splitAtFirstColon(basicCredentials(header));
  return { id: formDecode(id), secret: formDecode(secret) };
}

/** What a server that does not form-decode (Postman-style raw Basic) reads. */
function decodeRawBasic(header: string | undefined): { id: string; secret: string } {
  const [id, secret] = splitAtFirstColon(basicCredentials(header));
  return { id, secret };
}

const header = (placement: Placement, clientId: string, clientSecret: string) =>
  buildTokenRequest(clientCredentials({ tokenUrl, clientId, clientSecret, placement })).headers.authorization;

describe('the RFC 6749 §2.3.1 decoder used here', () => {
  it('decodes a known header', () => {
    // base64("client+id:se%3Acr%25et%2B")
    expect(decodeClientSecretBasic('Basic Y2xpZW50K2lkOnNlJTNBY3IlMjVldCUyQg==')).toStrictEqual({ id: 'client id', secret: 'se:cr%et+' });
  });

  it('rejects what is not a Basic header', () => {
    expect(() => decodeClientSecretBasic(undefined)).toThrow();
    expect(() => decodeClientSecretBasic('Bearer abc')).toThrow();
    expect(() => decodeClientSecretBasic(`Basic ${btoa('no-colon')}`)).toThrow();
  });
});

describe('Basic encoding (property-based)', () => {
  it("'basic' round-trips every VSCHAR id and secret", () => {
    fc.assert(
      fc.property(vschars, vschars, (id, secret) => {
        expect(decodeClientSecretBasic(header('basic', id, secret))).toStrictEqual({ id, secret });
      }),
      runs,
    );
  });

  it("'basic' never lets a ':' through in the encoded id", () => {
    fc.assert(
      fc.property(vschars, vschars, (id, secret) => {
        const [encodedId] = splitAtFirstColon(basicCredentials(header('basic', id, secret)));
        expect(encodedId).toMatch(/^[A-Za-z0-9*\-._+%]+$/);
      }),
      runs,
    );
  });

  it("'basic-with-client-id' sends the same header and the id in the body", () => {
    fc.assert(
      fc.property(vschars, vschars, (id, secret) => {
        const req = buildTokenRequest(clientCredentials({ tokenUrl, clientId: id, clientSecret: secret, placement: 'basic-with-client-id' }));
        expect(req.headers.authorization).toBe(header('basic', id, secret));
        expect(decodeClientSecretBasic(req.headers.authorization)).toStrictEqual({ id, secret });
        expect([...new URLSearchParams(req.body)]).toStrictEqual([
          ['grant_type', 'client_credentials'],
          ['client_id', id],
        ]);
      }),
      runs,
    );
  });

  it("'basic-raw' round-trips through a non-decoding server when the id has no ':'", () => {
    fc.assert(
      fc.property(
        vschars.filter((id) => !id.includes(':')),
        vschars,
        (id, secret) => {
          expect(decodeRawBasic(header('basic-raw', id, secret))).toStrictEqual({ id, secret });
        },
      ),
      runs,
    );
  });

  it("'basic' and 'basic-raw' agree when form-encoding changes nothing", () => {
    const plain = fc.string({ unit: fc.constantFrom(...'abcXYZ019*-._'), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(plain, plain, (id, secret) => {
        expect(header('basic', id, secret)).toBe(header('basic-raw', id, secret));
      }),
      runs,
    );
  });

  it("'form' and 'json' bodies round-trip every VSCHAR id and secret", () => {
    fc.assert(
      fc.property(vschars, vschars, (id, secret) => {
        const form = buildTokenRequest(clientCredentials({ tokenUrl, clientId: id, clientSecret: secret, placement: 'form' }));
        const fields = new URLSearchParams(form.body);
        expect([fields.get('client_id'), fields.get('client_secret')]).toStrictEqual([id, secret]);
        const json = buildTokenRequest(clientCredentials({ tokenUrl, clientId: id, clientSecret: secret, placement: 'json' }));
        expect(JSON.parse(json.body)).toStrictEqual({ grant_type: 'client_credentials', client_id: id, client_secret: secret });
      }),
      runs,
    );
  });
});
