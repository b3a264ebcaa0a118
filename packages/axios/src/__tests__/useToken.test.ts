import { Readable } from 'node:stream';
import * as core from '@tok/core';
import { type AdapterDriver, adapterSuite } from '@tok/test-utils/adapter-suite';
import axios, { type AxiosRequestConfig } from 'axios';
import { axiosTransport, useToken } from '../index.js';

// The same suite with each of axios's Node adapters: http (the default in Node) and fetch (the
// default where there is no http module: Deno, Bun, edge runtimes).
function axiosDriver(name: string, defaults: AxiosRequestConfig): AdapterDriver {
  return {
    name,
    hasBaseUrl: true,
    client(auth, options, baseUrl) {
      const instance = axios.create({ ...defaults, validateStatus: () => true, responseType: 'text', ...(baseUrl === undefined ? {} : { baseURL: baseUrl }) });
      useToken(instance, auth as core.Auth, options);
      return {
        async send(url, { method, headers, body, stream, signal } = {}) {
          // Under the base URL, send the relative path so that axios joins it with baseURL.
          const relative = baseUrl !== undefined && url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
          const data = stream && body !== undefined ? (defaults.adapter === 'fetch' ? new Blob([body]).stream() : Readable.from([body])) : body;
          const response = await instance.request({ url: relative, ...(method && { method }), ...(headers && { headers }), ...(data !== undefined && { data }), ...(signal && { signal }) });
          return { status: response.status, body: String(response.data) };
        },
      };
    },
    transport: () => axiosTransport(axios.create(defaults)),
    transportOnClient(auth) {
      const instance = axios.create(defaults);
      useToken(instance, auth as core.Auth, { origins: '*' });
      return axiosTransport(instance);
    },
    isAbort: (error) => axios.isCancel(error),
  };
}

adapterSuite(core, axiosDriver('@tok/axios', {}));
adapterSuite(core, axiosDriver("@tok/axios with adapter: 'fetch'", { adapter: 'fetch' }));
