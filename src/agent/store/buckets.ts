/**
 * How points are grouped so a range never yields more than maxPoints per series. Buckets are
 * [origin + i·width, origin + (i+1)·width); width is always a whole number of `unitMs` (the
 * tier's step), so merged buckets are unions of whole tier buckets.
 */
export interface BucketPlan {
  origin: number;
  widthMs: number;
}

/** The plan for [start, end) when every unit-wide bucket may hold a point (rollup tiers). */
export function planTierBuckets(
  start: number,
  end: number,
  unitMs: number,
  maxPoints: number,
): BucketPlan {
  if (Math.ceil((end - start) / unitMs) <= maxPoints) return { origin: start, widthMs: unitMs };
  return planMergedBuckets(start, end, unitMs, maxPoints);
}

/**
 * The narrowest merged width that keeps [start, end) within maxPoints buckets. Buckets are
 * aligned to multiples of their width from the epoch, so a chart refreshed a few seconds
 * later keeps the same bucket boundaries instead of shimmering. Alignment can add one bucket
 * at the edges, hence the check; a width of span/(maxPoints - 1) always fits.
 */
export function planMergedBuckets(
  start: number,
  end: number,
  unitMs: number,
  maxPoints: number,
): BucketPlan {
  const span = end - start;
  if (maxPoints === 1) {
    // One bucket: anchor it at start (epoch alignment could split the range in two).
    return { origin: start, widthMs: Math.max(1, Math.ceil(span / unitMs)) * unitMs };
  }
  const fits = (widthMs: number): BucketPlan | undefined => {
    const origin = Math.floor(start / widthMs) * widthMs;
    return Math.ceil((end - origin) / widthMs) <= maxPoints ? { origin, widthMs } : undefined;
  };
  const narrowest = Math.ceil(span / (unitMs * maxPoints));
  return (
    fits(narrowest * unitMs) ??
    fits((narrowest + 1) * unitMs) ??
    alignedToUnit(start, Math.ceil(span / (unitMs * (maxPoints - 1))) * unitMs)
  );
}

function alignedToUnit(start: number, widthMs: number): BucketPlan {
  return { origin: Math.floor(start / widthMs) * widthMs, widthMs };
}

/** The bucket a timestamp falls in under a plan (the same arithmetic the SQL does). */
export function bucketOf(ts: number, plan: BucketPlan): number {
  return Math.floor((ts - plan.origin) / plan.widthMs) * plan.widthMs + plan.origin;
}
