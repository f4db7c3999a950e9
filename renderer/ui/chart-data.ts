import type { HistoryResult } from '../../src/shared/history.js';

export interface XY {
  x: number;
  y: number;
}

/** The two datasets of one history chart: the average line and the lighter max band above it. */
export interface ChartSeries {
  metric: string;
  average: XY[];
  maximum: XY[];
}

/**
 * One series of a history answer as chart points, oldest first; a missing series gives empty
 * arrays. The max never dips below the average, so the band always sits above the line.
 */
export function toChartSeries(result: HistoryResult, metric: string): ChartSeries {
  const points = result.series.find((series) => series.metric === metric)?.points ?? [];
  const sorted = [...points].sort((a, b) => a.ts - b.ts);
  return {
    metric,
    average: sorted.map((point) => ({ x: point.ts, y: point.avg })),
    maximum: sorted.map((point) => ({ x: point.ts, y: Math.max(point.max, point.avg) })),
  };
}

/** Gaps wider than this are drawn as breaks (the PC was off or sampling paused). */
export function gapThresholdMs(result: HistoryResult): number | false {
  return result.stepMs > 0 ? result.stepMs * 3 : false;
}

/** Whether a history answer has anything to draw at all. */
export function hasPoints(result: HistoryResult): boolean {
  return result.series.some((series) => series.points.length > 0);
}
