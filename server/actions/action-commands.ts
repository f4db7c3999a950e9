import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ActionTarget, ActionView } from '../../src/shared/actions-api.js';
import { ACTION_LIMITS, isFinishedStatus } from '../../src/shared/protocol/index.js';
import type { ActionStatus, ActionType } from '../../src/shared/protocol/index.js';
import { ApiError } from '../http/api-error.js';
import type { Database } from '../store/schema.js';
import { checkActionParams, summaryOf } from './action-params.js';
import { toActionView } from './action-rows.js';
import type { InsertedAction } from './action-store.js';
import { findActionRow, insertActions } from './action-store.js';
import { resolveTarget } from './action-target.js';
import type { Actor } from './audit-log.js';
import { insertAudit } from './audit-log.js';
import { newSortableId } from './sortable-id.js';

const SECOND_MS = 1000;

export interface CreateActionsInput {
  type: string;
  params?: unknown;
  target: ActionTarget;
  expiresInSeconds?: number | undefined;
}

export interface CreatedBatch {
  batchId: string;
  actions: InsertedAction[];
}

/**
 * One request → one batch: the params checked and completed, the target turned into the
 * org's machines, one queued action per machine and the audit entry, in one transaction.
 */
export async function createActions(
  db: Kysely<Database>,
  orgId: string,
  actor: Actor,
  input: CreateActionsInput,
  now: number,
): Promise<CreatedBatch> {
  const { type, params } = checkActionParams(input.type, input.params);
  const expiresInSeconds = input.expiresInSeconds ?? ACTION_LIMITS.defaultExpirySeconds;
  const batchId = randomUUID();
  return db.transaction().execute(async (trx) => {
    const target = await resolveTarget(trx, orgId, input.target);
    const actions = await insertActions(trx, {
      orgId,
      batchId,
      type,
      params,
      machines: target.machines,
      actor,
      now,
      expiresAt: now + expiresInSeconds * SECOND_MS,
    });
    await insertAudit(trx, {
      orgId,
      at: now,
      actor,
      event: 'actions.create',
      actionType: type,
      batchId,
      target: target.description,
      machineIds: target.machines.map((m) => m.id),
      summary: summaryOf(type, params),
    });
    return { batchId, actions };
  });
}

const paramsOf = (json: string): Record<string, unknown> => {
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/** Status moves forward only (queued, delivered, running, finished): a read can go stale this often. */
const MAX_STALE_READS = 3;

const finished = (status: string): ApiError =>
  new ApiError('E_ACTION_FINISHED', `the action has already finished (${status})`);

/**
 * Cancels an action that has not finished (409 E_ACTION_FINISHED otherwise): cancelled now,
 * recorded and audited. Telling the agent is the caller's job, after commit.
 *
 * Written only if the status is still the one read, as apply-updates.ts does: on PostgreSQL an
 * agent's result or another instance's expiry sweep can commit between this read and write.
 * Losing that race, the action is read again: finished is 409, otherwise it is cancelled from
 * the status it has now.
 */
export async function cancelAction(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  actor: Actor,
  now: number,
): Promise<ActionView> {
  return db.transaction().execute(async (trx) => {
    let row = await findActionRow(trx, orgId, id);
    for (let staleReads = 0; ; staleReads += 1) {
      if (isFinishedStatus(row.status as ActionStatus)) throw finished(row.status);
      const updated = await trx
        .updateTable('actions')
        .set({ status: 'cancelled', finished_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', row.status)
        .executeTakeFirst();
      if (updated.numUpdatedRows > 0n) break;
      if (staleReads === MAX_STALE_READS) {
        throw new Error(`action ${id} kept changing status while being cancelled`);
      }
      row = await findActionRow(trx, orgId, id);
    }
    await trx
      .insertInto('action_events')
      .values({
        id: newSortableId(now),
        action_id: id,
        agent_seq: null,
        status: 'cancelled',
        stage: null,
        at: now,
      })
      .execute();
    await insertAudit(trx, {
      orgId,
      at: now,
      actor,
      event: 'actions.cancel',
      actionType: row.type as ActionType,
      batchId: row.batch_id,
      target: row.hostname,
      machineIds: [row.machine_id],
      summary: summaryOf(row.type as ActionType, paramsOf(row.params_json)),
    });
    return toActionView({ ...row, status: 'cancelled', finished_at: now, updated_at: now });
  });
}

const RETRYABLE: readonly string[] = ['failed', 'expired'];

/**
 * A failed or expired action again (409 E_ACTION_NOT_RETRYABLE otherwise): same machine,
 * type and params, a new batch, as long to live as the original had, `retry_of` set.
 */
export async function retryAction(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  actor: Actor,
  now: number,
): Promise<InsertedAction> {
  return db.transaction().execute(async (trx) => {
    const row = await findActionRow(trx, orgId, id);
    if (!RETRYABLE.includes(row.status)) {
      throw new ApiError(
        'E_ACTION_NOT_RETRYABLE',
        `only a failed or expired action can be retried; this one is ${row.status}`,
      );
    }
    const type = row.type as ActionType;
    const params = paramsOf(row.params_json);
    const lifetime = Math.min(
      Math.max(Number(row.expires_at) - Number(row.created_at), SECOND_MS),
      ACTION_LIMITS.maxExpirySeconds * SECOND_MS,
    );
    const batchId = randomUUID();
    const [created] = await insertActions(trx, {
      orgId,
      batchId,
      type,
      params,
      machines: [{ id: row.machine_id, hostname: row.hostname }],
      actor,
      now,
      expiresAt: now + lifetime,
      retryOf: row.id,
    });
    if (!created) throw new Error('retry inserted no action');
    await insertAudit(trx, {
      orgId,
      at: now,
      actor,
      event: 'actions.retry',
      actionType: type,
      batchId,
      target: row.hostname,
      machineIds: [row.machine_id],
      summary: summaryOf(type, params),
    });
    return created;
  });
}
