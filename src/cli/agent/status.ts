import type { Command } from 'commander';
import { formatDateTime, formatRelative } from '../../shared/format.js';
import type { OutboxStatus } from '../../agent/store/types.js';
import type { LatestState } from '../../agent/store/types.js';
import { runningAgentPid } from '../../agent/instance-lock.js';
import type { CliContext, GlobalOptions, Translation } from './context.js';
import { loadTranslation, withHistory } from './context.js';
import type { LinkFacts } from './link-status.js';
import { describeLink, readLinkFacts } from './link-status.js';

interface StatusOptions {
  json?: boolean;
}

export function registerStatus(program: Command, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('show the health score, its reasons, the last sample and the outbox')
    .option('--json', 'print JSON for scripts')
    .action((options: StatusOptions) =>
      withHistory(globals(), async (store, context) => {
        const latest = store.latest();
        const outbox = store.outboxStatus();
        const pid = runningAgentPid(context.dataDir);
        const link = readLinkFacts(context.dataDir, pid !== undefined);
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ agentPid: pid ?? null, ...toJson(latest, outbox), link }, null, 2)}\n`
            : describe(context, await loadTranslation(context), { latest, outbox, pid, link }),
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

interface StatusFacts {
  latest: LatestState;
  outbox: OutboxStatus;
  /** The running agent's pid; undefined when none runs on this data dir. */
  pid: number | undefined;
  link: LinkFacts;
}

function describe(
  context: CliContext,
  { t, locale }: Translation,
  { latest, outbox, pid, link }: StatusFacts,
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
  lines.push(describeLink({ t, locale }, link, Date.now()));
  lines.push(pid === undefined ? t('cli.status.notRunning') : t('cli.status.running', { pid }));
  lines.push(t('cli.status.dataDir', { dir: context.dataDir }));
  return `${lines.join('\n')}\n`;
}
