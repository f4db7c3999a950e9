import { METRICS } from '../../src/shared/metrics.js';

/** One history chart: its series, its title (key and parameters) and whether it is a percentage. */
export interface ChartSpec {
  metric: string;
  titleKey: string;
  titleParams?: Record<string, string>;
  isPercent: boolean;
}

/** The machine-wide charts, named once for the local history page and the fleet machine page. */
export const CHARTS = {
  cpu: { metric: METRICS.cpuUsage, titleKey: 'history.charts.cpu', isPercent: true },
  memory: { metric: METRICS.memoryUsedPercent, titleKey: 'history.charts.memory', isPercent: true },
  diskFullest: {
    metric: METRICS.diskFullestPercent,
    titleKey: 'history.charts.diskFullest',
    isPercent: true,
  },
  netRx: { metric: METRICS.netRx, titleKey: 'history.charts.netRx', isPercent: false },
  netTx: { metric: METRICS.netTx, titleKey: 'history.charts.netTx', isPercent: false },
  temperature: {
    metric: METRICS.cpuTemperature,
    titleKey: 'history.charts.temperature',
    isPercent: false,
  },
} as const satisfies Record<string, ChartSpec>;
