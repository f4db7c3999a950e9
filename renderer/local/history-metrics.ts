import { METRICS, metricName, parseMetricName } from '../../src/shared/metrics.js';
import type { Sample } from '../../src/shared/sample.js';

/** One chart of the history page: its series, its title key and whether it is a percentage. */
export interface HistoryChartSpec {
  metric: string;
  titleKey: string;
  titleParams: Record<string, string>;
  isPercent: boolean;
}

/**
 * The charts to ask for: processor, memory, each disk volume the latest sample knows (the
 * fullest-volume series when there is no sample yet), network in and out, temperature.
 */
export function historyChartSpecs(sample: Sample | null): HistoryChartSpec[] {
  const volumes = sample?.disks?.volumes.map((volume) => volume.mount) ?? [];
  const disks: HistoryChartSpec[] =
    volumes.length > 0
      ? volumes.map((mount) => ({
          metric: metricName(METRICS.diskUsedPercent, mount),
          titleKey: 'history.charts.disk',
          titleParams: { volume: mount },
          isPercent: true,
        }))
      : [
          {
            metric: METRICS.diskFullestPercent,
            titleKey: 'history.charts.diskFullest',
            titleParams: {},
            isPercent: true,
          },
        ];
  return [
    { metric: METRICS.cpuUsage, titleKey: 'history.charts.cpu', titleParams: {}, isPercent: true },
    {
      metric: METRICS.memoryUsedPercent,
      titleKey: 'history.charts.memory',
      titleParams: {},
      isPercent: true,
    },
    ...disks,
    { metric: METRICS.netRx, titleKey: 'history.charts.netRx', titleParams: {}, isPercent: false },
    { metric: METRICS.netTx, titleKey: 'history.charts.netTx', titleParams: {}, isPercent: false },
    {
      metric: METRICS.cpuTemperature,
      titleKey: 'history.charts.temperature',
      titleParams: {},
      isPercent: false,
    },
  ];
}

/** The base names of the specs, for the export link's `metrics` (the export takes bases). */
export function exportMetrics(specs: readonly HistoryChartSpec[]): string[] {
  return [...new Set(specs.map((spec) => parseMetricName(spec.metric).base))];
}
