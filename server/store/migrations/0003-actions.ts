import type { Kysely } from 'kysely';

/**
 * Actions (design §5): one row per action per machine, its history, the audit log of who
 * sent what, and the collect-logs bundles. Portable like 0001: text ids, bigint epoch ms,
 * text JSON. A machine's deletion cascades to its actions, their events and bundles; the
 * audit log keeps what was done (it names machines by id only, with no foreign key).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('machine_id', 'text', (c) =>
      c.notNull().references('machines.id').onDelete('cascade'),
    )
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('created_by_type', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('result_json', 'text')
    .addColumn('retry_of', 'text')
    .execute();
  // What a machine is waiting for (delivery on connect and on every poll).
  await db.schema
    .createIndex('actions_machine_status')
    .on('actions')
    .columns(['machine_id', 'status'])
    .execute();
  // The org's list, newest first.
  await db.schema
    .createIndex('actions_org_created')
    .on('actions')
    .columns(['org_id', 'created_at'])
    .execute();
  // The expiry sweep.
  await db.schema
    .createIndex('actions_status_expires')
    .on('actions')
    .columns(['status', 'expires_at'])
    .execute();
  await db.schema.createIndex('actions_batch').on('actions').column('batch_id').execute();

  await db.schema
    .createTable('action_events')
    // Time-ordered (UUIDv7-shaped): the history reads back in the order it was written.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id').onDelete('cascade'))
    // The agent's seq for its updates; null for what the server itself recorded.
    .addColumn('agent_seq', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    // An update resent after a lost answer is stored once. Nulls are distinct in both
    // engines, so the server's own events never collide.
    .addUniqueConstraint('action_events_agent_seq', ['action_id', 'agent_seq'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('action_type', 'text')
    .addColumn('batch_id', 'text')
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('machine_ids_json', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_org_at')
    .on('audit_log')
    .columns(['org_id', 'at'])
    .execute();

  await db.schema
    .createTable('action_artifacts')
    .addColumn('action_id', 'text', (c) =>
      c.primaryKey().references('actions.id').onDelete('cascade'),
    )
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    // bytea is PostgreSQL's binary type; SQLite stores a blob unchanged in any column, and
    // gives this name numeric affinity, which leaves blobs alone.
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['action_artifacts', 'audit_log', 'action_events', 'actions']) {
    await db.schema.dropTable(table).execute();
  }
}
