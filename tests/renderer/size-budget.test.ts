import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { gzipSize, JS_BUDGET_GZIP_BYTES, sizeReport } from '../../renderer/local/size-budget.js';

describe('size budget', () => {
  it('measures real gzip output', async () => {
    const text = 'chart '.repeat(10_000);
    const size = await gzipSize(text);
    expect(size).toBeGreaterThan(20);
    expect(size).toBeLessThan(text.length / 50);
  });

  it('totals the assets and flags a total over the budget', () => {
    const assets = [
      { name: 'a.js', rawBytes: 300_000, gzipBytes: 100_000 },
      { name: 'b.js', rawBytes: 200_000, gzipBytes: 60_000 },
    ];
    const over = sizeReport(assets, JS_BUDGET_GZIP_BYTES);
    expect(over.totalGzipBytes).toBe(160_000);
    expect(over.isOverBudget).toBe(true);
    expect(over.lines.at(-1)).toContain('OVER BUDGET');
    const within = sizeReport(assets.slice(1), JS_BUDGET_GZIP_BYTES);
    expect(within.isOverBudget).toBe(false);
    expect(within.lines.at(-1)).toMatch(/gzip 58\.6 KB .*: ok$/);
  });

  it('is still readable by gunzip (the figure is of a real gzip stream)', async () => {
    const bytes = new TextEncoder().encode('dashfleet');
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
    const gz = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(gunzipSync(gz).toString()).toBe('dashfleet');
  });
});
