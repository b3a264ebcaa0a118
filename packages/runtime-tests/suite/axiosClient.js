// axios, kept apart from the web clients: its Node build reads the environment when imported
// (debug, through follow-redirects), so an entry includes it only where that is allowed.
import { useToken } from '@tok/axios';
import axios from 'axios';
import { read } from './clients.js';

/** `useToken(axios.create(), auth, options)`, answering whatever the status, the body as text. */
export const axiosClient = {
  name: 'axios',
  create(auth, options) {
    const instance = axios.create({ validateStatus: () => true, responseType: 'text', transformResponse: [(data) => data] });
    useToken(instance, auth, options);
    return async (url, { method = 'GET', headers, body } = {}) => {
      const response = await instance.request({ url, method, headers, data: body });
      return { status: response.status, body: await read(new Response(response.data)) };
    };
  },
};
