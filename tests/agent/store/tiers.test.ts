import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../../../src/agent/store/defaults.js';
import type { TierContext } from '../../../src/agent/store/tiers.js';
import { tierSpecs, usableTiers } from '../../../src/agent/store/tiers.js';
import { readExport } from './export-lines.js';
import { DAY, fill, HOUR, MINUTE, storeFixture, T0 } from './store-fixture.js';

const fixture = storeFixture();
const CPU = 'cpu.usagePercent';
const SPECS = tierSpecs(DEFAULT_RETENTION);
const NOW = T0 + 100 * DAY;

const usable = (context: Partial<TierContext>, from: number) =>
  usableTiers(SPECS, { now: NOW, firstSampleTs: undefined, deletedBefore: {}, ...context }, from)
    .map((spec) => spec.tier)
    .join(',');

describe('usableTiers', () => {
  it.each([
    ['inside every retention', {}, NOW - HOUR, 'raw,minute,hour'],
    ['past raw retention', {}, NOW - 49 * HOUR, 'minute,hour'],
    ['past minute retention', {}, NOW - 31 * DAY, 'hour'],
    ['before the first sample', { firstSampleTs: NOW - HOUR }, 0, 'raw,minute,hour'],
    [
      'before what retention deleted',
      { deletedBefore: { raw: NOW - HOUR } },
      NOW - 2 * HOUR,
      'minute,hour',
    ],
    [
      'after what retention deleted',
      { deletedBefore: { raw: NOW - HOUR } },
      NOW - HOUR,
      'raw,minute,hour',
    ],
    [
      'deleted, though the first sample is later than retention',
      { firstSampleTs: NOW - 10 * HOUR, deletedBefore: { raw: NOW - 5 * HOUR } },
      0,
      'minute,hour',
    ],
  ])('%s', (_, context, from, want) => {
    expect(usable(context, from)).toBe(want);
  });
});

describe('tier choice after raw retention was raised', () => {
  it('reads minutes for the days whose raw samples were already deleted', () => {
    const dbPath = fixture.newPath();
    const before = fixture.open(dbPath); // raw kept 48 h
    const end = T0 + 4 * DAY;
    fill(before, fixture.clock, {
      from: T0,
      to: end,
      intervalMs: 5 * MINUTE,
      rollUpEveryMinutes: 60,
    });
    fixture.clock.now = end;
    before.rollUp();
    expect(before.applyRetention().raw).toBeGreaterThan(0);
    before.close();

    const writer = fixture.open(dbPath, { retention: { rawHours: 168 } });
    const reader = fixture.open(dbPath, { readonly: true });
    const from = T0 + DAY; // 3 days ago: inside 168 h, but its raw rows are gone
    const query = { metrics: [CPU], from, to: from + HOUR, maxPoints: 500 };

    for (const store of [writer, reader]) {
      const result = store.history(query);
      expect(result.tier).toBe('minute');
      expect(result.series[0]?.points).toHaveLength(12);
      const rows = readExport(store, { from, to: from + HOUR, format: 'jsonl', metrics: [CPU] });
      expect(rows.map((row) => [row.tier, row.values.has(CPU)])).toEqual(
        Array.from({ length: 12 }, () => ['minute', true]),
      );
    }
  });
});
