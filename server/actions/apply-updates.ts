import type { Kysely } from 'kysely';
import type { ActionStatus, ActionUpdate } from '../../src/shared/protocol/index.js';
import type { Database } from '../store/schema.js';
import type { ActionState } from './action-transitions.js';
import { applyUpdate } from './action-transitions.js';
import { newSortableId } from './sortable-id.js';

export interface UpdatesApplied {
  /** Every seq received: stored now, stored before, or about an action that is not this machine's. */
  stored: number[];
  /** Actions whose row changed (for the live stream). */
  changed: string[];
  /** Cancelled actions the agent is still working on: send it a cancel again. */
  cancelNeeded: string[];
}

const num = (value: number | null): number | null => (value === null ? null : Number(value));

/**
 * The one way agent updates reach the database, from the live channel and from HTTP alike,
 * in one transaction. Each update is recorded as an event once per (action, seq): a resent
 * update changes nothing. Updates about another machine's actions (or unknown ones) are
 * ignored but reported stored, so the agent forgets them. See applyUpdate for the rules.
 */
export async function applyActionUpdates(
  db: Kysely<Database>,
  machineId: string,
  updates: readonly ActionUpdate[],
  now: number,
): Promise<UpdatesApplied> {
  const ids = [...new Set(updates.map((u) => u.actionId))];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('actions')
      .select(['id', 'status', 'stage', 'delivered_at', 'started_at', 'finished_at', 'result_json'])
      .where('machine_id', '=', machineId)
      .where('id', 'in', ids)
      .execute();
    const states = new Map<string, ActionState>(
      rows.map((row) => [
        row.id,
        {
          status: row.status as ActionStatus,
          stage: row.stage,
          deliveredAt: num(row.delivered_at),
          startedAt: num(row.started_at),
          finishedAt: num(row.finished_at),
          resultJson: row.result_json,
        },
      ]),
    );
    // Written back only if nobody changed the status meanwhile (a cancel, the expiry sweep
    // on another instance): portable optimistic locking, no SELECT … FOR UPDATE.
    const statusRead = new Map(rows.map((row) => [row.id, row.status]));
    const dirty = new Set<string>();
    const cancelNeeded = new Set<string>();
    for (const update of updates) {
      const state = states.get(update.actionId);
      if (!state) continue;
      const inserted = await trx
        .insertInto('action_events')
        .values({
          id: newSortableId(now),
          action_id: update.actionId,
          agent_seq: update.seq,
          status: update.status,
          stage: update.stage ?? null,
          at: now,
        })
        .onConflict((oc) => oc.columns(['action_id', 'agent_seq']).doNothing())
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 0n) continue;
      const { next, isCancelNeeded } = applyUpdate(state, update, now);
      if (isCancelNeeded) cancelNeeded.add(update.actionId);
      if (next) {
        states.set(update.actionId, next);
        dirty.add(update.actionId);
      }
    }
    for (const id of dirty) {
      const state = states.get(id);
      if (!state) continue;
      await trx
        .updateTable('actions')
        .set({
          status: state.status,
          stage: state.stage,
          delivered_at: state.deliveredAt,
          started_at: state.startedAt,
          finished_at: state.finishedAt,
          result_json: state.resultJson,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', statusRead.get(id) ?? '')
        .execute();
    }
    return {
      stored: updates.map((u) => u.seq),
      changed: [...dirty],
      cancelNeeded: [...cancelNeeded],
    };
  });
}
