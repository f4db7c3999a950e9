import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { CliError } from '../../src/shared/cli-error.js';
import { addConfigFlags, configFrom } from './config-flags.js';
import { printResult } from './output.js';
import { withDatabase } from './with-database.js';

interface BackupOptions extends Record<string, unknown> {
  out: string;
  force?: boolean;
  json?: boolean;
}

/**
 * A consistent copy of the database, taken online (the server may keep running). Written
 * beside the target and renamed into place, so FILE is never a half-written backup.
 */
export function registerBackup(program: Command): void {
  const command = program
    .command('backup')
    .description('copy the database to FILE while the server runs')
    .requiredOption('--out <file>', 'where to write the copy')
    .option('--force', 'overwrite FILE if it exists')
    .option('--json', 'print one JSON object');
  addConfigFlags(command, ['dataDir']).action(async (options: BackupOptions) => {
    const config = configFrom(options);
    const out = resolve(options.out);
    if (existsSync(out) && options.force !== true) {
      throw new CliError(`${out} already exists (add --force to overwrite it)`, 1);
    }
    const partial = join(
      dirname(out),
      `.${basename(out)}.${randomBytes(4).toString('hex')}.partial`,
    );
    try {
      await withDatabase(config, (database) => database.backup(partial));
      renameSync(partial, out);
    } finally {
      rmSync(partial, { force: true });
    }
    const bytes = statSync(out).size;
    printResult(options.json === true, { file: out, bytes }, [
      `Backed up to ${out} (${bytes} bytes).`,
    ]);
  });
}
