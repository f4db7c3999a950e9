import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { Migrator } from 'kysely';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-machines-last-seen.js';
import * as m0003 from './migrations/0003-actions.js';

/**
 * Every migration, by name, in order. Listed statically rather than read from the folder at
 * run time so the list is checked by the compiler and works from any build layout.
 * Names are numbered (`0002-…`) and never renamed: the name is what the database remembers.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-machines-last-seen': m0002,
  '0003-actions': m0003,
};

const provider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

/** Brings the schema up to date; a no-op when it already is. Throws the first failure. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`store: migration ${failed ?? '(unknown)'} failed: ${reason}`, {
      cause: result.error,
    });
  }
  return result;
}
