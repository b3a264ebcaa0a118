// The HTTP clients the adapter tests run against, each in its own words.
import { withToken } from '@tok/fetch';
import { tokenHooks } from '@tok/ky';
import ky from 'ky';
import ky2 from 'ky2';

/** The body as JSON when it is JSON, else as text. */
export const read = async (response) => {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** `withToken(fetch, auth, options)` */
export const fetchClient = {
  name: 'fetch',
  create(auth, options) {
    const authed = withToken(globalThis.fetch, auth, options);
    return async (url, init = {}) => {
      const response = await authed(url, init);
      return { status: response.status, body: await read(response) };
    };
  },
};

/** `ky.create({ hooks: tokenHooks(auth, options) })`, with ky's own retries and HTTP errors off. */
export const kyClient = {
  name: 'ky',
  create(auth, options) {
    const client = ky.create({ hooks: tokenHooks(auth, options), throwHttpErrors: false, retry: 0 });
    return async (url, init = {}) => {
      const response = await client(url, init);
      return { status: response.status, body: await read(response) };
    };
  },
};

/** The same with ky 2 (which changed its hook arguments and retry options). */
export const ky2Client = {
  name: 'ky2',
  create(auth, options) {
    const client = ky2.create({ hooks: tokenHooks(auth, options), throwHttpErrors: false, retry: 0 });
    return async (url, init = {}) => {
      const response = await client(url, init);
      return { status: response.status, body: await read(response) };
    };
  },
};

