// A CommonJS TypeScript file importing the ESM-only packages: valid with module nodenext (TS >= 5.8
// models Node's require(esm)).
import { clientCredentials } from '@tok/core';
import { withToken } from '@tok/fetch';

export const api = withToken(fetch, clientCredentials({ tokenUrl: 'https://auth.example.com/token', clientId: 'a', clientSecret: 'b' }), { origins: '*' });
