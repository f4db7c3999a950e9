import type { Command } from 'commander';
import { Option } from 'commander';
import { createCollector } from '../../agent/collect/create-collector.js';
import { ensureDataDir } from '../../agent/config/data-dir.js';
import type { LogLevel } from '../../agent/config/schema.js';
import { LOG_LEVELS } from '../../agent/config/schema.js';
import { createAgent } from '../../agent/create-agent.js';
import { acquireInstanceLock } from '../../agent/instance-lock.js';
import { createLogger } from '../../agent/logger.js';
import { openStore } from '../../agent/store/open-store.js';
import { AGENT_VERSION } from '../../agent/version.js';
import { CliError } from './cli-error.js';
import type { GlobalOptions } from './context.js';
import { loadContext } from './context.js';
import { parsePositiveInteger } from './parse.js';

interface RunOptions {
  interval?: number;
  logLevel?: LogLevel;
}

export function registerRun(program: Command, globals: () => GlobalOptions): void {
  program
    .command('run')
    .description('run the agent in the foreground: sample this PC and keep its history')
    .option('--interval <seconds>', 'seconds between samples (default 10)', parsePositiveInteger)
    .addOption(new Option('--log-level <level>', 'log detail').choices(LOG_LEVELS))
    .action(async (options: RunOptions) => {
      const context = loadContext(globals(), {
        intervalSeconds: options.interval,
        logLevel: options.logLevel,
      });
      ensureDataDir(context.dataDir);
      const lock = acquireInstanceLock(context.dataDir);
      if (!lock.ok) throw new CliError(lock.error, 1);
      const { config } = context;
      const logger = createLogger(config.logLevel);
      const store = openStore({
        path: context.databasePath,
        retention: config.retention,
        outbox: config.outbox,
      });
      const collector = createCollector({
        dataDir: context.dataDir,
        agentVersion: AGENT_VERSION,
        onError: (domain, error) => logger.warn({ err: error }, `collect: ${domain} unavailable`),
      });
      const agent = createAgent({ config, collector, store, logger });
      logger.info(`agent: DashFleet agent ${AGENT_VERSION}, data in ${context.dataDir}`);
      await agent.start();
      await stopSignal();
      logger.info('agent: stopping');
      await agent.stop();
      store.close();
      lock.value.release();
    });
}

/** Resolves on the first SIGINT or SIGTERM; the cycle in progress still completes. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
