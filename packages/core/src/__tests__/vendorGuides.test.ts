// How real APIs document their token endpoint (a Postman collection, a JSON-body page, Postman's
// Basic Auth tab, a long-lived token): one test per guide, tok reproduces the request it describes.
// The guides' placeholders stand in for real credentials.
import { describe, expect, it } from 'vitest';
import { authorization, staticToken } from '../source/bearer.js';
import { clientCredentials } from '../request/grant.js';
import { buildTokenRequest } from '../request/request.js';
import { parseTokenResponse } from '../response/response.js';
import { freshness } from '../policy/schedule.js';

const requestedAt = Date.UTC(2026, 0, 1);

describe('vendor guides', () => {
  it('Postman, SAPIENT: form body with grant_type client-credentials', () => {
    // Body tab, x-www-form-urlencoded: client_id, client_secret, grant_type=client-credentials.
    const grant = clientCredentials({
      tokenUrl: 'https://api.sapient.example/oauth/token',
      clientId: 'SAPIENT_ID',
      clientSecret: 'SAPIENT_SECRET',
      placement: 'form',
      grantType: 'client-credentials',
    });
    const request = buildTokenRequest(grant);
    expect(request).toStrictEqual({
      url: 'https://api.sapient.example/oauth/token',
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client-credentials&client_id=SAPIENT_ID&client_secret=SAPIENT_SECRET',
    });
    // The same key-value pairs as the guide's table (form field order does not matter).
    expect(Object.fromEntries(new URLSearchParams(request.body))).toStrictEqual({
      client_id: 'SAPIENT_ID',
      client_secret: 'SAPIENT_SECRET',
      grant_type: 'client-credentials',
    });
  });

  it('walr: JSON body with audience', () => {
    const grant = clientCredentials({
      tokenUrl: 'https://identity.walr.com/oauth/token',
      clientId: 'YOUR_CLIENT_ID',
      clientSecret: 'YOUR_CLIENT_SECRET',
      placement: 'json',
      audience: 'https://api.walr.com',
    });
    const request = buildTokenRequest(grant);
    expect(request).toStrictEqual({
      url: 'https://identity.walr.com/oauth/token',
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials","client_id":"YOUR_CLIENT_ID","client_secret":"YOUR_CLIENT_SECRET","audience":"https://api.walr.com"}',
    });
    // The guide's --data, key for key.
    expect(JSON.parse(request.body)).toStrictEqual({
      client_id: 'YOUR_CLIENT_ID',
      client_secret: 'YOUR_CLIENT_SECRET',
      audience: 'https://api.walr.com',
      grant_type: 'client_credentials',
    });
    const token = parseTokenResponse(
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{\n"access_token": "YOUR_ACCESS_TOKEN",\n"token_type": "Bearer",\n"expires_in": 3600\n}' },
      { requestedAt },
    );
    expect(token.expiresAt).toBe(requestedAt + 3_600_000);
    expect(authorization(token)).toBe('Bearer YOUR_ACCESS_TOKEN');
  });

  it('Postman Basic Auth: Basic plus client_id in the form body', () => {
    const grant = clientCredentials({
      tokenUrl: 'https://auth.example.com/oauth/token',
      clientId: 'acme-client',
      clientSecret: 'acme-secret',
      placement: 'basic-with-client-id',
    });
    expect(buildTokenRequest(grant)).toStrictEqual({
      url: 'https://auth.example.com/oauth/token',
      method: 'POST',
      headers: {
        accept: 'application/json',
        // Username acme-client, password acme-secret: base64("acme-client:acme-secret").
        authorization: 'Basic YWNtZS1jbGllbnQ6YWNtZS1zZWNyZXQ=',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&client_id=acme-client',
    });
  });

  it('a JSON-body guide: the request, and a response whose expires_in is "3600"', () => {
    const grant = clientCredentials({
      tokenUrl: 'https://eu.example.com/api/v2/oauth2/token',
      clientId: 'your_client_ID',
      clientSecret: 'your_client_secret',
      placement: 'json',
    });
    expect(buildTokenRequest(grant)).toStrictEqual({
      url: 'https://eu.example.com/api/v2/oauth2/token',
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      // The guide's --data, in the guide's key order.
      body: '{"grant_type":"client_credentials","client_id":"your_client_ID","client_secret":"your_client_secret"}',
    });
    const body = '{  \n  "token_type": "Bearer",  \n  "access_token": "your_access_token",  \n  "expires_in": "3600"  \n}';
    const token = parseTokenResponse({ status: 200, headers: { 'content-type': 'application/json' }, body }, { requestedAt });
    expect(token).toMatchObject({ accessToken: 'your_access_token', tokenType: 'Bearer', issuedAt: requestedAt, expiresAt: requestedAt + 3_600_000 });
    expect(freshness(token, requestedAt + 59 * 60_000)).toBe('refresh');
  });

  it('Unqork: a bearer token held already, with or without "Bearer "', () => {
    expect(authorization(staticToken('abc'))).toBe('Bearer abc');
    expect(authorization(staticToken('Bearer abc'))).toBe('Bearer abc');
    expect(freshness(staticToken('abc'), Number.MAX_SAFE_INTEGER)).toBe('fresh');
  });
});
