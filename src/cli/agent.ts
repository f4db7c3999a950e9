#!/usr/bin/env -S node --no-opt --no-maglev
// The shebang keeps V8's optimising compilers off: the agent runs a few milliseconds of
// JavaScript every few seconds, which never needs them, and their compiler memory would stay
// in the process for good (measured: ~5 MB of resident memory; see npm run bench:agent).
import { runCli } from './agent/program.js';

// A reader that goes away (`dashfleet-agent export | head`) is not an error worth a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await runCli(process.argv);
