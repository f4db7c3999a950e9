import type { Kysely } from 'kysely';
import type { AuditEntry, AuditList } from '../../src/shared/actions-api.js';
import type { ActionType } from '../../src/shared/protocol/index.js';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../store/schema.js';
import { decodeCursor, pageOf } from './cursor.js';
import { newSortableId } from './sortable-id.js';

/** Who did something, as the audit log and the action's "sent by" name them. */
export interface Actor {
  type: 'user' | 'api-key';
  id: string;
  name: string;
  ip: string;
}

/** The principal's display name: the user's name (or email), or the API key's name. */
export async function actorOf(
  db: Kysely<Database>,
  principal: Principal,
  ip: string,
): Promise<Actor> {
  if (principal.kind === 'api-key') {
    const key = await db
      .selectFrom('api_keys')
      .select(['name', 'prefix'])
      .where('id', '=', principal.apiKeyId)
      .executeTakeFirst();
    const name = key ? key.name || key.prefix : principal.apiKeyId;
    return { type: 'api-key', id: principal.apiKeyId, name, ip };
  }
  const user = await db
    .selectFrom('users')
    .select(['name', 'email'])
    .where('id', '=', principal.userId)
    .executeTakeFirst();
  const name = user ? user.name || user.email : principal.userId;
  return { type: 'user', id: principal.userId, name, ip };
}

export interface AuditRecord {
  orgId: string;
  at: number;
  actor: Actor;
  event: 'actions.create' | 'actions.cancel' | 'actions.retry';
  actionType: ActionType | null;
  batchId: string | null;
  target: string;
  machineIds: readonly string[];
  summary: string;
}

/** Written in the same transaction as what it records. */
export async function insertAudit(db: Kysely<Database>, record: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newSortableId(record.at),
      org_id: record.orgId,
      at: record.at,
      actor_type: record.actor.type,
      actor_id: record.actor.id,
      actor_name: record.actor.name,
      ip: record.actor.ip,
      event: record.event,
      action_type: record.actionType,
      batch_id: record.batchId,
      target: record.target,
      machine_ids_json: JSON.stringify(record.machineIds),
      summary: record.summary,
    })
    .execute();
}

function parseIds(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The org's audit log, newest first. */
export async function listAudit(
  db: Kysely<Database>,
  orgId: string,
  query: { limit: number; before?: string | undefined },
): Promise<AuditList> {
  let select = db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId);
  if (query.before !== undefined) {
    const { at, id } = decodeCursor(query.before);
    select = select.where((eb) =>
      eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]),
    );
  }
  const rows = await select
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = pageOf(rows, query.limit, (row) => ({ at: Number(row.at), id: row.id }));
  const entries = page.rows.map((row): AuditEntry => ({
    id: row.id,
    at: Number(row.at),
    actorType: row.actor_type === 'api-key' ? 'api-key' : 'user',
    actorId: row.actor_id,
    actorName: row.actor_name,
    ip: row.ip,
    event: row.event,
    actionType: row.action_type as ActionType | null,
    batchId: row.batch_id,
    machineIds: parseIds(row.machine_ids_json),
    target: row.target,
    summary: row.summary,
  }));
  return page.nextBefore === undefined ? { entries } : { entries, nextBefore: page.nextBefore };
}
