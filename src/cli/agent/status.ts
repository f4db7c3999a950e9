import type { Command } from 'commander';
import { formatDateTime, formatRelative } from '../../shared/format.js';
import type { OutboxStatus } from '../../agent/store/types.js';
import type { LatestState } from '../../agent/store/types.js';
import type { CliContext, GlobalOptions, Translation } from './context.js';
import { loadTranslation, withHistory } from './context.js';

interface StatusOptions {
  json?: boolean;
}

export function registerStatus(program: Command, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('show the health score, its reasons, the last sample and the outbox')
    .option('--json', 'print JSON for scripts')
    .action((options: StatusOptions) =>
      withHistory(globals(), (store, context) => {
        const latest = store.latest();
        const outbox = store.outboxStatus();
        process.stdout.write(
          options.json
            ? `${JSON.stringify(toJson(latest, outbox), null, 2)}\n`
            : describe(context, loadTranslation(context), latest, outbox),
        );
      }),
    );
}

function toJson(latest: LatestState, outbox: OutboxStatus) {
  return {
    health: latest.health ?? null,
    lastSampleAt: latest.sample ? new Date(latest.sample.ts).toISOString() : null,
    hostname: latest.inventory?.hostname ?? null,
    outbox,
  };
}

function describe(
  context: CliContext,
  { t, locale }: Translation,
  latest: LatestState,
  outbox: OutboxStatus,
): string {
  const count = (value: number) => new Intl.NumberFormat(locale).format(value);
  const lines: string[] = [];
  if (latest.health) {
    const { score, status, reasons } = latest.health;
    lines.push(t('cli.status.health', { score, status: t(`health.status.${status}`) }));
    for (const reason of reasons) lines.push(`  • ${t(reason.key, reason.params)}`);
  } else {
    lines.push(t('cli.status.notJudged'));
  }
  if (latest.sample) {
    const at = latest.sample.ts;
    const time = formatDateTime(at, locale);
    lines.push(t('cli.status.lastSample', { time, ago: formatRelative(at, Date.now(), locale) }));
  } else {
    lines.push(t('cli.status.noSample'));
  }
  lines.push(
    t('cli.status.outbox', { waiting: count(outbox.size), dropped: count(outbox.dropped) }),
  );
  lines.push(t('cli.status.dataDir', { dir: context.dataDir }));
  return `${lines.join('\n')}\n`;
}
