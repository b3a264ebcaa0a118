import { Readable } from 'node:stream';
import * as core from '@tok/core';
import { adapterSuite } from '@tok/test-utils/adapter-suite';
import axios from 'axios';
import { axiosTransport, useToken } from '../index.js';

adapterSuite(core, {
  name: '@tok/axios',
  hasBaseUrl: true,
  client(auth, options, baseUrl) {
    const instance = axios.create({ validateStatus: () => true, responseType: 'text', ...(baseUrl === undefined ? {} : { baseURL: baseUrl }) });
    useToken(instance, auth as core.Auth, options);
    return {
      async send(url, { method, headers, body, stream, signal } = {}) {
        // Under the base URL, send the relative path so that axios joins it with baseURL.
        const relative = baseUrl !== undefined && url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
        const data = stream && body !== undefined ? Readable.from([body]) : body;
        const response = await instance.request({ url: relative, ...(method && { method }), ...(headers && { headers }), ...(data !== undefined && { data }), ...(signal && { signal }) });
        return { status: response.status, body: String(response.data) };
      },
    };
  },
  transport: () => axiosTransport(axios),
  transportOnClient(auth) {
    const instance = axios.create();
    useToken(instance, auth as core.Auth, { origins: '*' });
    return axiosTransport(instance);
  },
  isAbort: (error) => axios.isCancel(error),
});
