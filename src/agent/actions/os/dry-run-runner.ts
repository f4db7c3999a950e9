import type { ActionLogger } from '../types.js';
import { displayCommand } from './commands.js';
import type { CommandRunner } from './runner.js';

/**
 * The dry-run runner: runs nothing, logs the exact command it would run (one line, e.g.
 * `actions: dry-run, would run: systemctl reboot`) and answers exit 0 with that text as output,
 * so a whole action can be exercised on a real PC without touching it.
 */
export function createDryRunRunner(logger: ActionLogger): CommandRunner {
  return {
    isDryRun: true,
    run(command) {
      const line = `would run: ${displayCommand(command)}`;
      logger.info(`actions: dry-run, ${line}`);
      return Promise.resolve({ exitCode: 0, output: line, isTimedOut: false });
    },
  };
}
