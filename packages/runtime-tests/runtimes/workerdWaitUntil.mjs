// Whether a background refresh outlives the request that started it, in workerd.
// `GET /wait-until?mode=with|without&step=start|check`:
// - start: a new token source (with or without `waitUntil: ctx.waitUntil`) gets a token, waits
//   inside the request until the token's refresh point, then takes one cache hit, which starts the
//   refresh in the background, and answers at once, while that refresh is still in flight.
// - check: a later request to the same isolate shows the token the source now holds.
// The token server's behaviour (a short lifetime, a slow refresh) is set by the test beforehand.
import { clientCredentials, createTokenSource, fetchTransport, refreshAt } from '@tok/core';

// A refresh point a second into a 10 s token; no jitter, so the start step knows when it is.
const policy = { refreshRatio: 0.1, jitterRatio: 0 };
// Kept across requests: one source per mode, like a source at module scope in a real worker.
const sources = new Map();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntilRoute(url, env, ctx) {
  const mode = url.searchParams.get('mode');
  const step = url.searchParams.get('step');
  if ((mode !== 'with' && mode !== 'without') || (step !== 'start' && step !== 'check')) {
    return Response.json({ error: 'expected ?mode=with|without&step=start|check' }, { status: 400 });
  }
  if (step === 'check') {
    const source = sources.get(mode);
    if (!source) return Response.json({ error: `no source for mode ${mode}: run step=start first` }, { status: 409 });
    return Response.json({ current: source.peek()?.accessToken ?? null, stats: source.stats() });
  }
  const config = await (await fetch(`${env.CONTROL}/config`)).json();
  const { clientId, clientSecret } = config.clients.plain;
  const source = createTokenSource(clientCredentials({ tokenUrl: config.tokenUrl, clientId, clientSecret }), {
    transport: fetchTransport(fetch),
    policy,
    // Bound: workerd's ctx.waitUntil throws when called without its ctx.
    ...(mode === 'with' ? { waitUntil: (promise) => ctx.waitUntil(promise) } : {}),
  });
  sources.set(mode, source);
  const first = await source.getToken();
  const due = refreshAt(first, policy);
  while (Date.now() < due) await sleep(due - Date.now() + 10);
  const hit = await source.getToken();
  return Response.json({ first: first.accessToken, hit: hit.accessToken, stats: source.stats() });
}
