import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/codes.js';
import { ConfigError } from '../errors/ConfigError.js';
import { EndpointError, isEndpointError } from '../errors/EndpointError.js';
import { NegotiationError } from '../errors/NegotiationError.js';
import { isOAuthError, OAuthError } from '../errors/OAuthError.js';
import { ResponseError } from '../errors/ResponseError.js';
import { isTokError, TokError } from '../errors/TokError.js';
import { TransportError } from '../errors/TransportError.js';

const oauth = (fields: Partial<ConstructorParameters<typeof OAuthError>[0]> = {}) =>
  new OAuthError({ error: 'invalid_client', status: 401, body: { error: 'invalid_client' }, ...fields });

/** An Error made by another realm (an iframe, a vm context): `instanceof Error` is false here. */
const foreignError = (code: string): Error => runInNewContext(`Object.assign(new Error('boom'), { code: ${JSON.stringify(code)} })`) as Error;

describe('error classes', () => {
  it('ConfigError names the option, in the message too', () => {
    const error = new ConfigError('tokenUrl', 'is bad');
    expect(error).toBeInstanceOf(TokError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ConfigError', code: ErrorCode.InvalidOption, option: 'tokenUrl', message: 'tokenUrl: is bad' });
  });

  it('OAuthError carries the OAuth fields, the status and the body as cause', () => {
    const body = { error: 'invalid_scope', error_description: 'nope' };
    const error = new OAuthError({ error: 'invalid_scope', errorDescription: 'nope', errorUri: 'https://e', status: 400, retryAfterMs: 5, body });
    expect(error).toMatchObject({
      name: 'OAuthError',
      code: ErrorCode.OAuth,
      error: 'invalid_scope',
      errorDescription: 'nope',
      errorUri: 'https://e',
      status: 400,
      retryAfterMs: 5,
    });
    expect(error.cause).toBe(body);
    expect(error.message).toBe('token endpoint answered 400 invalid_scope: nope (ask only for scopes this client is allowed)');
  });

  it('OAuthError messages without a description or a known hint', () => {
    expect(oauth({ error: 'custom_error', status: 400 }).message).toBe('token endpoint answered 400 custom_error');
    expect(oauth({ error: 'unsupported_grant_type', status: 400 }).message).toContain('the server may expect another grantType value');
  });

  it('ResponseError and TransportError keep their code and cause', () => {
    const response = new ResponseError(ErrorCode.HttpStatus, 'm', { status: 502, retryAfterMs: 1_000, body: 'x' });
    expect(response).toMatchObject({ name: 'ResponseError', code: 'TOK_HTTP_STATUS', status: 502, retryAfterMs: 1_000, cause: 'x' });
    const cause = new Error('ECONNREFUSED');
    const transport = new TransportError(ErrorCode.Network, 'no answer', { cause });
    expect(transport).toMatchObject({ name: 'TransportError', code: 'TOK_NETWORK', cause });
  });

  it('codes are stable strings with the TOK_ prefix', () => {
    expect(ErrorCode).toStrictEqual({
      InvalidOption: 'TOK_INVALID_OPTION',
      OAuth: 'TOK_OAUTH_ERROR',
      HttpStatus: 'TOK_HTTP_STATUS',
      InvalidResponse: 'TOK_INVALID_RESPONSE',
      ResponseTooLarge: 'TOK_RESPONSE_TOO_LARGE',
      ClientAuth: 'TOK_CLIENT_AUTH',
      Network: 'TOK_NETWORK',
      Timeout: 'TOK_TIMEOUT',
      Store: 'TOK_STORE',
      Aborted: 'TOK_ABORTED',
      Disposed: 'TOK_DISPOSED',
    });
  });
});

describe('EndpointError: status and retryAfterMs, declared once', () => {
  const answers = {
    OAuthError: oauth({ status: 429, retryAfterMs: 2_000 }),
    ResponseError: new ResponseError(ErrorCode.HttpStatus, 'm', { status: 503, retryAfterMs: 1_000, body: '' }),
    NegotiationError: new NegotiationError(oauth({ status: 401 }), []),
  };

  it.each(Object.entries(answers))('%s is an EndpointError with its status and Retry-After', (_, error) => {
    expect(error).toBeInstanceOf(EndpointError);
    expect(error).toBeInstanceOf(TokError);
    expect(isEndpointError(error)).toBe(true);
    expect(typeof error.status).toBe('number');
    expect(Object.keys(error)).toContain('retryAfterMs');
  });

  it('OAuthError and ResponseError extend it directly: the fields have one declaration', () => {
    expect(Object.getPrototypeOf(OAuthError)).toBe(EndpointError);
    expect(Object.getPrototypeOf(ResponseError)).toBe(EndpointError);
    expect(Object.getPrototypeOf(EndpointError)).toBe(TokError);
  });

  it('isEndpointError is true across realms when the code is an answer code and status is a number', () => {
    const foreign = runInNewContext(`Object.assign(new Error('x'), { code: 'TOK_HTTP_STATUS', status: 502, retryAfterMs: 10 })`) as Error;
    expect(isEndpointError(foreign)).toBe(true);
    expect(isEndpointError(Object.assign(new Error('x'), { code: ErrorCode.OAuth, status: 400 }))).toBe(true);
  });

  it.each([
    ['a TransportError', new TransportError(ErrorCode.Network, 'm')],
    ['a ConfigError', new ConfigError('x', 'y')],
    ['an answer code without a status', Object.assign(new Error('x'), { code: ErrorCode.HttpStatus })],
    ['a plain object', { code: ErrorCode.HttpStatus, status: 500 }],
    ['null', null],
  ])('isEndpointError is false for %s', (_, value) => {
    expect(isEndpointError(value)).toBe(false);
  });
});

describe('isTokError', () => {
  it('is true for every tok error', () => {
    expect(isTokError(new ConfigError('x', 'y'))).toBe(true);
    expect(isTokError(oauth())).toBe(true);
    expect(isTokError(new ResponseError(ErrorCode.InvalidResponse, 'm', { status: 200, body: '' }))).toBe(true);
    expect(isTokError(new TransportError(ErrorCode.Timeout, 'm'))).toBe(true);
  });

  it('is true for a plain Error with a TOK_ code (a duplicate install)', () => {
    expect(isTokError(Object.assign(new Error('x'), { code: 'TOK_NETWORK' }))).toBe(true);
  });

  it('is true for an Error from another realm with a TOK_ code', () => {
    const error = foreignError('TOK_TIMEOUT');
    expect(error instanceof Error).toBe(false);
    expect(isTokError(error)).toBe(true);
  });

  it.each([
    ['an Error with another code', Object.assign(new Error('x'), { code: 'ECONNRESET' })],
    ['an Error from another realm with another code', foreignError('ECONNRESET')],
    ['an Error without a code', new Error('x')],
    ['a plain object with a TOK_ code', { code: 'TOK_NETWORK', message: 'x' }],
    ['an Error with a numeric code', Object.assign(new Error('x'), { code: 42 })],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'TOK_NETWORK'],
  ])('is false for %s', (_, value) => {
    expect(isTokError(value)).toBe(false);
  });
});

describe('isOAuthError', () => {
  it('is true for an OAuthError', () => {
    expect(isOAuthError(oauth())).toBe(true);
  });

  it('is true for a plain Error with the OAuth code (a duplicate install)', () => {
    expect(isOAuthError(Object.assign(new Error('x'), { code: ErrorCode.OAuth, error: 'invalid_client' }))).toBe(true);
  });

  it('is true for an Error from another realm with the OAuth code', () => {
    expect(isOAuthError(foreignError(ErrorCode.OAuth))).toBe(true);
  });

  it.each([
    ['another tok error', new ConfigError('x', 'y')],
    ['a ResponseError', new ResponseError(ErrorCode.HttpStatus, 'm', { status: 500, body: '' })],
    ['a plain Error with another TOK_ code', Object.assign(new Error('x'), { code: 'TOK_NETWORK' })],
    ['a plain object with the OAuth code', { code: ErrorCode.OAuth }],
    ['null', null],
  ])('is false for %s', (_, value) => {
    expect(isOAuthError(value)).toBe(false);
  });
});
