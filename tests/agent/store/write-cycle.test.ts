import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toMetricPoints } from '../../../src/shared/metrics.js';
import type { Sample } from '../../../src/shared/sample.js';
import {
  makeHealth,
  makeInventory,
  makeProcesses,
  makeSample,
} from '../../helpers/sample-factory.js';
import { query, storeFixture, T0 } from './store-fixture.js';

const fixture = storeFixture();

const count = (dbPath: string, table: string): number =>
  query<{ n: number }>(dbPath, `SELECT COUNT(*) AS n FROM ${table}`)[0]?.n ?? -1;

describe('writeCycle', () => {
  it('stores the points, the outbox entry and the latest state of a cycle', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    const sample = makeSample(T0);
    const health = makeHealth(T0, 'warn');

    const seq = store.writeCycle(sample, health);

    const points = toMetricPoints(sample);
    const raw = query<{ name: string; ts: number; value: number }>(
      dbPath,
      'SELECT m.name, r.ts, r.value FROM raw_points r JOIN metrics m ON m.id = r.metric_id ORDER BY m.name',
    );
    expect(seq).toBe(1);
    expect(raw).toEqual(
      points
        .map((p) => ({ name: p.metric, ts: T0, value: p.value }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(count(dbPath, 'metrics')).toBe(points.length);
    expect(store.outboxBatch(0, 10)).toEqual([{ seq: 1, sample }]);
    expect(store.latest()).toEqual({ sample, health });
  });

  it('stores each series name once and reuses its id', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);

    for (let i = 0; i < 5; i++) store.writeCycle(makeSample(T0 + i * 10_000));

    const perSample = toMetricPoints(makeSample(T0)).length;
    expect(count(dbPath, 'metrics')).toBe(perSample);
    expect(count(dbPath, 'raw_points')).toBe(5 * perSample);
  });

  it('is one transaction: a failure halfway leaves nothing behind', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    store.writeCycle(makeSample(T0, { mounts: ['/'] }));
    // A real SQLite failure after the raw points are in: the outbox insert aborts.
    const saboteur = new Database(dbPath);
    saboteur.exec(
      "CREATE TRIGGER full BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    const before = { raw: count(dbPath, 'raw_points'), metrics: count(dbPath, 'metrics') };

    // A new volume: its series is created inside the transaction that fails.
    expect(() => store.writeCycle(makeSample(T0 + 10_000, { mounts: ['/', '/data'] }))).toThrow(
      /disk full/,
    );

    expect({ raw: count(dbPath, 'raw_points'), metrics: count(dbPath, 'metrics') }).toEqual(before);
    expect(store.latest().sample?.ts).toBe(T0);
    expect(store.outboxStatus()).toMatchObject({ size: 1, lastSeq: 1 });
    saboteur.exec('DROP TRIGGER full');
    saboteur.close();
    // The id cached for the rolled-back series must not be reused (the foreign key would fail).
    expect(store.writeCycle(makeSample(T0 + 20_000, { mounts: ['/', '/data'] }))).toBe(2);
  });

  it('keeps seq monotonic across a reopen', () => {
    const dbPath = fixture.newPath();
    const first = fixture.open(dbPath);
    const seqs = [0, 1, 2].map((i) => first.writeCycle(makeSample(T0 + i * 10_000)));
    first.close();

    const next = fixture.open(dbPath).writeCycle(makeSample(T0 + 30_000));

    expect([...seqs, next]).toEqual([1, 2, 3, 4]);
  });

  it('keeps the last value when a sample repeats a series (two volumes on one mount)', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    const sample = makeSample(T0, { mounts: ['/', '/'] });

    store.writeCycle(sample);

    const values = store.recentValues('disk.usedPercent:/', T0, T0 + 1).map((p) => p.value);
    expect(values).toEqual([sample.disks?.volumes[1]?.usedPercent]);
  });

  it('refuses malformed samples before touching the file', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    const huge = {
      ...makeSample(T0),
      cpu: { usagePercent: 1, perCorePercent: Array(200_000).fill(1) },
    };

    expect(() => store.writeCycle({ ...makeSample(T0), ts: -1 })).toThrow(RangeError);
    expect(() => store.writeCycle({ ...makeSample(T0), ts: 1.5 })).toThrow(RangeError);
    expect(() => store.writeCycle({ ...makeSample(T0), ts: Number.NaN })).toThrow(
      /epoch milliseconds/,
    );
    expect(() => store.writeCycle(null as unknown as Sample)).toThrow(TypeError);
    expect(() => store.writeCycle({ ts: T0, disks: {} } as unknown as Sample)).toThrow(
      /malformed sample/,
    );
    expect(() => store.writeCycle(huge)).toThrow(/refusing it/);
    expect(() => store.writeCycle(makeSample(T0), 'ok' as never)).toThrow(
      /health must be an object/,
    );
    expect(store.outboxStatus().lastSeq).toBe(0);
    expect(count(dbPath, 'raw_points')).toBe(0);
  });

  it('keeps the process snapshot and inventory for latest()', () => {
    const store = fixture.open(fixture.newPath());
    const processes = makeProcesses(T0);
    const inventory = makeInventory(T0);

    store.saveProcesses(processes);
    store.saveInventory(inventory);
    store.writeCycle(makeSample(T0));

    expect(store.latest()).toEqual({ sample: makeSample(T0), processes, inventory });
  });

  it('reports integrity, closes idempotently and refuses use after close', () => {
    const store = fixture.open(fixture.newPath());
    store.writeCycle(makeSample(T0));

    expect(store.integrityCheck()).toBe('ok');
    store.close();
    store.close();
    expect(() => store.latest()).toThrow(expect.objectContaining({ code: 'E_STORE_CLOSED' }));
  });
});
