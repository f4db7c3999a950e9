import type { Command } from 'commander';
import { formatDateTime } from '../../shared/format.js';
import { formatMetricValue } from '../../shared/format-metric.js';
import type { HistoryResult } from '../../agent/store/types.js';
import type { GlobalOptions } from './context.js';
import { loadTranslation, withHistory } from './context.js';
import { METRIC_ALIASES, resolveMetric } from './metric-aliases.js';
import { parseDuration, parsePositiveInteger } from './parse.js';
import { DAY_MS } from '../../shared/time.js';

interface HistoryOptions {
  metric: string;
  since: number;
  points: number;
  json?: boolean;
}

export function registerHistory(program: Command, globals: () => GlobalOptions): void {
  program
    .command('history')
    .description('print the history of one metric, averaged into at most --points points')
    .option(
      '--metric <name>',
      `${Object.keys(METRIC_ALIASES).join(', ')}, or a full series name`,
      'cpu',
    )
    .option('--since <duration>', 'how far back, e.g. 30m, 24h, 7d', parseDuration, DAY_MS)
    .option('--points <n>', 'at most this many points', parsePositiveInteger, 48)
    .option('--json', 'print JSON for scripts')
    .action((options: HistoryOptions) =>
      withHistory(globals(), async (store, context) => {
        const to = Date.now();
        const metric = resolveMetric(options.metric);
        const result = store.history({
          metrics: [metric],
          from: to - options.since,
          to,
          maxPoints: options.points,
        });
        process.stdout.write(
          options.json
            ? `${JSON.stringify(result, null, 2)}\n`
            : table(metric, result, (await loadTranslation(context)).locale),
        );
      }),
    );
}

function table(metric: string, result: HistoryResult, locale: string): string {
  const points = result.series[0]?.points ?? [];
  if (points.length === 0) return `No data for ${metric} in that range.\n`;
  const rows = points.map((p) => [
    formatDateTime(p.ts, locale),
    formatMetricValue(metric, p.avg, locale),
    formatMetricValue(metric, p.max, locale),
  ]);
  const header = ['time', 'average', 'max'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const step = Math.round(result.stepMs / 1000);
  return [
    `${metric} — ${result.tier} tier, one point per ${step} s`,
    line(header),
    ...rows.map(line),
    '',
  ].join('\n');
}
