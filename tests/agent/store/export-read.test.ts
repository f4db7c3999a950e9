import { describe, expect, it } from 'vitest';
import type { ExportFormat, Store } from '../../../src/agent/store/types.js';
import { makeSample } from '../../helpers/sample-factory.js';
import type { ExportedRow } from './export-lines.js';
import { readExport } from './export-lines.js';
import { DAY, fill, HOUR, MINUTE, storeFixture, T0 } from './store-fixture.js';

const fixture = storeFixture();
const CPU = 'cpu.usagePercent';
const SHAPE = { mounts: ['/'], interfaces: ['eth0'] };

/** Writes one late-arriving cycle at `ts` without rolling anything up. */
function writeAt(store: Store, ts: number): void {
  fixture.clock.now = ts;
  store.writeCycle(makeSample(ts, SHAPE));
}

/** Every bucket must hold exactly what the raw samples of its span say. */
function expectMatchesRaw(store: Store, rows: ExportedRow[], stepMs: number): void {
  for (const row of rows) {
    const values = store.recentValues(CPU, row.ts, row.ts + stepMs).map((p) => p.value);
    const cell = row.values.get(CPU);
    expect(cell?.max).toBe(Math.max(...values));
    expect(cell?.avg).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
  }
}

const timestamps = (rows: ExportedRow[]) => rows.map((row) => row.ts);
const every = (from: number, to: number, stepMs: number) =>
  Array.from({ length: (to - from) / stepMs + 1 }, (_, i) => from + i * stepMs);

describe.each<ExportFormat>(['csv', 'jsonl'])('exportLines (%s) over tiers', (format) => {
  it('exports minutes from the one holding `from` up to samples not rolled up yet', () => {
    // Raw kept 1 h, so a 2-hour export reads the minute tier.
    const store = fixture.open(fixture.newPath(), { retention: { rawHours: 1 } });
    fill(store, fixture.clock, { from: T0, to: T0 + 3 * HOUR, intervalMs: 10_000, shape: SHAPE });
    writeAt(store, T0 + 3 * HOUR + 10_000);
    writeAt(store, T0 + 3 * HOUR + 20_000);
    const now = T0 + 3 * HOUR + 25_000;
    fixture.clock.now = now;

    const rows = readExport(store, { from: now - 2 * HOUR, to: now, format, metrics: [CPU] });

    expect(timestamps(rows)).toEqual(every(T0 + HOUR, T0 + 3 * HOUR, MINUTE));
    if (format === 'jsonl') expect(rows.every((row) => row.tier === 'minute')).toBe(true);
    expectMatchesRaw(store, rows, MINUTE);
    const latest = makeSample(T0 + 3 * HOUR + 20_000, SHAPE).cpu?.usagePercent ?? NaN;
    expect(rows.at(-1)?.values.get(CPU)?.max).toBeGreaterThanOrEqual(latest);
  });

  it('exports hours from the one holding `from` up to the current hour', () => {
    // Minutes kept 6 h, so a 20-hour export reads the hour tier.
    const store = fixture.open(fixture.newPath(), {
      retention: { rawHours: 2, minuteDays: 0.25, hourDays: 30 },
    });
    const end = T0 + DAY + 37 * MINUTE;
    fill(store, fixture.clock, { from: T0, to: end, intervalMs: MINUTE, rollUpEveryMinutes: 10 });
    writeAt(store, end + 10_000);
    const now = end + 20_000; // 00:37:20, the hour and its last minutes not rolled up yet
    fixture.clock.now = now;

    const rows = readExport(store, { from: now - 20 * HOUR, to: now, format });

    expect(timestamps(rows)).toEqual(every(T0 + 4 * HOUR, T0 + DAY, HOUR));
    if (format === 'jsonl') expect(rows.every((row) => row.tier === 'hour')).toBe(true);
    expectMatchesRaw(store, rows, HOUR);
  });
});
