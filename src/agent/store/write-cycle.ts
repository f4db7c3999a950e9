import type { Database as Db } from 'better-sqlite3';
import type { HealthReport } from '../../shared/health.js';
import type { MetricPoint } from '../../shared/metrics.js';
import { toMetricPoints } from '../../shared/metrics.js';
import type { Sample } from '../../shared/sample.js';
import { MAX_SAMPLE_JSON_CHARS } from './defaults.js';
import type { Meta } from './meta.js';
import type { MetricIds } from './metric-ids.js';
import type { Outbox } from './outbox.js';
import type { Rollups } from './rollups.js';
import type { StateTable } from './state.js';
import { toStateJson } from './state.js';

export interface CycleWriterDeps {
  ids: MetricIds;
  meta: Meta;
  outbox: Outbox;
  state: StateTable;
  rollups: Rollups;
}

export type CycleWriter = (sample: Sample, health?: HealthReport) => number;

/**
 * One cycle, one transaction: the sample's points into the raw tier, the sample into the
 * outbox under a new seq, the latest sample and health into the state table, and the outbox
 * bounds enforced. A crash leaves all of it or none of it. Everything is validated and
 * serialised before the transaction starts, so a bad sample never reaches the file.
 */
export function createCycleWriter(db: Db, deps: CycleWriterDeps): CycleWriter {
  const { ids, meta, outbox, state, rollups } = deps;
  // A repeated (metric, ts) — two volumes reporting the same mount — keeps the last value.
  const insertRaw = db.prepare<[number, number, number]>(
    `INSERT INTO raw_points (metric_id, ts, value) VALUES (?, ?, ?)
     ON CONFLICT (ts, metric_id) DO UPDATE SET value = excluded.value`,
  );

  const write = db.transaction(
    (ts: number, points: MetricPoint[], sampleJson: string, healthJson?: string): number => {
      for (const point of points) insertRaw.run(ids.ensure(point.metric), ts, point.value);
      const seq = outbox.append(ts, sampleJson);
      state.putJson('sample', sampleJson);
      if (healthJson !== undefined) state.putJson('health', healthJson);
      rollups.noteSample(ts);
      const first = meta.get('first_sample_ts');
      if (first === undefined || ts < first) meta.set('first_sample_ts', ts);
      outbox.enforceLimits();
      return seq;
    },
  );

  return (sample, health) => {
    const { points, json } = prepareSample(sample);
    const healthJson = health === undefined ? undefined : toStateJson('health', health);
    try {
      return write(sample.ts, points, json, healthJson);
    } catch (error) {
      // Ids created inside the rolled-back transaction no longer exist.
      ids.reset();
      throw error;
    }
  };
}

function prepareSample(sample: Sample): { points: MetricPoint[]; json: string } {
  if (typeof sample !== 'object' || sample === null) {
    throw new TypeError('store: sample must be an object');
  }
  if (!Number.isSafeInteger(sample.ts) || sample.ts < 0) {
    throw new RangeError(`store: sample.ts must be epoch milliseconds, got ${String(sample.ts)}`);
  }
  let points: MetricPoint[];
  try {
    points = toMetricPoints(sample);
  } catch (error) {
    throw new TypeError(`store: malformed sample at ${sample.ts}: ${String(error)}`);
  }
  const json = JSON.stringify(sample);
  if (json.length > MAX_SAMPLE_JSON_CHARS) {
    throw new RangeError(
      `store: sample at ${sample.ts} is ${json.length} characters of JSON ` +
        `(limit ${MAX_SAMPLE_JSON_CHARS}); refusing it`,
    );
  }
  return { points, json };
}
