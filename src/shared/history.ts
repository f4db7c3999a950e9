/** The history of one or more series, as the agent's store answers it and its pages draw it. */

export type Tier = 'raw' | 'minute' | 'hour';

export interface HistoryPoint {
  /** Start of the bucket, epoch ms. */
  ts: number;
  avg: number;
  max: number;
}

export interface HistoryResult {
  tier: Tier;
  /**
   * Width of one returned point, ms (the tier's step, or a multiple when buckets were merged).
   * For raw samples returned as they are: the collection interval as observed (the median gap),
   * 0 with fewer than two points.
   */
  stepMs: number;
  series: Array<{ metric: string; points: HistoryPoint[] }>;
}
