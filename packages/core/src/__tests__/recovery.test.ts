import { describe, expect, it } from 'vitest';
import { NO_REFUSAL, nextRefusal, type RefusalPace, rejectionPaceMs, shouldRenewToken } from '../policy/recovery.js';

describe('rejectionPaceMs', () => {
  it('is 1 s after the first refusal, doubling per refusal in a row, up to 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(rejectionPaceMs)).toStrictEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(rejectionPaceMs(0)).toBe(1_000);
  });
});

describe('nextRefusal', () => {
  it('lets the first refusal through at once', () => {
    expect(nextRefusal(NO_REFUSAL, 0)).toStrictEqual({ streak: 1, at: 0, pace: 1_000 });
  });

  it('ignores refusals within the pace, and continues the streak within twice the pace', () => {
    const first = nextRefusal(NO_REFUSAL, 10_000) as RefusalPace;
    expect(nextRefusal(first, 10_999)).toBeUndefined();
    const second = nextRefusal(first, 11_000) as RefusalPace;
    expect(second).toStrictEqual({ streak: 2, at: 11_000, pace: 2_000 });
    expect(nextRefusal(second, 12_999)).toBeUndefined();
    expect(nextRefusal(second, 14_999)).toStrictEqual({ streak: 3, at: 14_999, pace: 4_000 });
  });

  it('starts over at 1 s after a quiet spell of twice the pace', () => {
    const second: RefusalPace = { streak: 2, at: 0, pace: 2_000 };
    expect(nextRefusal(second, 4_000)).toStrictEqual({ streak: 1, at: 4_000, pace: 1_000 });
  });

  it('a refusing API costs at most 7 token requests in its first minute, then 1 a minute', () => {
    let pace = NO_REFUSAL;
    const through: number[] = [];
    for (let now = 0; now <= 180_000; now += 100) {
      const next = nextRefusal(pace, now);
      if (next) {
        pace = next;
        through.push(now);
      }
    }
    expect(through.filter((t) => t < 60_000).length).toBeLessThanOrEqual(7);
    expect(through.filter((t) => t >= 120_000 && t < 180_000).length).toBe(1);
  });
});

describe('shouldRenewToken', () => {
  it('any 401 by default, only invalid_token challenges when asked, never with never', () => {
    expect(shouldRenewToken(401, null)).toBe(true);
    expect(shouldRenewToken(403, null)).toBe(false);
    expect(shouldRenewToken(401, 'Bearer realm="api"', 'invalid_token')).toBe(false);
    expect(shouldRenewToken(401, 'Bearer error="invalid_token"', 'invalid_token')).toBe(true);
    expect(shouldRenewToken(401, 'Bearer error="invalid_token"', 'never')).toBe(false);
  });
});
