// The token source with degenerate lifetimes: parseTokenResponse clamps them, so a zero lifetime is
// not one token request per call and a huge one is no Infinity/NaN schedule.
import { describe, expect, it } from 'vitest';
import { MAX_LIFETIME_MS, MIN_LIFETIME_MS } from '../response/response.js';
import { tokenAnswer } from './helpers/fakeTransport.js';
import { setup } from './helpers/fixtures.js';

describe('token lifetimes out of range', () => {
  it('expires_in: 0 under steady traffic: about two token requests a second, not one per call', async () => {
    const { time, endpoint, source } = setup();
    endpoint.setDefault(() => tokenAnswer({ expiresIn: 0 }));
    // 200 calls a second for 10 s.
    for (let i = 0; i < 2_000; i++) {
      await source.getToken();
      await time.advance(5);
    }
    expect(endpoint.count).toBeGreaterThan(1);
    expect(endpoint.count).toBeLessThanOrEqual((10_000 / (MIN_LIFETIME_MS / 2)) + 1);
  });

  it('expires_in: 1e308: a finite expiry and refresh point one year out', async () => {
    const { time, endpoint, source, events } = setup();
    endpoint.setDefault({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":"a","expires_in":1e308}' });
    const token = await source.getToken();
    expect(token.expiresAt).toBe(time.now + MAX_LIFETIME_MS);
    const obtained = events.find((event) => event.type === 'token-obtained');
    expect(obtained && obtained.type === 'token-obtained' && Number.isFinite(obtained.refreshAt)).toBe(true);
    for (let i = 0; i < 100; i++) await source.getToken();
    expect(endpoint.count).toBe(1);
  });
});
