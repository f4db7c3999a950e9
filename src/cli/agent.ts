#!/usr/bin/env node
import { runCli } from './agent/program.js';

// A reader that goes away (`dashfleet-agent export | head`) is not an error worth a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await runCli(process.argv);
