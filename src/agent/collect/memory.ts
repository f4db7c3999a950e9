import si from 'systeminformation';
import type { Systeminformation } from 'systeminformation';
import type { MemoryStats } from '../../shared/sample.js';
import { finite, percentOf, positive } from './numbers.js';

/**
 * "Used" is systeminformation's `active` (total − available): memory programs hold, without
 * the caches the OS gives back on demand. `si.used` (total − free) counts those caches and
 * would make every healthy Linux machine look full.
 */
export function mapMemory(mem: Systeminformation.MemData): MemoryStats | undefined {
  const totalBytes = positive(mem.total);
  const usedBytes = finite(mem.active);
  const availableBytes = finite(mem.available);
  if (totalBytes === undefined || usedBytes === undefined || availableBytes === undefined) {
    return undefined;
  }
  const usedPercent = percentOf(usedBytes, totalBytes);
  if (usedPercent === undefined) return undefined;
  return {
    totalBytes,
    usedBytes,
    availableBytes,
    usedPercent,
    // si reports 0 of 0 where no swap is configured, which is the truth there.
    swapTotalBytes: finite(mem.swaptotal) ?? 0,
    swapUsedBytes: finite(mem.swapused) ?? 0,
  };
}

/** si.mem reads /proc/meminfo with fs on Linux (no child process), so it is read every cycle. */
export function createMemoryReader(): () => Promise<MemoryStats | undefined> {
  return async () => mapMemory(await si.mem());
}
