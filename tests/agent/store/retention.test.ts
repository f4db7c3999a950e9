import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../../../src/agent/store/defaults.js';
import { createMeta } from '../../../src/agent/store/meta.js';
import { createMetricIds } from '../../../src/agent/store/metric-ids.js';
import { createRetention } from '../../../src/agent/store/retention.js';
import { tierSpecs } from '../../../src/agent/store/tiers.js';
import { makeSample } from '../../helpers/sample-factory.js';
import { DAY, fill, HOUR, MINUTE, query, storeFixture, T0 } from './store-fixture.js';

const fixture = storeFixture();
const TABLES = ['raw_points', 'minute_points', 'hour_points'] as const;

function counts(dbPath: string, horizons: readonly number[]) {
  return TABLES.map((table, i) => {
    const [row] = query<{ total: number; kept: number; oldest: number | null }>(
      dbPath,
      `SELECT COUNT(*) AS total, SUM(ts >= ?) AS kept, MIN(ts) AS oldest FROM ${table}`,
      horizons[i],
    );
    return row ?? { total: 0, kept: 0, oldest: null };
  });
}

describe('applyRetention', () => {
  it('keeps the defaults in one place: 48 h raw, 30 days of minutes, 2 years of hours', () => {
    expect(DEFAULT_RETENTION).toEqual({ rawHours: 48, minuteDays: 30, hourDays: 730 });
  });

  it("deletes exactly what is past each tier's horizon and leaves the rest", () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath, {
      retention: { rawHours: 2, minuteDays: 0.5, hourDays: 2 },
    });
    fill(store, fixture.clock, {
      from: T0,
      to: T0 + 3 * DAY,
      intervalMs: MINUTE,
      rollUpEveryMinutes: 10,
    });
    // Not on a minute boundary, so an off-by-one in the horizon would show.
    const now = T0 + 3 * DAY + 30 * MINUTE + 7_000;
    fixture.clock.now = now;
    store.rollUp();
    const horizons = [now - 2 * HOUR, now - 12 * HOUR, now - 2 * DAY];
    const before = counts(dbPath, horizons);

    const report = store.applyRetention();

    const after = counts(dbPath, horizons);
    TABLES.forEach((_, i) => {
      expect(before[i]?.kept).toBeLessThan(before[i]?.total ?? 0); // each tier had something to delete
      expect(after[i]?.total).toBe(before[i]?.kept);
      expect(after[i]?.oldest).toBeGreaterThanOrEqual(horizons[i] ?? Infinity);
    });
    expect([report.raw, report.minute, report.hour]).toEqual(before.map((c) => c.total - c.kept));
    expect(store.applyRetention()).toEqual({ raw: 0, minute: 0, hour: 0, outbox: 0 });
  });

  it('applies the default horizons', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    fill(store, fixture.clock, { from: T0, to: T0 + 20 * MINUTE, intervalMs: 10_000 });
    fixture.clock.now = T0 + 48 * HOUR + 10 * MINUTE;
    store.writeCycle(makeSample(fixture.clock.now));
    store.rollUp();

    store.applyRetention();

    const oldest = (table: string) =>
      query<{ ts: number }>(dbPath, `SELECT MIN(ts) AS ts FROM ${table}`)[0]?.ts;
    expect(oldest('raw_points')).toBe(T0 + 10 * MINUTE); // exactly 48 h back, inclusive
    expect(oldest('minute_points')).toBe(T0);
    expect(oldest('hour_points')).toBe(T0);
  });

  it('never deletes raw samples that have not been rolled up yet', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath, { retention: { rawHours: 1 } });
    for (let ts = T0; ts < T0 + 3 * HOUR; ts += MINUTE) {
      fixture.clock.now = ts;
      store.writeCycle(makeSample(ts)); // an agent that never got to roll up
    }
    const rawCount = () =>
      query<{ n: number }>(dbPath, 'SELECT COUNT(*) AS n FROM raw_points')[0]?.n;
    const before = rawCount();

    expect(store.applyRetention().raw).toBe(0);
    expect(rawCount()).toBe(before);

    store.rollUp();
    expect(store.applyRetention().raw).toBeGreaterThan(0);
  });

  it('deletes old raw samples of every series with one primary-key range', () => {
    const dbPath = fixture.newPath();
    const retention = { rawHours: 1, minuteDays: 1, hourDays: 1 };
    const store = fixture.open(dbPath, { retention });
    fill(store, fixture.clock, { from: T0, to: T0 + 3 * HOUR, intervalMs: MINUTE });
    store.rollUp();
    store.close();
    const executed: string[] = [];
    const db = new Database(dbPath, { verbose: (sql) => executed.push(String(sql)) });
    const meta = createMeta(db);
    const job = createRetention(db, {
      meta,
      ids: createMetricIds(db),
      tiers: tierSpecs(retention),
      now: () => fixture.clock.now,
      enforceOutboxLimits: () => 0,
    });

    const report = job.apply();

    const rawDeletes = executed.filter((sql) => /^DELETE FROM raw_points\b/.test(sql));
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${rawDeletes[0] ?? ''}`).all() as Array<{
      detail: string;
    }>;
    db.close();
    expect(report.raw).toBeGreaterThan(1000); // ~2 h of ~20 series
    expect(rawDeletes).toHaveLength(1);
    expect(plan.map((row) => row.detail)).toEqual(['SEARCH raw_points USING PRIMARY KEY (ts<?)']);
  });
});
