import type { Insertable, Kysely } from 'kysely';
import type { ActionEvent, ActionList, ActionView } from '../../src/shared/actions-api.js';
import type { ActionEnvelope, ActionStatus, ActionType } from '../../src/shared/protocol/index.js';
import { notFound } from '../http/api-error.js';
import type { ActionsTable, Database } from '../store/schema.js';
import { newSortableId } from './sortable-id.js';
import type { ActionRow } from './action-rows.js';
import { selectActionRows, toActionView, toEnvelope } from './action-rows.js';
import type { TargetMachine } from './action-target.js';
import type { Actor } from './audit-log.js';
import { decodeCursor, pageOf } from './cursor.js';

/** Rows per multi-row insert: well under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 500;

export interface NewActions {
  orgId: string;
  batchId: string;
  type: ActionType;
  params: Record<string, unknown>;
  machines: readonly TargetMachine[];
  actor: Actor;
  now: number;
  expiresAt: number;
  retryOf?: string;
}

/** What was inserted, for the answer, the live stream and the agents (no read back needed). */
export interface InsertedAction {
  view: ActionView;
  envelope: ActionEnvelope;
}

/** One queued action per machine and its first event; inside the caller's transaction. */
export async function insertActions(
  db: Kysely<Database>,
  input: NewActions,
): Promise<InsertedAction[]> {
  const paramsJson = JSON.stringify(input.params);
  const rows: Array<Insertable<ActionsTable>> = input.machines.map((machine) => ({
    id: newSortableId(input.now),
    org_id: input.orgId,
    machine_id: machine.id,
    batch_id: input.batchId,
    type: input.type,
    params_json: paramsJson,
    status: 'queued',
    stage: null,
    created_by_type: input.actor.type,
    created_by_id: input.actor.id,
    created_by_name: input.actor.name,
    created_at: input.now,
    expires_at: input.expiresAt,
    delivered_at: null,
    started_at: null,
    finished_at: null,
    updated_at: input.now,
    result_json: null,
    retry_of: input.retryOf ?? null,
  }));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    await db.insertInto('actions').values(chunk).execute();
    await db
      .insertInto('action_events')
      .values(
        chunk.map((row) => ({
          id: newSortableId(input.now),
          action_id: row.id,
          agent_seq: null,
          status: 'queued',
          stage: null,
          at: input.now,
        })),
      )
      .execute();
  }
  return rows.map((row, index) => {
    const full = { ...row, hostname: input.machines[index]?.hostname ?? '', artifact_id: null };
    return { view: toActionView(full as ActionRow), envelope: toEnvelope(full as ActionRow) };
  });
}

/** One action of the org, or 404 (another org's action is not found either). */
export async function findActionRow(
  db: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<ActionRow> {
  const row = await selectActionRows(db)
    .where('actions.org_id', '=', orgId)
    .where('actions.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('action');
  return row;
}

/** Some actions of an org, as views (the live stream's changed ones); unknown ids left out. */
export async function actionViewsByIds(
  db: Kysely<Database>,
  orgId: string,
  ids: readonly string[],
): Promise<ActionView[]> {
  const views: ActionView[] = [];
  for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
    const rows = await selectActionRows(db)
      .where('actions.org_id', '=', orgId)
      .where('actions.id', 'in', ids.slice(i, i + INSERT_CHUNK))
      .execute();
    views.push(...rows.map(toActionView));
  }
  return views;
}

/** An action's history in the order it was recorded. */
export async function actionEvents(db: Kysely<Database>, actionId: string): Promise<ActionEvent[]> {
  const rows = await db
    .selectFrom('action_events')
    .select(['status', 'stage', 'at'])
    .where('action_id', '=', actionId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    status: row.status as ActionStatus,
    stage: row.stage,
    at: Number(row.at),
  }));
}

export interface ActionFilter {
  machineId?: string | undefined;
  batchId?: string | undefined;
  status?: ActionStatus | undefined;
  type?: ActionType | undefined;
  limit: number;
  before?: string | undefined;
}

/** The org's actions, newest first, one page. */
export async function listActions(
  db: Kysely<Database>,
  orgId: string,
  filter: ActionFilter,
): Promise<ActionList> {
  let select = selectActionRows(db).where('actions.org_id', '=', orgId);
  if (filter.machineId !== undefined)
    select = select.where('actions.machine_id', '=', filter.machineId);
  if (filter.batchId !== undefined) select = select.where('actions.batch_id', '=', filter.batchId);
  if (filter.status !== undefined) select = select.where('actions.status', '=', filter.status);
  if (filter.type !== undefined) select = select.where('actions.type', '=', filter.type);
  if (filter.before !== undefined) {
    const { at, id } = decodeCursor(filter.before);
    select = select.where((eb) =>
      eb.or([
        eb('actions.created_at', '<', at),
        eb.and([eb('actions.created_at', '=', at), eb('actions.id', '<', id)]),
      ]),
    );
  }
  const rows = await select
    .orderBy('actions.created_at', 'desc')
    .orderBy('actions.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = pageOf(rows, filter.limit, (row) => ({ at: Number(row.created_at), id: row.id }));
  const actions = page.rows.map(toActionView);
  return page.nextBefore === undefined ? { actions } : { actions, nextBefore: page.nextBefore };
}

/** What a machine should be sent when it connects or polls. */
export interface PendingForMachine {
  /** Queued or delivered (not yet running), not expired; oldest first. */
  actions: ActionEnvelope[];
  /** Those of them still queued: the agent has not acknowledged them yet. */
  queuedIds: ReadonlySet<string>;
  /**
   * Cancelled after the agent received them, not expired, and the agent has not yet said it
   * stopped or finished them: an agent that was away during the cancel still stops its countdown.
   */
  cancelled: string[];
}

export async function pendingForMachine(
  db: Kysely<Database>,
  machineId: string,
  now: number,
): Promise<PendingForMachine> {
  const rows = await db
    .selectFrom('actions')
    .select(['id', 'type', 'params_json', 'created_at', 'expires_at', 'created_by_name', 'status'])
    .where('machine_id', '=', machineId)
    .where('status', 'in', ['queued', 'delivered'])
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const cancelled = await db
    .selectFrom('actions')
    .select('id')
    .where('machine_id', '=', machineId)
    .where('status', '=', 'cancelled')
    .where('delivered_at', 'is not', null)
    .where('expires_at', '>', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('action_events')
            .select('action_events.action_id')
            .whereRef('action_events.action_id', '=', 'actions.id')
            .where('action_events.agent_seq', 'is not', null)
            .where('action_events.status', 'in', ['cancelled', 'succeeded', 'failed']),
        ),
      ),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    actions: rows.map(toEnvelope),
    queuedIds: new Set(rows.filter((row) => row.status === 'queued').map((row) => row.id)),
    cancelled: cancelled.map((row) => row.id),
  };
}
