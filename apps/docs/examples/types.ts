import type { TokenGrant, TokenSource } from '@tok/core';

/** What one API call in a live example returned. */
export interface ApiCall {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly body: unknown;
  /** The HTTP exchanges behind the call, oldest first, when the example records them. */
  readonly trace?: readonly string[];
}

/**
 * A live example as the Run panel drives it. `grant` is the grant whose token request the panel
 * shows (captured from the grant itself, never sent); `source` is the token source the example's client uses, so the panel can
 * show the token, its refresh point and the counters; `call` makes the API request.
 */
export interface LiveExample {
  readonly grant: TokenGrant;
  readonly source: TokenSource;
  call(): Promise<ApiCall>;
}

/** An ApiCall from a fetch Response. */
export async function fromResponse(method: string, url: URL, response: Response, trace?: readonly string[]): Promise<ApiCall> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // shown as text
  }
  return { method, url: url.pathname + url.search, status: response.status, body, ...(trace ? { trace } : {}) };
}
