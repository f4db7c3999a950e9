import { DAY_MS, HOUR_MS, MINUTE_MS } from './defaults.js';
import type { Meta } from './meta.js';
import type { RetentionPolicy, Tier } from './types.js';

export interface TierSpec {
  tier: Tier;
  table: string;
  /** Bucket width; 0 for raw, whose points are instants at the collection interval. */
  stepMs: number;
  /** How far back the tier keeps data. */
  keepMs: number;
}

/** Finest first. */
export function tierSpecs(retention: RetentionPolicy): TierSpec[] {
  return [
    { tier: 'raw', table: 'raw_points', stepMs: 0, keepMs: retention.rawHours * HOUR_MS },
    {
      tier: 'minute',
      table: 'minute_points',
      stepMs: MINUTE_MS,
      keepMs: retention.minuteDays * DAY_MS,
    },
    { tier: 'hour', table: 'hour_points', stepMs: HOUR_MS, keepMs: retention.hourDays * DAY_MS },
  ];
}

/** When a tier choice is made, since when the store has data, and what retention deleted. */
export interface TierContext {
  now: number;
  /** The oldest sample ever written; undefined for an empty store. */
  firstSampleTs: number | undefined;
  /** Per tier, the latest cutoff retention applied (rows before it were deleted). */
  deletedBefore: Partial<Record<Tier, number>>;
}

/**
 * Tiers that still hold everything from `from` on. A tier is complete from
 * max(first sample, the cutoff retention last applied to it, now - its retention): the applied
 * cutoff because samples deleted under an earlier, shorter setting stay deleted when it is
 * raised; now - retention because the next retention run may delete anything older. Nothing
 * exists before the first sample, so a tier younger than its retention (a store installed
 * yesterday keeps all its raw samples) covers any `from`. The coarsest always qualifies: it
 * is the best answer there is, even for a range older than everything kept.
 */
export function usableTiers(
  specs: readonly TierSpec[],
  context: TierContext,
  from: number,
): TierSpec[] {
  // Before the first sample there is nothing to miss: the range effectively starts there.
  const since = Math.max(from, context.firstSampleTs ?? from);
  return specs.filter((spec, i) => {
    if (i === specs.length - 1) return true;
    const deleted = context.deletedBefore[spec.tier] ?? -Infinity;
    return since >= Math.max(deleted, context.now - spec.keepMs);
  });
}

/**
 * The tier a history query reads. With w = (to - from) / maxPoints, the width one point would
 * ideally cover, take the COARSEST usable tier whose step is at most w, else the finest usable
 * tier. Coarsest-that-is-fine-enough keeps the rows scanned near maxPoints: 30 days at 500
 * points (w = 86 min) reads 720 hour rows per series, not 43 200 minutes; 24 h at 500 (w ≈ 3
 * min) reads minutes; 1 h at 500 (w = 7 s) reads raw samples. Whatever the tier, history.ts
 * then merges its buckets in SQL when it still has more than maxPoints.
 */
export function historyTier(
  specs: readonly TierSpec[],
  context: TierContext,
  query: { from: number; to: number; maxPoints: number },
): TierSpec {
  const usable = usableTiers(specs, context, query.from);
  const ideal = (query.to - query.from) / query.maxPoints;
  const fineEnough = usable.filter((spec) => spec.stepMs <= ideal);
  const chosen = fineEnough[fineEnough.length - 1] ?? usable[0];
  if (!chosen) throw new Error('store: no tier defined');
  return chosen;
}

/** Exports want detail: the finest tier that still covers the range. */
export function exportTier(
  specs: readonly TierSpec[],
  context: TierContext,
  from: number,
): TierSpec {
  const chosen = usableTiers(specs, context, from)[0];
  if (!chosen) throw new Error('store: no tier defined');
  return chosen;
}

/** The writer records its retention so a reader (opened without options) chooses alike. */
export function recordRetention(meta: Meta, retention: RetentionPolicy): void {
  meta.set('retention_raw_ms', retention.rawHours * HOUR_MS);
  meta.set('retention_minute_ms', retention.minuteDays * DAY_MS);
  meta.set('retention_hour_ms', retention.hourDays * DAY_MS);
}

export function recordedRetention(meta: Meta, fallback: RetentionPolicy): RetentionPolicy {
  const raw = meta.get('retention_raw_ms');
  const minute = meta.get('retention_minute_ms');
  const hour = meta.get('retention_hour_ms');
  return {
    rawHours: raw === undefined ? fallback.rawHours : raw / HOUR_MS,
    minuteDays: minute === undefined ? fallback.minuteDays : minute / DAY_MS,
    hourDays: hour === undefined ? fallback.hourDays : hour / DAY_MS,
  };
}
