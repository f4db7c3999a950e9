import { CHARTS } from '../ui/chart-specs.js';
import type { ChartSpec } from '../ui/chart-specs.js';

/**
 * Processor, memory, the fullest disk, network in and out: the series the server keeps per
 * minute for every machine (per-volume and per-interface history stays on each PC).
 */
export const MACHINE_CHARTS: readonly ChartSpec[] = [
  CHARTS.cpu,
  CHARTS.memory,
  CHARTS.diskFullest,
  CHARTS.netRx,
  CHARTS.netTx,
];
