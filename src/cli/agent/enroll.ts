import type { Command } from 'commander';
import { createInventoryReader } from '../../agent/collect/inventory.js';
import { ensureDataDir } from '../../agent/config/data-dir.js';
import { enrollAgent, enrolledSentence } from '../../agent/link/enroll.js';
import { createHttpTransport } from '../../agent/link/http-transport.js';
import { LINK_ERROR_CODES } from '../../agent/link/link-errors.js';
import { createProtocolClient } from '../../agent/link/protocol-client.js';
import { AGENT_VERSION } from '../../agent/version.js';
import { CliError } from '../../shared/cli-error.js';
import type { GlobalOptions } from './context.js';
import { loadContext } from './context.js';

interface EnrollOptions {
  server: string;
  token: string;
}

/** Mistakes in the command line itself: exit 2, like every other bad argument. */
const BAD_ARGUMENT_CODES: ReadonlySet<string> = new Set([
  LINK_ERROR_CODES.urlInvalid,
  LINK_ERROR_CODES.tokenMissing,
]);

export function registerEnroll(program: Command, globals: () => GlobalOptions): void {
  program
    .command('enroll')
    .description('connect this PC to a DashFleet server with an enrolment token')
    .requiredOption('--server <url>', 'the server, e.g. https://fleet.example.com')
    .requiredOption('--token <token>', 'the enrolment token from the fleet page')
    .action(async (options: EnrollOptions) => {
      const { dataDir } = loadContext(globals());
      ensureDataDir(dataDir);
      // No keep-alive: this process ends once the answer is in.
      const transport = createHttpTransport({ keepAlive: false });
      try {
        const result = await enrollAgent({
          serverUrl: options.server,
          enrollmentToken: options.token,
          dataDir,
          readInventory: createInventoryReader({
            dataDir,
            agentVersion: AGENT_VERSION,
            clock: Date.now,
          }),
          client: createProtocolClient({ transport, now: Date.now }),
          now: Date.now,
        });
        if (!result.ok) {
          throw new CliError(
            result.error.message,
            BAD_ARGUMENT_CODES.has(result.error.code) ? 2 : 1,
          );
        }
        // A running agent notices the new link.json after its next cycle.
        process.stdout.write(`${enrolledSentence(result.value)}\n`);
      } finally {
        transport.close();
      }
    });
}
