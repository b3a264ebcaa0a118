// What the pages must show, computed in Node with the same @tok/core functions the library uses.
import { buildTokenRequest, clientCredentials, type ClientCredentialsOptions } from '@tok/core';
import { toCurl, toHttp } from '../../.vitepress/theme/lib/render';

export function httpOf(options: ClientCredentialsOptions, base?: string): string {
  return toHttp(buildTokenRequest(clientCredentials(options)), base);
}

export function curlOf(options: ClientCredentialsOptions): string {
  return toCurl(buildTokenRequest(clientCredentials(options)));
}
