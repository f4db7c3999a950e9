#!/usr/bin/env node
import { Command, Option } from 'commander';
import envPaths from 'env-paths';
import { launch } from './start/launch.js';

/**
 * `npm start`: the companion server and this PC's agent together, for trying DashFleet on one
 * machine. Each program keeps its own default data folder, so what `npm start` set up is what
 * `npm run server` and `npm run agent` find later.
 */
const program = new Command('dashfleet-start')
  .description('Start the DashFleet server and this PC’s agent, enrolled to it.')
  .addOption(new Option('--port <port>', 'server port').env('DASHFLEET_PORT').default('8080'))
  .option('--server-data-dir <dir>', 'the server’s data folder')
  .option('--agent-data-dir <dir>', 'the agent’s data folder')
  .option('--org <name>', 'name of the first organisation', 'My organisation')
  .option('--email <email>', 'email of the first owner', 'owner@dashfleet.local');

program.parse();
const options = program.opts<{
  port: string;
  serverDataDir?: string;
  agentDataDir?: string;
  org: string;
  email: string;
}>();
const port = Number(options.port);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  process.stderr.write(`dashfleet-start: --port must be 1-65535, got "${options.port}"\n`);
  process.exit(2);
}

const print = (line: string): void => void process.stdout.write(`${line}\n`);
try {
  const running = await launch({
    port,
    serverDataDir: options.serverDataDir ?? envPaths('dashfleet-server', { suffix: '' }).data,
    agentDataDir: options.agentDataDir,
    orgName: options.org,
    ownerEmail: options.email,
    print,
  });
  print('');
  print('DashFleet is running.');
  print(`  Fleet page:       ${running.fleetUrl}`);
  if (running.owner) {
    print(`                    log in as ${running.owner.email} / ${running.owner.password}`);
  }
  print(`  This PC's page:   ${running.dashboardUrl}`);
  print('Press Ctrl+C to stop both.');
  let isStopping = false;
  const stop = (): void => {
    if (isStopping) return;
    isStopping = true;
    print('stopping…');
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const why = await running.ended;
  if (!isStopping) {
    process.stderr.write(`dashfleet-start: ${why}\n`);
    await running.stop();
    process.exit(1);
  }
} catch (error) {
  process.stderr.write(`dashfleet-start: ${(error as Error).message}\n`);
  process.exit(1);
}
