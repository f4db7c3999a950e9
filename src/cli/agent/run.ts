import type { Command } from 'commander';
import { Option } from 'commander';
import { createCollector } from '../../agent/collect/create-collector.js';
import { ensureDataDir } from '../../agent/config/data-dir.js';
import type { LogLevel } from '../../agent/config/schema.js';
import { LOG_LEVELS } from '../../agent/config/schema.js';
import { createAgent } from '../../agent/create-agent.js';
import { acquireInstanceLock } from '../../agent/instance-lock.js';
import { createLogger } from '../../agent/logger.js';
import type { Logger } from '../../agent/logger.js';
import { openStore } from '../../agent/store/open-store.js';
import { AGENT_VERSION } from '../../agent/version.js';
import { CliError } from './cli-error.js';
import type { GlobalOptions } from './context.js';
import { loadContext } from './context.js';
import { startDashboard } from './dashboard.js';
import { integerBetween } from './parse.js';

interface RunOptions {
  interval?: number;
  logLevel?: LogLevel;
  port?: number;
}

export function registerRun(program: Command, globals: () => GlobalOptions): void {
  program
    .command('run')
    .description('run the agent in the foreground: sample this PC and keep its history')
    .option('--interval <seconds>', 'seconds between samples (default 10)', integerBetween(1, 3600))
    .addOption(new Option('--log-level <level>', 'log detail').choices(LOG_LEVELS))
    .option(
      '--port <n>',
      'loopback port of the local dashboard (default: any free port)',
      integerBetween(0, 65_535),
    )
    .action(async (options: RunOptions) => {
      const startedAt = Date.now();
      const context = loadContext(globals(), {
        intervalSeconds: options.interval,
        logLevel: options.logLevel,
        dashboardPort: options.port,
      });
      ensureDataDir(context.dataDir);
      const lock = acquireInstanceLock(context.dataDir);
      if (!lock.ok) throw new CliError(lock.error, 1);
      const { config } = context;
      const logger = createLogger(config.logLevel);
      // Listening before anything starts: a signal during start-up still stops cleanly.
      const stopRequested = stopSignal(logger);
      try {
        const store = openStore({
          path: context.databasePath,
          retention: config.retention,
          outbox: config.outbox,
        });
        try {
          const collector = createCollector({
            dataDir: context.dataDir,
            agentVersion: AGENT_VERSION,
            onError: (domain, error) =>
              logger.warn({ err: error }, `collect: ${domain} unavailable`),
          });
          const agent = createAgent({ config, collector, store, logger });
          logger.info(`agent: DashFleet agent ${AGENT_VERSION}, data in ${context.dataDir}`);
          await agent.start();
          const dashboard = await startDashboard({
            dataDir: context.dataDir,
            port: config.dashboardPort,
            agent,
            store,
            logger,
            startedAt,
          }).catch(async (error: unknown) => {
            await agent.stop();
            throw error;
          });
          await stopRequested;
          logger.info('agent: stopping');
          // The dashboard reads the store: it goes first, with its live streams.
          try {
            await dashboard.close();
          } finally {
            await agent.stop();
          }
        } finally {
          store.close();
        }
      } finally {
        lock.value.release();
      }
    });
}

/**
 * Resolves on the first SIGINT or SIGTERM; the cycle in progress still completes. Later signals
 * (a second Ctrl+C, a service manager signalling the whole process group) are only noted: the
 * handlers stay, so they cannot kill the agent halfway through closing its database.
 */
function stopSignal(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let isStopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (isStopping) {
        logger.info(`agent: ${signal} received, already stopping`);
        return;
      }
      isStopping = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
