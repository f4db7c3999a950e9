import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { resolveDataDir } from '../../agent/config/data-dir.js';
import { runningAgentPid } from '../../agent/instance-lock.js';
import { CliError } from '../../shared/cli-error.js';
import type { GlobalOptions } from './context.js';
import { DASHBOARD_URL_FILE } from './dashboard.js';

/** Opens a URL in the user's default browser; injectable so tests never start one. */
export type Opener = (url: string) => Promise<void>;

interface OpenOptions {
  print?: boolean;
}

/** The OS's own "open this" command, detached so the CLI can exit at once. */
export const systemOpener: Opener = (url) =>
  new Promise((resolve, reject) => {
    const [command, args] =
      process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replaceAll('&', '^&')]]
        : [process.platform === 'darwin' ? 'open' : 'xdg-open', [url]];
    const child = spawn(command, args, {
      detached: true,
      stdio: 'ignore',
      windowsVerbatimArguments: true,
    });
    child.once('error', (error) =>
      reject(new CliError(`cannot start ${command} to open the dashboard (${error.message})`, 1)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });

/** The link the running agent left in its data dir; exit 1 when no agent runs there. */
export function readDashboardUrl(dataDir: string): string {
  if (runningAgentPid(dataDir) === undefined) {
    throw new CliError(
      `no agent is running on ${dataDir}: start it with "dashfleet-agent run".`,
      1,
    );
  }
  try {
    return readFileSync(join(dataDir, DASHBOARD_URL_FILE), 'utf8').trim();
  } catch {
    throw new CliError(`the agent on ${dataDir} has not published its dashboard link yet.`, 1);
  }
}

export function registerOpen(
  program: Command,
  globals: () => GlobalOptions,
  opener: Opener = systemOpener,
): void {
  program
    .command('open')
    .description("open the running agent's local dashboard in the default browser")
    .option('--print', 'print the link instead of opening it')
    .action(async (options: OpenOptions) => {
      const { dataDir: flag } = globals();
      if (flag === '') throw new CliError('--data-dir must not be empty.');
      const url = readDashboardUrl(resolveDataDir(flag));
      if (options.print) {
        process.stdout.write(`${url}\n`);
        return;
      }
      await opener(url);
    });
}
