import { toMetricPoints } from '../../../src/shared/metrics.js';
import type { Sample } from '../../../src/shared/sample.js';
import { MINUTE_MS } from '../../../src/shared/time.js';

/** One machine_minutes row as a flush writes it: the aggregate of this flush's samples only. */
export interface MinuteAggregate {
  machineId: string;
  metric: string;
  /** Start of the minute, epoch ms. */
  ts: number;
  avg: number;
  max: number;
  count: number;
}

interface Accumulator {
  machineId: string;
  metric: string;
  ts: number;
  sum: number;
  max: number;
  count: number;
}

/**
 * Per-minute aggregates of the unqualified series (`cpu.usagePercent`, not
 * `disk.usedPercent:/home`: per-volume history stays on the PC), merged in memory across every
 * sample of a flush, so a flush writes one row per (machine, series, minute) however many
 * samples fed it. The database merges each row with what it already holds (avg weighted by
 * count, max of max).
 */
export class MinuteAggregator {
  readonly #rows = new Map<string, Accumulator>();

  add(machineId: string, sample: Sample): void {
    const ts = sample.ts - (sample.ts % MINUTE_MS);
    const prefix = `${machineId}\n${ts}\n`;
    for (const { metric, value } of toMetricPoints(sample)) {
      if (metric.includes(':')) continue;
      const key = prefix + metric;
      const row = this.#rows.get(key);
      if (row) {
        row.sum += value;
        row.count += 1;
        if (value > row.max) row.max = value;
      } else {
        this.#rows.set(key, { machineId, metric, ts, sum: value, max: value, count: 1 });
      }
    }
  }

  get size(): number {
    return this.#rows.size;
  }

  rows(): MinuteAggregate[] {
    return Array.from(this.#rows.values(), (row) => ({
      machineId: row.machineId,
      metric: row.metric,
      ts: row.ts,
      avg: row.sum / row.count,
      max: row.max,
      count: row.count,
    }));
  }
}
