import type { Kysely } from 'kysely';
import { MINUTE_MS } from '../../src/shared/time.js';
import { issueSecret, sha256Hex } from '../auth/secrets.js';
import type { ServerContext } from '../context.js';
import type { Database } from '../store/schema.js';
import { hasAnyUser } from '../users/users-store.js';

/**
 * On a server with no user yet: a fresh one-time setup token, and the link that carries it
 * (`<publicUrl>/setup#token=...`; after `#`, so it never reaches a log or a Referer). Earlier
 * unused links stop working, so only the last one printed is good. Null once set up.
 */
export async function ensureSetupLink(ctx: ServerContext): Promise<string | null> {
  if (await hasAnyUser(ctx.db)) return null;
  const { secret: token, hash } = issueSecret();
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();
    await tx
      .insertInto('setup_tokens')
      .values({
        token_hash: hash,
        created_at: now,
        expires_at: now + ctx.config.setupTokenMinutes * MINUTE_MS,
        used_at: null,
      })
      .execute();
  });
  return `${ctx.config.publicUrl.replace(/\/+$/, '')}/setup#token=${token}`;
}

/**
 * Marks the token used if it is known, unexpired and unused; false otherwise. Conditional
 * update: of two racing requests with the same token, exactly one gets true.
 */
export async function consumeSetupToken(
  db: Kysely<Database>,
  token: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('setup_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', sha256Hex(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whether the token is known, unexpired and unused, without spending it. */
export async function isSetupTokenUsable(
  db: Kysely<Database>,
  token: string,
  now: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('setup_tokens')
    .select('token_hash')
    .where('token_hash', '=', sha256Hex(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}
