import type { Database as Db } from 'better-sqlite3';
import type { BucketPlan } from './buckets.js';
import { planMergedBuckets, planTierBuckets } from './buckets.js';
import type { BucketedRead } from './history-sql.js';
import { createBucketedRead, readWatermarks } from './history-sql.js';
import type { Meta } from './meta.js';
import type { MetricIds } from './metric-ids.js';
import { assertMaxPoints, assertMetricName, assertRange, metricList } from './query-validation.js';
import type { TierContext, TierSpec } from './tiers.js';
import { historyTier } from './tiers.js';
import type { HistoryPoint, HistoryQuery, HistoryResult } from './types.js';

/** Raw points are instants, not buckets: when they must be merged, widths are whole seconds. */
const RAW_MERGE_UNIT_MS = 1000;

export interface HistoryReader {
  history(query: HistoryQuery): HistoryResult;
  recentValues(metric: string, from: number, to: number): Array<{ ts: number; value: number }>;
  metricsInRange(from: number, to: number): string[];
}

export interface HistoryDeps {
  ids: MetricIds;
  meta: Meta;
  /** Finest first: raw, minute, hour. */
  tiers: readonly TierSpec[];
  /** The clock and the first sample's ts, read when a query chooses its tier. */
  context: () => TierContext;
}

/**
 * Answers chart queries. The tier is chosen by historyTier() (tiers.ts: the coarsest usable
 * tier whose step is at most (to - from) / maxPoints). The answer never exceeds maxPoints per
 * series: raw samples are returned as they are when every series has at most maxPoints of
 * them in the range; otherwise, and for rollup tiers whose bucket count over the range
 * exceeds maxPoints, buckets are merged in SQL into buckets of a whole multiple of the tier's
 * step (avg weighted by count, max of max). A rollup bucket is included when it contains
 * `from` or starts after it, so the first point's ts may precede `from`.
 */
export function createHistoryReader(db: Db, deps: HistoryDeps): HistoryReader {
  const { ids, meta, tiers, context } = deps;
  const reads: BucketedRead[] = tiers.map((_, level) => createBucketedRead(db, tiers, level));
  const rawRange = db.prepare<[number, number, number, number], { ts: number; value: number }>(
    'SELECT ts, value FROM raw_points WHERE metric_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?',
  );
  const withData = db.prepare<
    { from: number; to: number; minuteFrom: number; hourFrom: number },
    { name: string }
  >(`
    SELECT name FROM metrics m WHERE
      EXISTS (SELECT 1 FROM raw_points WHERE metric_id = m.id AND ts >= @from AND ts < @to)
      OR EXISTS (SELECT 1 FROM minute_points WHERE metric_id = m.id AND ts >= @minuteFrom AND ts < @to)
      OR EXISTS (SELECT 1 FROM hour_points WHERE metric_id = m.id AND ts >= @hourFrom AND ts < @to)
    ORDER BY name`);

  /** Raw points as they are, or undefined when some series has more than maxPoints. */
  function rawAsIs(names: string[], query: HistoryQuery): HistoryResult | undefined {
    const series: HistoryResult['series'] = [];
    for (const metric of names) {
      const id = ids.find(metric);
      const rows =
        id === undefined ? [] : rawRange.all(id, query.from, query.to, query.maxPoints + 1);
      if (rows.length > query.maxPoints) return undefined;
      series.push({
        metric,
        points: rows.map(({ ts, value }) => ({ ts, avg: value, max: value })),
      });
    }
    return { tier: 'raw', stepMs: typicalGap(series), series };
  }

  function bucketed(
    names: string[],
    spec: TierSpec,
    plan: BucketPlan,
    start: number,
    end: number,
  ): HistoryResult {
    const read = reads[tiers.indexOf(spec)];
    const marks = readWatermarks(meta);
    const series = names.map((metric) => {
      const id = ids.find(metric);
      const points: HistoryPoint[] =
        id === undefined || !read ? [] : read.run(id, plan, start, end, marks);
      return { metric, points };
    });
    return { tier: spec.tier, stepMs: plan.widthMs, series };
  }

  const answer = db.transaction((query: HistoryQuery, names: string[]): HistoryResult => {
    const spec = historyTier(tiers, context(), query);
    if (spec.tier === 'raw') {
      return (
        rawAsIs(names, query) ??
        bucketed(
          names,
          spec,
          planMergedBuckets(query.from, query.to, RAW_MERGE_UNIT_MS, query.maxPoints),
          query.from,
          query.to,
        )
      );
    }
    const start = Math.floor(query.from / spec.stepMs) * spec.stepMs;
    return bucketed(
      names,
      spec,
      planTierBuckets(start, query.to, spec.stepMs, query.maxPoints),
      start,
      query.to,
    );
  });

  return {
    history(query) {
      assertRange(query.from, query.to);
      assertMaxPoints(query.maxPoints);
      return answer(query, metricList(query.metrics));
    },
    recentValues(metric, from, to) {
      assertMetricName(metric);
      assertRange(from, to);
      const id = ids.find(metric);
      return id === undefined ? [] : rawRange.all(id, from, to, -1);
    },
    metricsInRange(from, to) {
      assertRange(from, to);
      const floorTo = (step: number) => Math.floor(from / step) * step;
      const [, minute, hour] = tiers;
      return withData
        .all({
          from,
          to,
          minuteFrom: floorTo(minute?.stepMs ?? 1),
          hourFrom: floorTo(hour?.stepMs ?? 1),
        })
        .map((row) => row.name);
    },
  };
}

/** The collection interval as the raw points show it: the median gap of the longest series. */
function typicalGap(series: HistoryResult['series']): number {
  const longest = series.reduce<HistoryPoint[]>(
    (a, s) => (s.points.length > a.length ? s.points : a),
    [],
  );
  const gaps = longest.slice(1).map((point, i) => point.ts - (longest[i]?.ts ?? point.ts));
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 0;
}
