import { METRICS } from '../../src/shared/metrics.js';

/** One chart of the machine page: its series, title key (shared with the local page) and scale. */
export interface MachineChartSpec {
  metric: string;
  titleKey: string;
  isPercent: boolean;
}

/**
 * Processor, memory, the fullest disk, network in and out: the series the server keeps per
 * minute for every machine (per-volume and per-interface history stays on each PC).
 */
export const MACHINE_CHARTS: readonly MachineChartSpec[] = [
  { metric: METRICS.cpuUsage, titleKey: 'history.charts.cpu', isPercent: true },
  { metric: METRICS.memoryUsedPercent, titleKey: 'history.charts.memory', isPercent: true },
  { metric: METRICS.diskFullestPercent, titleKey: 'history.charts.diskFullest', isPercent: true },
  { metric: METRICS.netRx, titleKey: 'history.charts.netRx', isPercent: false },
  { metric: METRICS.netTx, titleKey: 'history.charts.netTx', isPercent: false },
];
