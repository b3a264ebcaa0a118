// Type-checked (never run) with moduleResolution node16, nodenext and bundler: the public types
// resolve through each package's `exports`, and they are real types, not `any`.
import { clientCredentials, createTokenSource, fetchTransport, isOAuthError, type Token, type TokenSource } from '@tok/core';
import { type AuthorizeOptions, type Transport, createAuthorizer } from '@tok/core/adapter';
import { withToken } from '@tok/fetch';
import { tokenHooks } from '@tok/ky';
import { useToken } from '@tok/axios';
import axios from 'axios';
import ky from 'ky';

const grant = clientCredentials({ tokenUrl: 'https://auth.example.com/token', clientId: 'app', clientSecret: 's3cret', scope: ['read'] });
const source: TokenSource = createTokenSource(grant, { transport: fetchTransport(fetch) });
export const token: Promise<Token> = source.getToken();
export const expiresAt = async (): Promise<number | undefined> => (await source.getToken()).expiresAt;

export const api: typeof fetch = withToken(fetch, grant, { origins: ['https://api.example.com'] });
export const client = ky.create({ prefixUrl: 'https://api.example.com', hooks: tokenHooks(grant) });
export const eject: () => void = useToken(axios.create({ baseURL: 'https://api.example.com' }), grant);
// The adapter kit's entry resolves with its own types.
const transport: Transport = fetchTransport(fetch);
const options: AuthorizeOptions = { origins: ['https://api.example.com'], retryOn401: 'invalid_token' };
export const header: string = createAuthorizer(grant, options, { transport }).header;
export const guard = (error: unknown): string | undefined => (isOAuthError(error) ? error.error : undefined);

// @ts-expect-error: placement is one of the documented names
clientCredentials({ tokenUrl: 'https://auth.example.com/token', clientId: 'a', clientSecret: 'b', placement: 'header' });
// @ts-expect-error: a Token has no `value`
export const wrong = async () => (await source.getToken()).value;
// @ts-expect-error: withToken needs something to authenticate with
withToken(fetch);
