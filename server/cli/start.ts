import type { Command } from 'commander';
import { addConfigFlags, configFrom } from './config-flags.js';

export function registerStart(program: Command): void {
  const command = program
    .command('start', { isDefault: true })
    .description('run the server (flags win over DASHFLEET_* variables)');
  addConfigFlags(command).action(async (options: Record<string, unknown>) => {
    const config = configFrom(options);
    // Loaded here so the other commands do not pay for Fastify and every route.
    const { startServer } = await import('../main.js');
    const running = await startServer(config);
    await running.stopped;
  });
}
