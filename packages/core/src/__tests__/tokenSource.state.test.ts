// The token source's transitions, read without timers or I/O: one reducer over named actions.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/codes.js';
import { TransportError } from '../errors/TransportError.js';
import type { Token } from '../response/token.js';
import { type Action, initialState, reduce, type SourceState } from '../source/state.js';

const token = (accessToken: string): Token => ({ accessToken, tokenType: 'Bearer', issuedAt: 0, expiresAt: 3_600_000, refreshIn: undefined, scope: undefined, raw: {} });
const failure = new TransportError(ErrorCode.Network, 'token request failed');
const started = (): Action => ({ type: 'flight-started', flight: new Promise<Token>(() => {}), abort: new AbortController(), lostAt: Number.POSITIVE_INFINITY });
const obtained = (t: Token): Action => ({ type: 'token-obtained', token: t, refreshAt: 2_880_000, expiresAt: 3_599_000 });

function run(...actions: Action[]): SourceState {
  return actions.reduce(reduce, initialState);
}

describe('token source states', () => {
  it('empty → fetching → valid → refreshing → valid', () => {
    expect(initialState.status).toBe('empty');
    expect(run(started()).status).toBe('fetching');
    const valid = run(started(), obtained(token('a')));
    expect(valid).toMatchObject({ status: 'valid', token: { accessToken: 'a' }, refreshAt: 2_880_000, expiresAt: 3_599_000, flight: undefined, used: false });
    expect(run(started(), obtained(token('a')), started()).status).toBe('refreshing');
    expect(run(started(), obtained(token('a')), started(), obtained(token('b'))).token?.accessToken).toBe('b');
  });

  it('serves one promise per token: every cache hit gets the same one', async () => {
    const valid = run(started(), obtained(token('a')));
    expect(reduce(valid, { type: 'used' }).served).toBe(valid.served);
    await expect(valid.served).resolves.toMatchObject({ accessToken: 'a' });
  });

  it('a cache hit changes the record in place (no allocation on the hot path)', () => {
    const valid = run(started(), obtained(token('a')));
    expect(reduce(valid, { type: 'used' })).toBe(valid);
    expect(valid.used).toBe(true);
  });

  it('failing: held back for blockedFor, the streak counted only when it counts', () => {
    const failed = run(started(), { type: 'flight-failed', error: failure, now: 1_000, blockedFor: 200, counts: true, retryAt: undefined });
    expect(failed).toMatchObject({ status: 'failing', blockedUntil: 1_200, blockedBy: failure, failedFlights: 1, flight: undefined });
    const again = reduce(reduce(failed, started()), { type: 'flight-failed', error: failure, now: 2_000, blockedFor: 0, counts: false, retryAt: undefined });
    expect(again).toMatchObject({ blockedUntil: 1_200, failedFlights: 1 });
    expect(reduce(failed, { type: 'unblocked' }).blockedUntil).toBe(0);
  });

  it('a failed background refresh keeps the token and moves the refresh point', () => {
    const state = run(started(), obtained(token('a')), started(), { type: 'flight-failed', error: failure, now: 2_880_000, blockedFor: 0, counts: false, retryAt: 2_910_000 });
    expect(state).toMatchObject({ status: 'failing', token: { accessToken: 'a' }, refreshAt: 2_910_000, expiresAt: 3_599_000 });
  });

  it('a token obtained ends the failure streak and forgets the refused token', () => {
    const refused = run(started(), obtained(token('a')), { type: 'invalidated', refusal: { streak: 1, at: 5, pace: 1_000 } });
    expect(refused).toMatchObject({ status: 'empty', token: undefined, served: undefined, rejected: 'a', refusal: { streak: 1 } });
    const failed = reduce(reduce(refused, started()), { type: 'flight-failed', error: failure, now: 0, blockedFor: 200, counts: true, retryAt: undefined });
    const recovered = reduce(reduce(failed, started()), obtained(token('b')));
    expect(recovered).toMatchObject({ status: 'valid', failedFlights: 0, rejected: undefined, refusal: { streak: 1 } });
  });

  it('disposed is final', () => {
    const disposed = run(started(), obtained(token('a')), { type: 'disposed' });
    expect(disposed).toMatchObject({ status: 'disposed', token: undefined, served: undefined, flight: undefined });
    for (const action of [started(), obtained(token('b')), { type: 'unblocked' } as const, { type: 'invalidated', refusal: undefined } as const]) {
      expect(reduce(disposed, action)).toBe(disposed);
    }
  });
});
