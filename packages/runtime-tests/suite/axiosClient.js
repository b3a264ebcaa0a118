// axios, kept apart from the web clients: its Node build reads the environment when imported
// (debug, through follow-redirects), so an entry includes it only where that is allowed.
import { axiosTransport, useToken } from '@tok/axios';
import axios from 'axios';

/** `useToken(axios.create(), auth, options)`, answering whatever the status, the body as text. */
export const axiosClient = {
  name: 'axios',
  hasBaseUrl: true,
  // A stream body means a Node Readable for the http adapter and a web stream elsewhere: the
  // Node tests cover it for both adapters.
  streams: false,
  client(auth, options, baseUrl) {
    const instance = axios.create({ validateStatus: () => true, responseType: 'text', transformResponse: [(data) => data], ...(baseUrl === undefined ? {} : { baseURL: baseUrl }) });
    useToken(instance, auth, options);
    return {
      async send(url, { method = 'GET', headers, body, signal } = {}) {
        // Under the base URL, send the relative path so that axios joins it with baseURL.
        const relative = baseUrl !== undefined && url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
        const response = await instance.request({ url: relative, method, headers, data: body, signal });
        return { status: response.status, body: String(response.data) };
      },
    };
  },
  transport: () => axiosTransport(axios.create()),
  transportOnClient(auth) {
    const instance = axios.create();
    useToken(instance, auth, { origins: '*' });
    return axiosTransport(instance);
  },
  isAbort: (error) => axios.isCancel(error),
};
