import { METRICS } from '../../shared/metrics.js';

/** Short names people type on a command line, for the series they mean. */
export const METRIC_ALIASES: Readonly<Record<string, string>> = {
  cpu: METRICS.cpuUsage,
  load: METRICS.cpuLoad1,
  memory: METRICS.memoryUsedPercent,
  swap: METRICS.swapUsedBytes,
  disk: METRICS.diskFullestPercent,
  'disk-read': METRICS.diskRead,
  'disk-write': METRICS.diskWrite,
  'net-rx': METRICS.netRx,
  'net-tx': METRICS.netTx,
  temperature: METRICS.cpuTemperature,
  battery: METRICS.batteryPercent,
};

export function resolveMetric(name: string): string {
  return METRIC_ALIASES[name] ?? name;
}
