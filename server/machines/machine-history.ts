import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { HistoryPoint, HistoryResult } from '../../src/shared/history.js';
import { METRICS } from '../../src/shared/metrics.js';
import { DAY_MS, MINUTE_MS } from '../../src/shared/time.js';
import { ApiError } from '../http/api-error.js';
import type { Database } from '../store/schema.js';
import { planMinuteBuckets } from './history-buckets.js';

/** The series the server keeps: every unqualified one (per-volume usage stays on the PC). */
const SERVER_METRICS: readonly string[] = Object.values(METRICS).filter(
  (metric) => metric !== METRICS.diskUsedPercent,
);
const DEFAULT_HISTORY_METRICS = [METRICS.cpuUsage, METRICS.memoryUsedPercent];
const DEFAULT_MAX_POINTS = 500;
const MAX_MAX_POINTS = 2_000;
/** Longest range one request may ask for; aggregates are kept 30 days anyway. */
const MAX_RANGE_MS = 400 * DAY_MS;

export interface HistoryQuery {
  metrics?: string;
  from?: number;
  to?: number;
  maxPoints?: number;
}

export interface CheckedHistoryQuery {
  metrics: string[];
  from: number;
  to: number;
  maxPoints: number;
}

/** `cpu.usagePercent,memory.usedPercent` and a range → checked values, or 400 naming the problem. */
export function checkHistoryQuery(query: HistoryQuery, now: number): CheckedHistoryQuery {
  const metrics =
    query.metrics === undefined
      ? [...DEFAULT_HISTORY_METRICS]
      : [
          ...new Set(
            query.metrics
              .split(',')
              .map((name) => name.trim())
              .filter(Boolean),
          ),
        ];
  if (metrics.length === 0) throw new ApiError('E_BAD_REQUEST', 'metrics must name a series');
  const unknown = metrics.find((name) => !SERVER_METRICS.includes(name));
  if (unknown !== undefined) {
    throw new ApiError(
      'E_BAD_REQUEST',
      `unknown metric ${JSON.stringify(unknown.slice(0, 100))}; known: ${SERVER_METRICS.join(', ')}`,
    );
  }
  const to = query.to ?? now;
  const from = query.from ?? Math.max(0, to - DAY_MS);
  if (from >= to) throw new ApiError('E_BAD_REQUEST', `from (${from}) must be before to (${to})`);
  if (to - from > MAX_RANGE_MS) {
    throw new ApiError('E_BAD_REQUEST', 'the range may span at most 400 days');
  }
  const maxPoints = query.maxPoints ?? DEFAULT_MAX_POINTS;
  if (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > MAX_MAX_POINTS) {
    throw new ApiError('E_BAD_REQUEST', `maxPoints must be from 1 to ${MAX_MAX_POINTS}`);
  }
  return { metrics, from, to, maxPoints };
}

interface BucketRow {
  metric: string;
  ts: number;
  avg: number;
  max: number;
}

/**
 * A machine's history from its minute aggregates, merged in SQL into buckets so no series
 * has more than maxPoints points: avg weighted by count, max of max. The bucket of a row is
 * `ts - (ts - origin) % width` (portable: SQLite and PostgreSQL both take integer modulo).
 * The caller has checked that the machine belongs to the asker's org.
 */
export async function readMachineHistory(
  db: Kysely<Database>,
  machineId: string,
  query: CheckedHistoryQuery,
): Promise<HistoryResult> {
  const plan = planMinuteBuckets(query.from, query.to, query.maxPoints);
  const bucket = sql<number>`ts - ((ts - ${plan.origin}) % ${plan.widthMs})`;
  const rows = (await db
    .selectFrom('machine_minutes')
    .select([
      'metric',
      bucket.as('ts'),
      sql<number>`sum(avg * count) / sum(count)`.as('avg'),
      sql<number>`max(max)`.as('max'),
    ])
    .where('machine_id', '=', machineId)
    .where('metric', 'in', query.metrics)
    .where('ts', '>=', query.from - (query.from % MINUTE_MS))
    .where('ts', '<', query.to)
    // By position: PostgreSQL would not see two copies of a parameterised expression as equal.
    .groupBy([sql`1`, sql`2`])
    .orderBy(sql`1`)
    .orderBy(sql`2`)
    .execute()) as BucketRow[];
  const byMetric = new Map<string, HistoryPoint[]>(query.metrics.map((metric) => [metric, []]));
  for (const row of rows) {
    byMetric
      .get(row.metric)
      ?.push({ ts: Number(row.ts), avg: Number(row.avg), max: Number(row.max) });
  }
  return {
    tier: 'minute',
    stepMs: plan.widthMs,
    series: query.metrics.map((metric) => ({ metric, points: byMetric.get(metric) ?? [] })),
  };
}
