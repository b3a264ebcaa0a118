// Discovery as doctor shows it: which well-known URLs were asked, what each answered, and what the
// metadata says about the token endpoint. tok's own discover() reads it, so the rules are the same.
import { discover, fetchTransport, type HttpRequest, type ServerMetadata, type TokenResponse } from '@tok/core';
import type { CliConfig } from '../config.js';

export interface DiscoveryReport {
  readonly issuer: string;
  readonly lookups: readonly { url: string; status: number | undefined }[];
  readonly metadata?: ServerMetadata | undefined;
  readonly grantTypes?: readonly string[] | undefined;
  /** Why discovery failed: tok's own message. */
  readonly error?: string | undefined;
  readonly errorCode?: string | undefined;
}

export async function discoverIssuer(config: CliConfig, issuer: string): Promise<DiscoveryReport> {
  const lookups: { url: string; status: number | undefined }[] = [];
  const transport = fetchTransport(fetch);
  const send = async (request: HttpRequest): Promise<TokenResponse> => {
    const lookup: { url: string; status: number | undefined } = { url: request.url, status: undefined };
    lookups.push(lookup);
    const response = await transport(request, { signal: AbortSignal.timeout(config.timeoutMs) });
    lookup.status = response.status;
    return response;
  };
  try {
    const metadata = await discover(issuer, { allowInsecure: config.allowInsecure }).resolve(send, config.allowInsecure);
    const grantTypes = metadata.raw.grant_types_supported;
    return { issuer, lookups, metadata, grantTypes: Array.isArray(grantTypes) ? grantTypes.filter((type): type is string => typeof type === 'string') : undefined };
  } catch (error) {
    const { message, code } = error as { message: string; code?: string };
    return { issuer, lookups, error: message, errorCode: code ?? 'TOK_NETWORK' };
  }
}
