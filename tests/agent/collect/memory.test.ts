import type { Systeminformation } from 'systeminformation';
import { describe, expect, it } from 'vitest';
import { mapMemory } from '../../../src/agent/collect/memory.js';
import { fixture } from './fixtures.js';

describe('mapMemory', () => {
  const mem = fixture<Systeminformation.MemData>('linux/mem.json');

  it('reports used memory without caches, from the recorded si.mem', () => {
    const stats = mapMemory(mem);
    expect(stats).toMatchObject({
      totalBytes: mem.total,
      usedBytes: mem.active,
      availableBytes: mem.available,
      swapTotalBytes: mem.swaptotal,
      swapUsedBytes: mem.swapused,
    });
    // Caches are not "used": used + available is the whole memory.
    expect((stats?.usedBytes ?? 0) + (stats?.availableBytes ?? 0)).toBe(mem.total);
    expect(stats?.usedBytes).toBeLessThan(mem.used);
  });

  it('gives a percentage consistent with used / total', () => {
    const stats = mapMemory(mem);
    expect(stats?.usedPercent).toBeCloseTo((mem.active / mem.total) * 100, 1);
  });

  it('is absent when the total is unknown rather than reporting 0 %', () => {
    expect(mapMemory({ ...mem, total: 0 })).toBeUndefined();
  });
});
