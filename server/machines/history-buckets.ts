import { MINUTE_MS } from '../../src/shared/time.js';

/** Buckets are [origin + i·width, origin + (i+1)·width); width is a whole number of minutes. */
export interface BucketPlan {
  origin: number;
  widthMs: number;
}

/**
 * The narrowest bucket width (a whole number of minutes) that keeps [start, end) within
 * maxPoints buckets. A range that fits keeps one bucket per minute, aligned to the minute;
 * a merged width is aligned to multiples of itself from the epoch, so a chart refreshed a few
 * seconds later keeps the same bucket boundaries. Alignment can add a bucket at the edges,
 * hence the checks; a width of span/(maxPoints - 1) always fits.
 */
export function planMinuteBuckets(start: number, end: number, maxPoints: number): BucketPlan {
  const origin = start - (start % MINUTE_MS);
  if (Math.ceil((end - origin) / MINUTE_MS) <= maxPoints) return { origin, widthMs: MINUTE_MS };
  const span = end - origin;
  if (maxPoints === 1) {
    return { origin, widthMs: Math.max(1, Math.ceil(span / MINUTE_MS)) * MINUTE_MS };
  }
  const fits = (widthMs: number): BucketPlan | undefined => {
    const aligned = start - (start % widthMs);
    return Math.ceil((end - aligned) / widthMs) <= maxPoints
      ? { origin: aligned, widthMs }
      : undefined;
  };
  const narrowest = Math.ceil(span / (MINUTE_MS * maxPoints));
  const fallback = Math.ceil(span / (MINUTE_MS * (maxPoints - 1))) * MINUTE_MS;
  return (
    fits(narrowest * MINUTE_MS) ??
    fits((narrowest + 1) * MINUTE_MS) ?? { origin: start - (start % fallback), widthMs: fallback }
  );
}
