import { describe, expect, it } from 'vitest';
import type { ExportQuery, Store } from '../../../src/agent/store/types.js';
import { toMetricPoints } from '../../../src/shared/metrics.js';
import { makeSample } from '../../helpers/sample-factory.js';
import { parseCsvLine } from './export-lines.js';
import { DAY, fill, MINUTE, storeFixture, T0 } from './store-fixture.js';

const fixture = storeFixture();
/** A volume name that needs CSV quoting: a comma and quotes. */
const ODD_MOUNT = '/mnt/a,"b"';
const SHAPE = { mounts: ['/', ODD_MOUNT] };

function tenMinuteStore(): Store {
  const store = fixture.open(fixture.newPath());
  fill(store, fixture.clock, { from: T0, to: T0 + 10 * MINUTE, intervalMs: 10_000, shape: SHAPE });
  return store;
}

const csv = (store: Store, query: Omit<ExportQuery, 'format'>) =>
  [...store.exportLines({ ...query, format: 'csv' })].map(parseCsvLine);

describe('exportLines', () => {
  it('writes wide CSV: a header of series and their max, one row per timestamp', () => {
    const store = tenMinuteStore();

    const [header, ...rows] = csv(store, { from: T0, to: T0 + 10 * MINUTE });

    const names = toMetricPoints(makeSample(T0, SHAPE))
      .map((p) => p.metric)
      .sort();
    expect(names).toContain(`disk.usedPercent:${ODD_MOUNT}`);
    expect(header).toEqual(['timestamp', ...names.flatMap((n) => [n, `${n}.max`])]);
    expect(rows).toHaveLength(60);
    const cpu = header?.indexOf('cpu.usagePercent') ?? -1;
    expect(rows[0]?.[0]).toBe('2025-06-02T00:00:00.000Z');
    expect(Number(rows[0]?.[cpu])).toBe(makeSample(T0, SHAPE).cpu?.usagePercent);
    expect(rows.every((row) => row.length === header?.length)).toBe(true);
  });

  it('exports the series asked for, leaving unknown ones empty', () => {
    const store = tenMinuteStore();

    const [header, first] = csv(store, {
      from: T0,
      to: T0 + MINUTE,
      metrics: ['cpu.usagePercent', 'battery.percent:none'],
    });

    expect(header).toEqual([
      'timestamp',
      'cpu.usagePercent',
      'cpu.usagePercent.max',
      'battery.percent:none',
      'battery.percent:none.max',
    ]);
    expect(first?.slice(3)).toEqual(['', '']);
  });

  it('writes JSON lines that parse one by one, within the range asked', () => {
    const store = tenMinuteStore();
    const from = T0 + MINUTE + 5_000;
    const to = T0 + 2 * MINUTE;

    const lines = [...store.exportLines({ from, to, format: 'jsonl' })];

    const objects = lines.map((line) => {
      expect(line.endsWith('\n')).toBe(true);
      return JSON.parse(line) as {
        ts: string;
        tier: string;
        values: Record<string, { avg: number; max: number }>;
      };
    });
    expect(objects.map((o) => Date.parse(o.ts))).toEqual(
      [70, 80, 90, 100, 110].map((s) => T0 + s * 1000),
    );
    expect(objects[0]?.tier).toBe('raw');
    const sample = makeSample(T0 + 70_000, SHAPE);
    expect(objects[0]?.values['cpu.usagePercent']).toEqual({
      avg: sample.cpu?.usagePercent,
      max: sample.cpu?.usagePercent,
    });
    expect(Object.keys(objects[0]?.values ?? {})).toContain(`disk.usedPercent:${ODD_MOUNT}`);
  });

  it('reads the finest tier that still covers the range', () => {
    const store = tenMinuteStore();
    fixture.clock.now = T0 + 3 * DAY;
    store.rollUp();
    store.applyRetention();

    const lines = [...store.exportLines({ from: T0, to: T0 + DAY, format: 'jsonl' })];

    expect(lines).toHaveLength(10);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      ts: '2025-06-02T00:00:00.000Z',
      tier: 'minute',
    });
  });

  it('exports raw samples from a young store even for a range reaching far back', () => {
    const store = tenMinuteStore();

    const lines = [...store.exportLines({ from: 0, to: T0 + DAY, format: 'jsonl' })];

    expect(lines).toHaveLength(60);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ tier: 'raw' });
  });

  it('streams: lines come one at a time while the agent keeps writing', () => {
    const store = fixture.open(fixture.newPath());
    const shape = { mounts: ['/'], interfaces: [], isDesktop: true };
    fill(store, fixture.clock, { from: T0, to: T0 + DAY, intervalMs: 10_000, shape });
    const query = { from: T0, to: T0 + DAY, format: 'csv' } as const;

    const lines = store.exportLines(query);
    const iterator = lines[Symbol.iterator]();
    const firstLines = [iterator.next(), iterator.next(), iterator.next()];
    // A paused export must not hold the writer's connection busy.
    fixture.clock.now = T0 + DAY;
    store.writeCycle(makeSample(T0 + DAY, shape));
    iterator.return?.();

    expect(Array.isArray(lines)).toBe(false);
    expect(firstLines.map((r) => r.done)).toEqual([false, false, false]);
    let count = 0;
    for (const _line of store.exportLines(query)) count++; // counted, never collected
    expect(count).toBe(1 + 8640);
  });

  it('refuses a bad query when asked, not at the first line', () => {
    const store = tenMinuteStore();

    expect(() => store.exportLines({ from: T0, to: T0, format: 'csv' })).toThrow(RangeError);
    expect(() => store.exportLines({ from: T0, to: T0 + 1, format: 'xml' as never })).toThrow(
      /format must be "csv" or "jsonl"/,
    );
  });

  it('closes an export still being read when the store closes', () => {
    const store = tenMinuteStore();
    const iterator = store
      .exportLines({ from: T0, to: T0 + 10 * MINUTE, format: 'csv' })
      [Symbol.iterator]();
    iterator.next();

    store.close();

    expect(() => iterator.next()).toThrow();
  });
});
