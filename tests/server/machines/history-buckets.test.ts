import { describe, expect, it } from 'vitest';
import { planMinuteBuckets } from '../../../server/machines/history-buckets.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const count = (start: number, end: number, plan: { origin: number; widthMs: number }) =>
  Math.ceil((end - plan.origin) / plan.widthMs);

describe('planMinuteBuckets', () => {
  it('keeps one bucket per minute when the range fits', () => {
    expect(planMinuteBuckets(10 * MINUTE + 5, 70 * MINUTE, 500)).toEqual({
      origin: 10 * MINUTE,
      widthMs: MINUTE,
    });
  });

  it('merges into whole minutes, aligned, never more than maxPoints', () => {
    for (const [span, maxPoints] of [
      [DAY, 500],
      [30 * DAY, 2000],
      [7 * DAY + 12_345, 1],
      [3 * DAY, 2],
      [61 * MINUTE, 60],
    ] as const) {
      const start = Date.UTC(2026, 0, 1) + 17_321;
      const plan = planMinuteBuckets(start, start + span, maxPoints);
      expect(plan.widthMs % MINUTE).toBe(0);
      expect(plan.origin).toBeLessThanOrEqual(start);
      expect(count(start, start + span, plan)).toBeLessThanOrEqual(maxPoints);
    }
  });
});
