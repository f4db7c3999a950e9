import { METRICS, metricName } from '../../src/shared/metrics.js';
import type { Sample } from '../../src/shared/sample.js';
import { CHARTS } from '../ui/chart-specs.js';
import type { ChartSpec } from '../ui/chart-specs.js';

/**
 * The charts to ask for: processor, memory, each disk volume the latest sample knows (the
 * fullest-volume series when there is no sample yet), network in and out, temperature.
 */
export function historyChartSpecs(sample: Sample | null): ChartSpec[] {
  const volumes = sample?.disks?.volumes.map((volume) => volume.mount) ?? [];
  const disks: ChartSpec[] =
    volumes.length > 0
      ? volumes.map((mount) => ({
          metric: metricName(METRICS.diskUsedPercent, mount),
          titleKey: 'history.charts.disk',
          titleParams: { volume: mount },
          isPercent: true,
        }))
      : [CHARTS.diskFullest];
  return [CHARTS.cpu, CHARTS.memory, ...disks, CHARTS.netRx, CHARTS.netTx, CHARTS.temperature];
}
