import { describe, expect, it } from 'vitest';
import { historyChartSpecs } from '../../renderer/local/history-metrics.js';

describe('history charts', () => {
  it('charts each volume the latest sample knows', () => {
    const specs = historyChartSpecs({
      ts: 0,
      disks: {
        volumes: [
          {
            mount: '/',
            device: 'sda1',
            fsType: 'ext4',
            totalBytes: 1,
            usedBytes: 1,
            usedPercent: 100,
          },
          {
            mount: '/home',
            device: 'sda2',
            fsType: 'ext4',
            totalBytes: 1,
            usedBytes: 0,
            usedPercent: 0,
          },
        ],
      },
    });
    expect(specs.map((spec) => spec.metric)).toEqual([
      'cpu.usagePercent',
      'memory.usedPercent',
      'disk.usedPercent:/',
      'disk.usedPercent:/home',
      'net.rxBytesPerSec',
      'net.txBytesPerSec',
      'temperature.cpuCelsius',
    ]);
  });

  it('falls back to the fullest-disk series before the first sample', () => {
    const specs = historyChartSpecs(null);
    expect(specs.find((spec) => spec.metric.startsWith('disk.'))?.metric).toBe(
      'disk.fullestPercent',
    );
    expect(specs.filter((spec) => spec.isPercent)).toHaveLength(3);
  });
});
