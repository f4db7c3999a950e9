import { describe, expect, it } from 'vitest';
import type { HistoryResult } from '../../src/shared/history.js';
import { gapThresholdMs, hasPoints, toChartSeries } from '../../renderer/ui/chart-data.js';

const result: HistoryResult = {
  tier: 'minute',
  stepMs: 60_000,
  series: [
    {
      metric: 'cpu.usagePercent',
      points: [
        { ts: 120_000, avg: 30, max: 80 },
        { ts: 60_000, avg: 10, max: 25 },
      ],
    },
    { metric: 'disk.usedPercent:/', points: [{ ts: 60_000, avg: 50, max: 49.9 }] },
    { metric: 'disk.usedPercent:/home', points: [] },
  ],
};

describe('chart data', () => {
  it('maps a series to an average line and a max band, oldest first', () => {
    expect(toChartSeries(result, 'cpu.usagePercent')).toEqual({
      metric: 'cpu.usagePercent',
      average: [
        { x: 60_000, y: 10 },
        { x: 120_000, y: 30 },
      ],
      maximum: [
        { x: 60_000, y: 25 },
        { x: 120_000, y: 80 },
      ],
    });
  });

  it('keeps the band at or above the line', () => {
    expect(toChartSeries(result, 'disk.usedPercent:/').maximum).toEqual([{ x: 60_000, y: 50 }]);
  });

  it('gives empty datasets for a series the answer lacks', () => {
    expect(toChartSeries(result, 'temperature.cpuCelsius')).toEqual({
      metric: 'temperature.cpuCelsius',
      average: [],
      maximum: [],
    });
  });

  it('breaks lines at gaps over three steps, and not at all without a step', () => {
    expect(gapThresholdMs(result)).toBe(180_000);
    expect(gapThresholdMs({ ...result, stepMs: 0 })).toBe(false);
  });

  it('tells an empty answer from one with points', () => {
    expect(hasPoints(result)).toBe(true);
    expect(hasPoints({ tier: 'raw', stepMs: 0, series: [{ metric: 'x', points: [] }] })).toBe(
      false,
    );
  });
});
