// CommonJS consumer: require() of the ESM-only packages, which Node >= 20.19 supports (require(esm)).
const { clientCredentials } = require('@tok/core');
const { isReplayable } = require('@tok/core/adapter');
const { withToken } = require('@tok/fetch');
const { tokenHooks } = require('@tok/ky');
const { useToken } = require('@tok/axios');

const [tokenUrl, api, clientId, clientSecret] = process.argv.slice(2);
const expect = (condition, what) => {
  if (!condition) throw new Error(`cjs: ${what}`);
};
expect(typeof tokenHooks === 'function' && typeof useToken === 'function', 'the adapters export functions');
expect(isReplayable('body') && !isReplayable(new ReadableStream()), '@tok/core/adapter is required too');

// Failure until the call below has succeeded: a process that ends early must not look green.
process.exitCode = 1;
const grant = clientCredentials({ tokenUrl, clientId, clientSecret });
withToken(fetch, grant, { origins: [new URL(api).origin] })(`${api}cjs/fetch`).then((response) => {
  expect(response.status === 200, '@tok/fetch authorizes a call');
  console.log(`cjs: require() of @tok/core, @tok/fetch, @tok/ky and @tok/axios works on Node ${process.version}`);
  process.exitCode = 0;
});
