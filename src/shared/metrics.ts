import type { Sample } from './sample.js';

/**
 * The scalar series the agent keeps history for. A sample is flattened into these names;
 * per-volume and per-interface series carry the volume or interface after a colon
 * (`disk.usedPercent:/home`, `net.rxBytesPerSec:eth0`).
 */
export const METRICS = {
  cpuUsage: 'cpu.usagePercent',
  cpuLoad1: 'cpu.load1',
  cpuSpeed: 'cpu.speedGHz',
  memoryUsedPercent: 'memory.usedPercent',
  memoryUsedBytes: 'memory.usedBytes',
  swapUsedBytes: 'swap.usedBytes',
  diskFullestPercent: 'disk.fullestPercent',
  diskUsedPercent: 'disk.usedPercent',
  diskRead: 'disk.readBytesPerSec',
  diskWrite: 'disk.writeBytesPerSec',
  netRx: 'net.rxBytesPerSec',
  netTx: 'net.txBytesPerSec',
  cpuTemperature: 'temperature.cpuCelsius',
  batteryPercent: 'battery.percent',
} as const;

export type MetricBase = (typeof METRICS)[keyof typeof METRICS];

/** A series name, optionally qualified by the volume or interface it belongs to. */
export function metricName(base: MetricBase, qualifier?: string): string {
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

/** Splits `disk.usedPercent:/home` into its base and qualifier. */
export function parseMetricName(name: string): { base: string; qualifier?: string } {
  const colon = name.indexOf(':');
  return colon < 0
    ? { base: name }
    : { base: name.slice(0, colon), qualifier: name.slice(colon + 1) };
}

export interface MetricPoint {
  metric: string;
  value: number;
}

/** Flattens a sample into the series it contributes to; absent metrics contribute nothing. */
export function toMetricPoints(sample: Sample): MetricPoint[] {
  const points: MetricPoint[] = [];
  const add = (metric: string, value: number | undefined): void => {
    if (value !== undefined && Number.isFinite(value)) points.push({ metric, value });
  };
  const { cpu, memory, disks, network, temperature, battery } = sample;
  if (cpu) {
    add(METRICS.cpuUsage, cpu.usagePercent);
    add(METRICS.cpuLoad1, cpu.loadAverage?.[0]);
    add(METRICS.cpuSpeed, cpu.speedGHz);
  }
  if (memory) {
    add(METRICS.memoryUsedPercent, memory.usedPercent);
    add(METRICS.memoryUsedBytes, memory.usedBytes);
    add(METRICS.swapUsedBytes, memory.swapUsedBytes);
  }
  if (disks) {
    for (const volume of disks.volumes) {
      add(metricName(METRICS.diskUsedPercent, volume.mount), volume.usedPercent);
    }
    const fullest = Math.max(...disks.volumes.map((v) => v.usedPercent));
    if (disks.volumes.length > 0) add(METRICS.diskFullestPercent, fullest);
    add(METRICS.diskRead, disks.readBytesPerSec);
    add(METRICS.diskWrite, disks.writeBytesPerSec);
  }
  if (network) {
    add(METRICS.netRx, network.rxBytesPerSec);
    add(METRICS.netTx, network.txBytesPerSec);
    for (const nic of network.interfaces) {
      add(metricName(METRICS.netRx, nic.name), nic.rxBytesPerSec);
      add(metricName(METRICS.netTx, nic.name), nic.txBytesPerSec);
    }
  }
  add(METRICS.cpuTemperature, temperature?.cpuCelsius);
  add(METRICS.batteryPercent, battery?.percent);
  return points;
}
