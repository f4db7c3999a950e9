import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ExportFormat } from '../../agent/store/types.js';
import { CliError } from '../../shared/cli-error.js';
import type { GlobalOptions } from './context.js';
import { withHistory } from './context.js';
import { resolveMetric } from './metric-aliases.js';
import { parseInstant } from './parse.js';
import { DAY_MS } from '../../shared/time.js';

interface ExportOptions {
  format: ExportFormat;
  from: number;
  to: number;
  out?: string;
  metric?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerExport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('export')
    .description('write the history of a range as CSV or JSON lines, streamed')
    .addOption(
      new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'),
    )
    .option('--from <when>', 'start: a date or a duration ago (7d)', (v) => parseInstant(v))
    .option('--to <when>', 'end: a date or a duration ago (default now)', (v) => parseInstant(v))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--metric <name>', 'only this series (repeatable)', collect)
    .action(async (raw: Partial<ExportOptions>) => {
      const to = raw.to ?? Date.now();
      const options = { ...raw, to, from: raw.from ?? to - DAY_MS } as ExportOptions;
      if (options.from >= options.to) throw new CliError('--from must be before --to.');
      await withHistory(globals(), async (store) => {
        const lines = store.exportLines({
          from: options.from,
          to: options.to,
          format: options.format,
          ...(options.metric ? { metrics: options.metric.map(resolveMetric) } : {}),
        });
        const destination = options.out ? createWriteStream(options.out) : process.stdout;
        await pipeline(Readable.from(lines), destination, { end: Boolean(options.out) });
      });
    });
}
