// ESM consumer: every public package by name, each adapter making one real authorized call.
import { clientCredentials, createTokenSource, fetchTransport, isTokError } from '@tok/core';
import { createAuthorizer } from '@tok/core/adapter';
import { withToken } from '@tok/fetch';
import { tokenHooks } from '@tok/ky';
import { useToken } from '@tok/axios';
import axios from 'axios';
import ky from 'ky';

const [tokenUrl, api, clientId, clientSecret] = process.argv.slice(2);
const grant = clientCredentials({ tokenUrl, clientId, clientSecret });
const origins = [new URL(api).origin];
const expect = (condition, what) => {
  if (!condition) throw new Error(`esm: ${what}`);
};

const source = createTokenSource(grant, { transport: fetchTransport(fetch) });
expect((await source.getToken()).tokenType === 'Bearer', '@tok/core gets a token');
source.dispose();
expect(typeof isTokError === 'function', '@tok/core exports its guards');
const authorizer = createAuthorizer(grant, { origins }, { transport: fetchTransport(fetch) });
expect(authorizer.header === 'authorization', '@tok/core/adapter builds an authorizer');
authorizer.source.dispose();

expect((await withToken(fetch, grant, { origins })(`${api}esm/fetch`)).status === 200, '@tok/fetch authorizes a call');

const viaKy = await ky.create({ prefixUrl: api, hooks: tokenHooks(grant) }).get('esm/ky').json();
expect(viaKy.ok === true, '@tok/ky authorizes a call');

const instance = axios.create({ baseURL: api });
useToken(instance, grant);
expect((await instance.get('esm/axios')).status === 200, '@tok/axios authorizes a call');

console.log('esm: @tok/core, @tok/core/adapter, @tok/fetch, @tok/ky and @tok/axios imported and used');
