import type { Command } from 'commander';
import { startAgentCore } from '../../agent/agent-core.js';
import { Option } from 'commander';
import type { LogLevel } from '../../agent/config/schema.js';
import { LOG_LEVELS } from '../../agent/config/schema.js';
import { agentLogFile, createLogger } from '../../agent/logger.js';
import type { Logger } from '../../agent/logger.js';
import { CliError } from '../../shared/cli-error.js';
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
      const { dataDir, config } = loadContext(globals(), {
        intervalSeconds: options.interval,
        logLevel: options.logLevel,
        dashboardPort: options.port,
      });
      // Also in <dataDir>/logs/agent.log (bounded), which the collect-logs action sends to IT.
      const logger = createLogger(config.logLevel, undefined, { logFile: agentLogFile(dataDir) });
      // Listening before anything starts: a signal during start-up still stops cleanly.
      const stopRequested = stopSignal(logger);
      const started = await startAgentCore({
        dataDir,
        config,
        logger,
        label: 'agent',
        startFrontEnd: (parts) => startDashboard({ ...parts, port: config.dashboardPort }),
      });
      if (!started.ok) throw new CliError(started.error, 1);
      await stopRequested;
      logger.info('agent: stopping');
      await started.value.stop();
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
