import { formatBytes, formatBytesPerSecond, formatNumber, formatPercent } from './format.js';
import { METRICS, parseMetricName } from './metrics.js';

type Formatter = (value: number, locale: string) => string;

const FORMATTERS: Readonly<Record<string, Formatter>> = {
  [METRICS.cpuUsage]: formatPercent,
  [METRICS.cpuLoad1]: (v, l) => formatNumber(v, l, 2),
  [METRICS.cpuSpeed]: (v, l) => `${formatNumber(v, l, 2)} GHz`,
  [METRICS.memoryUsedPercent]: formatPercent,
  [METRICS.memoryUsedBytes]: formatBytes,
  [METRICS.swapUsedBytes]: formatBytes,
  [METRICS.diskFullestPercent]: formatPercent,
  [METRICS.diskUsedPercent]: formatPercent,
  [METRICS.diskRead]: formatBytesPerSecond,
  [METRICS.diskWrite]: formatBytesPerSecond,
  [METRICS.netRx]: formatBytesPerSecond,
  [METRICS.netTx]: formatBytesPerSecond,
  [METRICS.cpuTemperature]: (v, l) => `${formatNumber(v, l, 0)} °C`,
  [METRICS.batteryPercent]: formatPercent,
};

/** A series value in its own unit (percent, bytes, bytes/s, °C …) for the reader's locale. */
export function formatMetricValue(metric: string, value: number, locale: string): string {
  const format = FORMATTERS[parseMetricName(metric).base] ?? ((v, l) => formatNumber(v, l, 2));
  return format(value, locale);
}
