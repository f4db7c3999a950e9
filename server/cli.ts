#!/usr/bin/env node
import { runCli } from './cli/program.js';

// A reader that goes away (`dashfleet-server init --json | head -c 10`) is not worth a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await runCli(process.argv);
