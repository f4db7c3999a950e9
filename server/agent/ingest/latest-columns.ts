import type { Sample } from '../../../src/shared/sample.js';

/** The columns of the machines row the fleet list reads, derived once from the latest sample. */
export interface LatestColumns {
  cpuPercent: number | null;
  memoryPercent: number | null;
  fullestDisk: { mount: string; usedPercent: number } | null;
}

export function latestColumns(sample: Sample): LatestColumns {
  let fullest: LatestColumns['fullestDisk'] = null;
  for (const volume of sample.disks?.volumes ?? []) {
    if (fullest === null || volume.usedPercent > fullest.usedPercent) {
      fullest = { mount: volume.mount, usedPercent: volume.usedPercent };
    }
  }
  return {
    cpuPercent: sample.cpu?.usagePercent ?? null,
    memoryPercent: sample.memory?.usedPercent ?? null,
    fullestDisk: fullest,
  };
}
