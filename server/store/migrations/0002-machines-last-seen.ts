import type { Kysely } from 'kysely';

/**
 * The live stream's status sweep asks every second which machines' last report crossed the
 * online or offline threshold: a range on last_seen_at, which this index answers without
 * reading the whole fleet.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('machines_last_seen').on('machines').column('last_seen_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('machines_last_seen').execute();
}
