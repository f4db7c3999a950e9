/**
 * The page's JavaScript budget, checked at the end of every build: each JS asset's raw and
 * gzip size and the total against the budget; the build fails when the total is over.
 * Gzip through the web CompressionStream, so this runs the same in Node and the browser.
 */
export const JS_BUDGET_GZIP_BYTES = 150 * 1024;

export interface AssetSize {
  name: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface SizeReport {
  assets: AssetSize[];
  totalRawBytes: number;
  totalGzipBytes: number;
  budgetBytes: number;
  isOverBudget: boolean;
  lines: string[];
}

export async function gzipSize(content: string | Uint8Array): Promise<number> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const stream = new Blob([new Uint8Array(bytes)])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export function sizeReport(assets: readonly AssetSize[], budgetBytes: number): SizeReport {
  const sorted = [...assets].sort((a, b) => b.gzipBytes - a.gzipBytes);
  const totalRawBytes = sorted.reduce((sum, asset) => sum + asset.rawBytes, 0);
  const totalGzipBytes = sorted.reduce((sum, asset) => sum + asset.gzipBytes, 0);
  const isOverBudget = totalGzipBytes > budgetBytes;
  const lines = [
    ...sorted.map(
      (asset) => `  ${asset.name}  raw ${kb(asset.rawBytes)}  gzip ${kb(asset.gzipBytes)}`,
    ),
    `  total JS  raw ${kb(totalRawBytes)}  gzip ${kb(totalGzipBytes)}  ` +
      `budget ${kb(budgetBytes)} gzip: ${isOverBudget ? 'OVER BUDGET' : 'ok'}`,
  ];
  return { assets: sorted, totalRawBytes, totalGzipBytes, budgetBytes, isOverBudget, lines };
}

/** The slice of Rollup's output bundle this check reads (kept structural: no Node types here). */
interface OutputChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  code?: string;
  source?: string | Uint8Array;
}

interface BundlePluginContext {
  error(message: string): never;
}

/** A Vite plugin that prints the size report after bundling and fails an over-budget build. */
export function sizeBudgetPlugin(budgetBytes = JS_BUDGET_GZIP_BYTES) {
  return {
    name: 'dashfleet-size-budget',
    apply: 'build' as const,
    async generateBundle(
      this: BundlePluginContext,
      _options: unknown,
      bundle: Record<string, OutputChunkLike>,
    ): Promise<void> {
      const assets: AssetSize[] = [];
      for (const output of Object.values(bundle)) {
        if (!output.fileName.endsWith('.js')) continue;
        const content = output.type === 'chunk' ? (output.code ?? '') : (output.source ?? '');
        const rawBytes =
          typeof content === 'string' ? new TextEncoder().encode(content).length : content.length;
        assets.push({ name: output.fileName, rawBytes, gzipBytes: await gzipSize(content) });
      }
      const report = sizeReport(assets, budgetBytes);
      console.log(`\nJavaScript size:\n${report.lines.join('\n')}\n`);
      if (report.isOverBudget) {
        this.error(
          `JavaScript is ${kb(report.totalGzipBytes)} gzip, over the ${kb(budgetBytes)} budget`,
        );
      }
    },
  };
}
