// JWT client authentication (RFC 7523) in this runtime: core signs with WebCrypto; the Node side
// verifies every assertion with node:crypto and only then hands out a token the API accepts.
import { clientCredentials, clientSecretJwt, createTokenSource, ErrorCode, isOAuthError, privateKeyJwt } from '@tok/core';
import { deepEqual, equal, notEqual, ok, rejects } from './assert.js';
import { callApi, fastRetry, inlineTransport } from './helpers.js';

export const jwtTests = [];
const test = (name, fn) => jwtTests.push({ name: `jwt: ${name}`, fn });

/** A token source whose grant authenticates with `placement`, disposed after the test. */
function source(t, placement, { secret = false } = {}) {
  const { tokenUrl, clientId, clientSecret } = t.config.jwt;
  const grant = clientCredentials({ tokenUrl, clientId, placement, ...(secret ? { clientSecret } : {}) });
  const tokens = createTokenSource(grant, { transport: inlineTransport(), retry: fastRetry });
  t.defer(() => tokens.dispose());
  return tokens;
}

/** Gets a token, checks the API takes it, and returns the one assertion the Node side verified. */
async function verified(t, tokens) {
  const token = await tokens.getToken();
  equal((await callApi(`${t.config.api}items`, token.accessToken)).status, 200, 'the API accepts the token');
  const { assertions } = (await t.control.state()).jwt;
  equal(assertions.length, 1, 'one assertion');
  const [assertion] = assertions;
  equal(assertion.problem, null, 'the assertion verifies');
  equal(assertion.secretOnTheWire, false, 'no secret on the wire');
  return assertion;
}

for (const alg of ['HS256', 'HS384', 'HS512']) {
  test(`client_secret_jwt ${alg}: Node verifies the HMAC, the secret never crosses the wire`, async (t) => {
    const assertion = await verified(t, source(t, clientSecretJwt({ alg }), { secret: true }));
    deepEqual(assertion.header, { alg });
    const { iss, sub, aud } = assertion.claims;
    deepEqual([iss, sub, aud], [t.config.jwt.clientId, t.config.jwt.clientId, t.config.jwt.tokenUrl], 'RFC 7523 §3 claims');
  });
}

const keys = {
  'RS256 from a JWK': (jwt) => ({ key: jwt.rsaJwk, alg: 'RS256' }),
  'PS256 from a PKCS#8 PEM': (jwt) => ({ key: jwt.rsaPem, alg: 'PS256' }),
  'ES256 from a JWK': (jwt) => ({ key: jwt.ecJwk }),
};
for (const [label, options] of Object.entries(keys)) {
  test(`private_key_jwt ${label}: Node verifies the signature with the public key`, async (t) => {
    const { key, alg } = options(t.config.jwt);
    const assertion = await verified(t, source(t, privateKeyJwt({ key, alg })));
    equal(assertion.header.alg, alg ?? 'ES256');
    equal(assertion.header.kid, typeof key === 'string' ? undefined : key.kid, 'kid from the JWK');
    ok(assertion.claims.exp - assertion.claims.iat <= 300, 'a short-lived assertion');
  });
}

test('every token request signs a new assertion (fresh jti)', async (t) => {
  const tokens = source(t, privateKeyJwt({ key: t.config.jwt.ecJwk }));
  const first = await tokens.getToken();
  tokens.invalidate(first);
  const second = await tokens.getToken();
  notEqual(second.accessToken, first.accessToken);
  const { assertions } = (await t.control.state()).jwt;
  equal(assertions.length, 2);
  deepEqual(assertions.map((assertion) => assertion.problem), [null, null], 'both verify (a replayed jti would not)');
  notEqual(assertions[0].claims.jti, assertions[1].claims.jti);
});

test('a key the server does not know is refused as invalid_client', async (t) => {
  const stranger = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = { ...(await crypto.subtle.exportKey('jwk', stranger.privateKey)), kid: 'ec-1' };
  const error = await rejects(source(t, privateKeyJwt({ key: jwk })).getToken());
  ok(isOAuthError(error));
  deepEqual([error.code, error.error, error.status], [ErrorCode.OAuth, 'invalid_client', 401]);
  equal((await t.control.state()).jwt.assertions[0].problem, 'bad ES256 signature');
});
