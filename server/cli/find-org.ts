import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { CliError } from '../../src/shared/cli-error.js';

/** `--org` takes an id or a name; a name two orgs share must be given as an id. */
export async function findOrg(
  db: Kysely<Database>,
  idOrName: string,
): Promise<{ id: string; name: string }> {
  const byId = await db
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('id', '=', idOrName)
    .executeTakeFirst();
  if (byId) return byId;
  const byName = await db
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('name', '=', idOrName.trim())
    .execute();
  const [only, ...others] = byName;
  if (!only) throw new CliError(`no org with id or name "${idOrName}"`, 2);
  if (others.length > 0) {
    throw new CliError(`several orgs are named "${idOrName}": give its id instead`, 2);
  }
  return only;
}
