import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/agent/store/open-store.js';
import type { HistoryPoint, Store } from '../../../src/agent/store/types.js';
import { DAY, fill, HOUR, MINUTE, T0 } from './store-fixture.js';

const CPU = 'cpu.usagePercent';
const METRICS = [CPU, 'memory.usedPercent', 'disk.fullestPercent'];
/** The simulated present. History goes back 31 days: sparse at first, every 10 s for the last 25 h. */
const NOW = T0;
const clock = { now: NOW };
let dir: string;
let store: Store;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashfleet-'));
  store = openStore({ path: path.join(dir, 'history.db'), now: () => clock.now });
  const dense = T0 - 25 * HOUR;
  const shape = { mounts: ['/'], interfaces: ['eth0'] };
  fill(store, clock, {
    from: T0 - 31 * DAY,
    to: dense,
    intervalMs: 5 * MINUTE,
    rollUpEveryMinutes: 60,
    shape,
  });
  fill(store, clock, { from: dense, to: T0, intervalMs: 10_000, shape });
  clock.now = NOW;
  store.rollUp();
  store.applyRetention();
});

afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What a bucket should hold, recomputed from the raw samples (kept for the last 25 h). */
function fromRaw(metric: string, from: number, to: number): { avg: number; max: number } {
  const values = store.recentValues(metric, from, to).map((p) => p.value);
  return { avg: values.reduce((a, b) => a + b, 0) / values.length, max: Math.max(...values) };
}

function expectMatchesRaw(metric: string, point: HistoryPoint, stepMs: number): void {
  const want = fromRaw(metric, point.ts, point.ts + stepMs);
  expect(point.max).toBe(want.max);
  expect(point.avg).toBeCloseTo(want.avg, 9);
}

describe('history tier choice', () => {
  it('answers the last hour from raw samples, as they are', () => {
    const result = store.history({ metrics: METRICS, from: NOW - HOUR, to: NOW, maxPoints: 500 });

    expect(result.tier).toBe('raw');
    expect(result.stepMs).toBe(10_000);
    const raw = store.recentValues(CPU, NOW - HOUR, NOW);
    expect(raw).toHaveLength(360);
    expect(result.series[0]?.points).toEqual(
      raw.map((p) => ({ ts: p.ts, avg: p.value, max: p.value })),
    );
  });

  it('answers 24 h at 500 points from minutes merged into 3-minute buckets', () => {
    const result = store.history({ metrics: METRICS, from: NOW - DAY, to: NOW, maxPoints: 500 });

    expect(result.tier).toBe('minute');
    expect(result.stepMs).toBe(3 * MINUTE);
    for (const series of result.series) {
      expect(series.points.length).toBeLessThanOrEqual(500);
      expect(series.points.length).toBeGreaterThan(470);
      for (const point of series.points.slice(1))
        expectMatchesRaw(series.metric, point, result.stepMs);
    }
  });

  it('answers 30 days at 500 points from hours, complete up to now', () => {
    const result = store.history({
      metrics: METRICS,
      from: NOW - 30 * DAY,
      to: NOW,
      maxPoints: 500,
    });

    expect(result.tier).toBe('hour');
    expect(result.stepMs).toBe(2 * HOUR);
    for (const series of result.series) {
      expect(series.points.length).toBeLessThanOrEqual(500);
      const last = series.points[series.points.length - 1];
      // The newest bucket holds samples not yet rolled into any hour: it comes from finer tiers.
      expect(last && last.ts <= NOW - 10_000 && NOW - 10_000 < last.ts + result.stepMs).toBe(true);
      if (last) expectMatchesRaw(series.metric, last, result.stepMs);
    }
  });

  it('does not use raw samples for a range older than raw retention', () => {
    const from = NOW - 3 * DAY;
    const result = store.history({ metrics: [CPU], from, to: from + 10 * MINUTE, maxPoints: 500 });

    expect(result.tier).toBe('minute');
    expect(result.stepMs).toBe(MINUTE);
    expect(result.series[0]?.points).toHaveLength(2); // a sample every 5 minutes back then
  });

  it('returns an empty series for a metric it has never seen, once per name', () => {
    const result = store.history({
      metrics: ['battery.percent:none', CPU, CPU],
      from: NOW - HOUR,
      to: NOW,
      maxPoints: 10,
    });

    expect(result.series.map((s) => s.metric)).toEqual(['battery.percent:none', CPU]);
    expect(result.series[0]?.points).toEqual([]);
    expect(result.series[1]?.points.length).toBeLessThanOrEqual(10);
  });

  it('refuses bad queries with a clear RangeError', () => {
    const ok = { metrics: [CPU], from: NOW - HOUR, to: NOW, maxPoints: 100 };

    expect(() => store.history({ ...ok, from: NOW, to: NOW })).toThrow(/from .* must be before to/);
    expect(() => store.history({ ...ok, to: ok.from - 1 })).toThrow(RangeError);
    for (const maxPoints of [0, 2.5, Number.NaN, 1e9]) {
      expect(() => store.history({ ...ok, maxPoints })).toThrow(/maxPoints must be an integer/);
    }
    expect(() => store.history({ ...ok, from: 1.5 })).toThrow(/epoch milliseconds/);
    expect(() => store.history({ ...ok, from: -5 })).toThrow(RangeError);
    expect(() => store.history({ ...ok, metrics: 'cpu' as never })).toThrow(TypeError);
    expect(() => store.recentValues(CPU, NOW, NOW - 1)).toThrow(RangeError);
  });

  it('never returns more than maxPoints per series, whatever the range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: NOW - 40 * DAY, max: NOW + DAY }),
        fc.integer({ min: 1, max: 60 * DAY }),
        fc.integer({ min: 1, max: 2000 }),
        (from, span, maxPoints) => {
          const result = store.history({ metrics: METRICS, from, to: from + span, maxPoints });
          const unit = { raw: 1000, minute: MINUTE, hour: HOUR }[result.tier];
          if (result.stepMs > 0) expect(result.stepMs % unit).toBe(0);
          for (const { points } of result.series) {
            expect(points.length).toBeLessThanOrEqual(maxPoints);
            points.forEach((point, i) => {
              expect(point.ts).toBeGreaterThan(from - result.stepMs - 1);
              expect(point.ts).toBeLessThan(from + span);
              if (i > 0) expect(point.ts).toBeGreaterThan(points[i - 1]?.ts ?? -Infinity);
            });
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('metricsInRange', () => {
  it('names the series with data in the range, from any tier', () => {
    expect(store.metricsInRange(NOW - HOUR, NOW)).toContain(CPU);
    expect(store.metricsInRange(NOW - 20 * DAY, NOW - 19 * DAY)).toContain('disk.usedPercent:/');
    expect(store.metricsInRange(NOW - 400 * DAY, NOW - 399 * DAY)).toEqual([]);
  });
});
