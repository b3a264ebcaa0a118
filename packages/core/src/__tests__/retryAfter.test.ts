import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, retryAfterMs } from '../policy/retryAfter.js';

const now = Date.UTC(2026, 9, 21, 7, 28, 0);

describe('retryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('2', now)).toBe(2_000);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
  });

  it('reads an IMF-fixdate as a delay from now', () => {
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000);
  });

  it('reads the obsolete HTTP-date forms (RFC 9110 §5.6.7)', () => {
    expect(retryAfterMs('Wednesday, 21-Oct-26 07:28:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed Oct 21 07:28:30 2026', now)).toBeTypeOf('number');
  });

  it('never gives a negative delay for a date in the past', () => {
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(0);
  });

  it('caps what one answer can ask for at five minutes, in both forms', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(300_000);
    expect(retryAfterMs('300', now)).toBe(300_000);
    expect(retryAfterMs('1000000000', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('99999999999999999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('Fri, 31 Dec 9999 23:59:59 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('is undefined when absent', () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it.each(['', 'soon', '-1', '1.5', '1e3', '2 seconds', '0x10'])('is undefined when unreadable: %j', (value) => {
    expect(retryAfterMs(value, now)).toBeUndefined();
  });
});
