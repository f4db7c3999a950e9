import { tmpdir } from 'node:os';
import type { ActionLogger } from '../types.js';
import type { OsCommands } from './commands.js';
import { commandsFor } from './commands.js';
import { createDryRunRunner } from './dry-run-runner.js';
import { createExecRunner } from './exec-runner.js';
import type { CommandRunner } from './runner.js';

/** The OS as the action handlers see it: its fixed commands, how they run, its temp folder. */
export interface OsAdapter {
  /** process.platform value the commands are for. */
  readonly platform: string;
  readonly commands: OsCommands;
  readonly runner: CommandRunner;
  /** The folder clear-temp cleans (os.tmpdir()). */
  readonly tempDir: string;
}

export interface OsAdapterOptions {
  dryRun: boolean;
  logger: ActionLogger;
  platform?: string;
  tempDir?: string;
  /** A runner of one's own (tests: a recording one for the reboot command). */
  runner?: CommandRunner;
}

export function createOsAdapter(options: OsAdapterOptions): OsAdapter {
  const platform = options.platform ?? process.platform;
  return {
    platform,
    commands: commandsFor(platform),
    runner:
      options.runner ?? (options.dryRun ? createDryRunRunner(options.logger) : createExecRunner()),
    tempDir: options.tempDir ?? tmpdir(),
  };
}
