import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/agent/store/types.js';
import { toMetricPoints } from '../../../src/shared/metrics.js';
import { makeSample } from '../../helpers/sample-factory.js';
import type { StoreFixture } from './store-fixture.js';
import { DAY, HOUR, MINUTE, query, storeFixture, T0, tierRows } from './store-fixture.js';

const fixture = storeFixture();
const CPU = 'cpu.usagePercent';
const GRACE = 5_000;
const M = T0 + 10 * MINUTE;

function write(store: Store, clock: StoreFixture['clock'], ...timestamps: number[]): void {
  for (const ts of timestamps) {
    clock.now = Math.max(clock.now, ts);
    store.writeCycle(makeSample(ts));
  }
}

/** What a bucket should hold, computed from the samples themselves. */
function expected(metric: string, timestamps: number[]) {
  const values = timestamps.flatMap((ts) =>
    toMetricPoints(makeSample(ts))
      .filter((p) => p.metric === metric)
      .map((p) => p.value),
  );
  const avg = values.reduce((a, b) => a + b, 0) / values.length;
  return { avg, max: Math.max(...values), count: values.length };
}

const seconds = (start: number, ...offsets: number[]) => offsets.map((s) => start + s * 1000);

describe('rollUp', () => {
  it('aggregates each completed minute exactly: avg, max and count of every series', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    const first = seconds(M, 0, 10, 20, 30, 40, 50);
    const second = seconds(M + MINUTE, 0, 10, 20);
    write(store, fixture.clock, ...first, ...second);
    fixture.clock.now = M + 2 * MINUTE + GRACE;

    store.rollUp();

    for (const { metric } of toMetricPoints(makeSample(M))) {
      const rows = tierRows(dbPath, 'minute_points', metric);
      expect(rows.map((r) => r.ts)).toEqual([M, M + MINUTE]);
      for (const [row, stamps] of [
        [rows[0], first],
        [rows[1], second],
      ] as const) {
        const want = expected(metric, stamps);
        expect(row?.count).toBe(want.count);
        expect(row?.max).toBe(want.max);
        expect(row?.avg).toBeCloseTo(want.avg, 9);
      }
    }
  });

  it('leaves the open minute alone, then includes a sample that arrived late within it', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    write(
      store,
      fixture.clock,
      ...seconds(M, 0, 10, 20, 30, 40, 50),
      ...seconds(M + MINUTE, 0, 10),
    );
    fixture.clock.now = M + MINUTE + 30_000;

    store.rollUp();
    expect(tierRows(dbPath, 'minute_points', CPU).map((r) => r.ts)).toEqual([M]);

    // Stamped inside the open minute, written after the rollUp above.
    write(store, fixture.clock, M + MINUTE + 59_900);
    fixture.clock.now = M + 2 * MINUTE + GRACE;
    store.rollUp();

    const rows = tierRows(dbPath, 'minute_points', CPU);
    expect(rows.map((r) => [r.ts, r.count])).toEqual([
      [M, 6],
      [M + MINUTE, 3],
    ]);
    expect(rows[1]?.avg).toBeCloseTo(expected(CPU, seconds(M + MINUTE, 0, 10, 59.9)).avg, 9);
  });

  it('waits out the grace period before rolling a minute that just ended', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    write(store, fixture.clock, ...seconds(M, 0, 30));
    fixture.clock.now = M + MINUTE + GRACE - 1;

    expect(store.rollUp()).toEqual({ minuteRows: 0, hourRows: 0 });

    fixture.clock.now = M + MINUTE + GRACE;
    expect(store.rollUp().minuteRows).toBe(toMetricPoints(makeSample(M)).length);
  });

  it('is idempotent: running again changes nothing', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    for (let ts = T0; ts < T0 + 2 * HOUR; ts += 10_000) write(store, fixture.clock, ts);
    fixture.clock.now = T0 + 2 * HOUR + GRACE;
    const snapshot = () => ({
      minutes: query(dbPath, 'SELECT * FROM minute_points ORDER BY metric_id, ts'),
      hours: query(dbPath, 'SELECT * FROM hour_points ORDER BY metric_id, ts'),
    });

    const firstRun = store.rollUp();
    const after = snapshot();
    const secondRun = store.rollUp();
    fixture.clock.now += 10 * MINUTE; // time passes, no new samples
    const thirdRun = store.rollUp();

    expect(firstRun.hourRows).toBeGreaterThan(0);
    expect(secondRun).toEqual({ minuteRows: 0, hourRows: 0 });
    expect(thirdRun).toEqual({ minuteRows: 0, hourRows: 0 });
    expect(snapshot()).toEqual(after);
  });

  it('only aggregates what is new: one minute of samples costs one row per series', () => {
    const store = fixture.open(fixture.newPath());
    const seriesCount = toMetricPoints(makeSample(T0)).length;
    for (let ts = T0; ts < T0 + HOUR; ts += 10_000) write(store, fixture.clock, ts);
    fixture.clock.now = T0 + HOUR + GRACE;
    store.rollUp();

    write(store, fixture.clock, ...seconds(T0 + HOUR, 0, 10, 20, 30, 40, 50));
    fixture.clock.now = T0 + HOUR + MINUTE + GRACE;

    expect(store.rollUp()).toEqual({ minuteRows: seriesCount, hourRows: 0 });
  });

  it('weights an hour by the samples behind each minute', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    const busy = seconds(T0, 0, 10, 20, 30, 40, 50);
    const sparse = seconds(T0 + 30 * MINUTE, 0, 30);
    write(store, fixture.clock, ...busy, ...sparse);
    fixture.clock.now = T0 + HOUR - MINUTE;
    store.rollUp();
    expect(tierRows(dbPath, 'hour_points', CPU)).toEqual([]); // its last minutes are not done

    fixture.clock.now = T0 + HOUR + GRACE;
    store.rollUp();

    const [hour] = tierRows(dbPath, 'hour_points', CPU);
    const want = expected(CPU, [...busy, ...sparse]);
    const minuteMean = (expected(CPU, busy).avg + expected(CPU, sparse).avg) / 2;
    expect(Math.abs(want.avg - minuteMean)).toBeGreaterThan(0.1); // the weighting matters here
    expect(hour).toMatchObject({ ts: T0, count: 8, max: want.max });
    expect(hour?.avg).toBeCloseTo(want.avg, 9);
  });

  it('re-rolls a minute and its hour when a sample arrives after they were rolled', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    const stamps = seconds(T0, 0, 10, 20);
    write(store, fixture.clock, ...stamps);
    fixture.clock.now = T0 + HOUR + GRACE;
    store.rollUp();

    write(store, fixture.clock, T0 + 45_000); // clock is past the hour; the sample is not
    store.rollUp();

    const all = [...stamps, T0 + 45_000];
    const [minute] = tierRows(dbPath, 'minute_points', CPU);
    const [hour] = tierRows(dbPath, 'hour_points', CPU);
    expect(minute).toMatchObject({ ts: T0, count: 4 });
    expect(hour).toMatchObject({ ts: T0, count: 4, max: expected(CPU, all).max });
    expect(hour?.avg).toBeCloseTo(expected(CPU, all).avg, 9);
  });

  it('does nothing on an empty store', () => {
    const store = fixture.open(fixture.newPath());
    fixture.clock.now = T0 + HOUR;

    expect(store.rollUp()).toEqual({ minuteRows: 0, hourRows: 0 });
  });

  it('counts a late sample once in hour-tier history before the next rollUp', () => {
    const store = fixture.open(fixture.newPath());
    for (let ts = T0; ts < T0 + 2 * HOUR; ts += 10_000) write(store, fixture.clock, ts);
    fixture.clock.now = T0 + 2 * HOUR + GRACE;
    store.rollUp(); // both hours rolled
    const late = T0 + 30 * MINUTE + 5_000;

    write(store, fixture.clock, late);
    const result = store.history({ metrics: [CPU], from: T0, to: T0 + 2 * HOUR, maxPoints: 2 });

    expect(result.tier).toBe('hour');
    expect(result.series[0]?.points.map((p) => p.ts)).toEqual([T0, T0 + HOUR]);
    for (const point of result.series[0]?.points ?? []) {
      const stamps = store.recentValues(CPU, point.ts, point.ts + HOUR).map((p) => p.ts);
      const want = expected(CPU, stamps);
      expect(point.max).toBe(want.max);
      expect(point.avg).toBeCloseTo(want.avg, 9);
    }
    expect(store.recentValues(CPU, T0, T0 + HOUR)).toHaveLength(361);
  });

  it('does not re-roll a minute whose raw samples retention already deleted', () => {
    const dbPath = fixture.newPath();
    const before = fixture.open(dbPath); // raw kept 48 h
    const end = T0 + 4 * DAY;
    for (let ts = T0; ts < end; ts += 10 * MINUTE) write(before, fixture.clock, ts);
    fixture.clock.now = end;
    before.rollUp();
    before.applyRetention();
    before.close();
    const store = fixture.open(dbPath, { retention: { rawHours: 168 } });
    const minuteBefore = tierRows(dbPath, 'minute_points', CPU).find((r) => r.ts === T0 + DAY);

    write(store, fixture.clock, T0 + DAY + 30_000); // inside 168 h, but its minute lost its raw rows
    store.rollUp();

    expect(minuteBefore?.count).toBe(1);
    expect(tierRows(dbPath, 'minute_points', CPU).find((r) => r.ts === T0 + DAY)).toEqual(
      minuteBefore,
    );
  });
});
