import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, planMergedBuckets, planTierBuckets } from '../../../src/agent/store/buckets.js';
import { DEFAULT_RETENTION } from '../../../src/agent/store/defaults.js';
import type { TierContext } from '../../../src/agent/store/tiers.js';
import { historyTier, tierSpecs } from '../../../src/agent/store/tiers.js';
import { DAY, HOUR, MINUTE, T0 } from './store-fixture.js';

describe('planTierBuckets', () => {
  it('keeps the tier step when the range fits', () => {
    expect(planTierBuckets(T0, T0 + HOUR, MINUTE, 60)).toEqual({ origin: T0, widthMs: MINUTE });
  });

  it('merges into epoch-aligned multiples of the step when it does not', () => {
    expect(planTierBuckets(T0, T0 + DAY, MINUTE, 500)).toEqual({ origin: T0, widthMs: 3 * MINUTE });
  });

  it('never plans more than maxPoints buckets over the range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 42 }),
        fc.integer({ min: 1, max: 800 * DAY }),
        fc.constantFrom(1000, MINUTE, HOUR),
        fc.integer({ min: 1, max: 5000 }),
        (rawStart, span, unit, maxPoints) => {
          const start = Math.floor(rawStart / unit) * unit;
          const plan = planTierBuckets(start, start + span, unit, maxPoints);

          const first = bucketOf(start, plan);
          const last = bucketOf(start + span - 1, plan);
          expect((last - first) / plan.widthMs + 1).toBeLessThanOrEqual(maxPoints);
          expect(plan.widthMs % unit).toBe(0);
          expect(plan.origin).toBeLessThanOrEqual(start);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('puts everything in one bucket for maxPoints = 1', () => {
    const plan = planMergedBuckets(T0 + 7_000, T0 + DAY + 7_000, 1000, 1);

    expect(bucketOf(T0 + 7_000, plan)).toBe(bucketOf(T0 + DAY + 6_999, plan));
  });
});

describe('historyTier', () => {
  const tiers = tierSpecs(DEFAULT_RETENTION);
  /** A store that has been recording for three years. */
  const veteran = { now: T0, firstSampleTs: T0 - 3 * 365 * DAY, deletedBefore: {} };
  const tierFor = (span: number, maxPoints: number, ago = 0, context: TierContext = veteran) =>
    historyTier(tiers, context, { from: T0 - ago - span, to: T0 - ago, maxPoints }).tier;

  it.each([
    ['1 h at 500 points', HOUR, 500, 0, 'raw'],
    ['24 h at 500 points', DAY, 500, 0, 'minute'],
    ['24 h at 10 000 points', DAY, 10_000, 0, 'raw'],
    ['7 days at 500 points', 7 * DAY, 500, 0, 'minute'],
    ['30 days at 500 points', 30 * DAY, 500, 0, 'hour'],
    ['1 year at 500 points', 365 * DAY, 500, 0, 'hour'],
    ['10 minutes, 3 days ago (raw gone)', 10 * MINUTE, 500, 3 * DAY, 'minute'],
    ['10 minutes, 60 days ago (minutes gone)', 10 * MINUTE, 500, 60 * DAY, 'hour'],
    ['10 minutes, 5 years ago (nothing kept)', 10 * MINUTE, 500, 5 * 365 * DAY, 'hour'],
  ] as const)('%s → %s', (_, span, maxPoints, ago, tier) => {
    expect(tierFor(span, maxPoints, ago)).toBe(tier);
  });

  it("lets a store younger than a tier's retention use that tier for any range", () => {
    const installedYesterday = { now: T0, firstSampleTs: T0 - DAY, deletedBefore: {} };
    const empty = { now: T0, firstSampleTs: undefined, deletedBefore: {} };

    expect(tierFor(7 * DAY, 100_000, 0, installedYesterday)).toBe('raw');
    expect(tierFor(7 * DAY, 100_000, 0, veteran)).toBe('minute');
    expect(tierFor(7 * DAY, 100_000, 0, empty)).toBe('minute');
  });
});
