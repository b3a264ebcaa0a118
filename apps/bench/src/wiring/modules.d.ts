// axios-token-interceptor ships no types; this declares what the benchmark uses.
declare module 'axios-token-interceptor' {
  import type { InternalAxiosRequestConfig } from 'axios';

  interface TokenCache<T> {
    (): Promise<T>;
    reset(): void;
  }
  interface Options<T> {
    token?: T;
    getToken?: () => T | Promise<T>;
    header?: string;
    headerFormatter?: (token: T) => string;
  }
  interface TokenProvider {
    <T>(options: Options<T>): (config: InternalAxiosRequestConfig) => Promise<InternalAxiosRequestConfig>;
    tokenCache<T>(getToken: () => Promise<T>, options: { maxAge?: number; getMaxAge?: (token: T) => number }): TokenCache<T>;
  }
  const tokenProvider: TokenProvider;
  export default tokenProvider;
}
