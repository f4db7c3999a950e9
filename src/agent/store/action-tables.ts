import type { Database as Db } from 'better-sqlite3';
import type { InboxMessage } from '../../shared/local-api.js';
import type { ActionUpdate } from '../../shared/protocol/action-schemas.js';

/** Where an action stands on this PC (LocalAction.state). */
export type ActionState = 'received' | 'running' | 'succeeded' | 'failed' | 'refused' | 'cancelled';

/** One received action as the agent keeps it. */
export interface ActionRecord {
  id: string;
  type: string;
  /** The params as sent, JSON. */
  paramsJson: string;
  sentBy: string;
  receivedAt: number;
  expiresAt: number | null;
  state: ActionState;
  stage: string | null;
  finishedAt: number | null;
  /** A sentence for people when it failed or was refused. */
  error: string | null;
  /** restart: when the reboot is due, or when the reboot command was issued. */
  rebootAt: number | null;
  snoozesUsed: number;
  /** restart: the boot time read just before the reboot command, the base of the proof. */
  bootTimeBefore: number | null;
}

export type NewActionRecord = Pick<
  ActionRecord,
  'id' | 'type' | 'paramsJson' | 'sentBy' | 'receivedAt' | 'expiresAt'
>;

export type ActionPatch = Partial<
  Pick<
    ActionRecord,
    'state' | 'stage' | 'finishedAt' | 'error' | 'rebootAt' | 'snoozesUsed' | 'bootTimeBefore'
  >
>;

export interface AdvanceOutcome {
  isApplied: boolean;
  dropped: number;
}

/** States an action never leaves: whatever reports later (a run that raced a cancel) is refused. */
export const FINISHED_STATES: ReadonlySet<ActionState> = new Set([
  'cancelled',
  'succeeded',
  'failed',
  'refused',
]);

/** An update before the outbox gives it its seq. */
export type UpdateDraft = Omit<ActionUpdate, 'seq'>;

export interface ActionTablesOptions {
  /** Most updates kept unsent; the oldest are dropped first. Default 10,000. */
  maxUpdates?: number;
}

export const DEFAULT_MAX_ACTION_UPDATES = 10_000;

/**
 * The agent's record of actions: every id received (the guard against running one twice), the
 * inbox of messages, and the outbox of updates waiting for the server. A change of state and
 * the update that reports it are written in one transaction, so neither exists without the other.
 */
export interface ActionTables {
  /**
   * Records a received action (unless its id is known) and queues its `delivered` update, in
   * one transaction. `isNew: false` means the id was seen before: it must not run again.
   */
  receive(action: NewActionRecord, delivered: UpdateDraft): { isNew: boolean; dropped: number };
  get(id: string): ActionRecord | undefined;
  /**
   * Changes the action's row and queues the update reporting it. A finished action (cancelled,
   * succeeded, failed, refused) keeps its state: a patch that sets one is not applied and no
   * update is queued (`isApplied: false`); a later stage alone (a message read) still is. An id
   * never received is not applied either. `dropped`: updates dropped to keep the outbox bounded.
   */
  advance(id: string, patch: ActionPatch, update?: UpdateDraft): AdvanceOutcome;
  /** Queues an update alone. Returns updates dropped to keep the outbox bounded. */
  queueUpdate(update: UpdateDraft): number;
  /** Oldest first. */
  pendingUpdates(limit: number): ActionUpdate[];
  /** Returns how many were forgotten (seqs not waiting are ignored). */
  confirmUpdates(seqs: readonly number[]): number;
  /** Newest first. */
  history(limit: number): ActionRecord[];
  /** Actions in any of these states, oldest first. */
  inStates(states: readonly ActionState[]): ActionRecord[];
  addToInbox(message: InboxMessage): void;
  /** Newest first. */
  inbox(limit: number): InboxMessage[];
  unreadCount(): number;
  /** The person opened a message: 'read' the first time only. */
  markRead(id: string, at: number): 'read' | 'already-read' | 'unknown';
  /**
   * Forgets finished actions older than `before` whose expiry has passed too (the server can no
   * longer redeliver them), read messages older than `before`, and messages beyond `maxInbox`.
   */
  prune(before: number, now: number, maxInbox: number): { actions: number; messages: number };
}

interface ActionRow {
  id: string;
  type: string;
  params_json: string;
  sent_by: string;
  received_at: number;
  expires_at: number | null;
  state: ActionState;
  stage: string | null;
  finished_at: number | null;
  error: string | null;
  reboot_at: number | null;
  snoozes_used: number;
  boot_time_before: number | null;
}

interface InboxRow {
  action_id: string;
  title: string;
  body: string;
  level: InboxMessage['level'];
  sent_by: string;
  received_at: number;
  read_at: number | null;
}

const PATCH_COLUMNS: Record<keyof ActionPatch, string> = {
  state: 'state',
  stage: 'stage',
  finishedAt: 'finished_at',
  error: 'error',
  rebootAt: 'reboot_at',
  snoozesUsed: 'snoozes_used',
  bootTimeBefore: 'boot_time_before',
};

export function createActionTables(db: Db, options: ActionTablesOptions = {}): ActionTables {
  const maxUpdates = options.maxUpdates ?? DEFAULT_MAX_ACTION_UPDATES;
  if (!Number.isSafeInteger(maxUpdates) || maxUpdates < 1) {
    throw new RangeError(`actions: maxUpdates must be a positive integer, got ${maxUpdates}`);
  }
  const insertAction = db.prepare<NewActionRecord>(
    `INSERT OR IGNORE INTO actions (id, type, params_json, sent_by, received_at, expires_at, state)
     VALUES (@id, @type, @paramsJson, @sentBy, @receivedAt, @expiresAt, 'received')`,
  );
  const selectAction = db.prepare<[string], ActionRow>('SELECT * FROM actions WHERE id = ?');
  const selectState = db.prepare<[string], { state: ActionState }>(
    'SELECT state FROM actions WHERE id = ?',
  );
  const insertUpdate = db.prepare<[string, string]>(
    'INSERT INTO action_updates (action_id, json) VALUES (?, ?)',
  );
  const countUpdates = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM action_updates');
  const dropOldestUpdates = db.prepare<[number]>(
    'DELETE FROM action_updates WHERE seq IN (SELECT seq FROM action_updates ORDER BY seq LIMIT ?)',
  );
  const selectUpdates = db.prepare<[number], { seq: number; json: string }>(
    'SELECT seq, json FROM action_updates ORDER BY seq LIMIT ?',
  );
  const deleteUpdate = db.prepare<[number]>('DELETE FROM action_updates WHERE seq = ?');
  const selectHistory = db.prepare<[number], ActionRow>(
    'SELECT * FROM actions ORDER BY received_at DESC, id DESC LIMIT ?',
  );
  const insertInbox = db.prepare<InboxRow>(
    `INSERT OR IGNORE INTO inbox (action_id, title, body, level, sent_by, received_at, read_at)
     VALUES (@action_id, @title, @body, @level, @sent_by, @received_at, @read_at)`,
  );
  const selectInbox = db.prepare<[number], InboxRow>(
    'SELECT * FROM inbox ORDER BY received_at DESC, action_id DESC LIMIT ?',
  );
  const selectInboxOne = db.prepare<[string], InboxRow>('SELECT * FROM inbox WHERE action_id = ?');
  const countUnread = db.prepare<[], { n: number }>(
    'SELECT COUNT(*) AS n FROM inbox WHERE read_at IS NULL',
  );
  const setRead = db.prepare<[number, string]>(
    'UPDATE inbox SET read_at = ? WHERE action_id = ? AND read_at IS NULL',
  );
  const pruneActions = db.prepare<[number, number]>(
    `DELETE FROM actions WHERE finished_at IS NOT NULL AND finished_at < ?
       AND (expires_at IS NULL OR expires_at < ?)`,
  );
  const pruneRead = db.prepare<[number]>(
    'DELETE FROM inbox WHERE read_at IS NOT NULL AND received_at < ?',
  );
  const pruneBeyond = db.prepare<[number]>(
    `DELETE FROM inbox WHERE action_id IN
       (SELECT action_id FROM inbox ORDER BY received_at DESC, action_id DESC LIMIT -1 OFFSET ?)`,
  );

  /** Inside the caller's transaction. */
  function appendUpdate(update: UpdateDraft): number {
    insertUpdate.run(update.actionId, JSON.stringify(update));
    const excess = (countUpdates.get()?.n ?? 0) - maxUpdates;
    return excess > 0 ? dropOldestUpdates.run(excess).changes : 0;
  }

  function applyPatch(id: string, patch: ActionPatch): void {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as Array<
      [keyof ActionPatch, unknown]
    >;
    if (entries.length === 0) return;
    const sets = entries.map(([key]) => `${PATCH_COLUMNS[key]} = @${key}`).join(', ');
    // The column names come from PATCH_COLUMNS only; values are bound.
    db.prepare(`UPDATE actions SET ${sets} WHERE id = @id`).run({
      ...Object.fromEntries(entries),
      id,
    });
  }

  const receive = db.transaction((action: NewActionRecord, delivered: UpdateDraft) => {
    const isNew = insertAction.run(action).changes === 1;
    return { isNew, dropped: appendUpdate(delivered) };
  });
  const advance = db.transaction(
    (id: string, patch: ActionPatch, update?: UpdateDraft): AdvanceOutcome => {
      // Read and written in one transaction: nothing can finish the action in between.
      const current = selectState.get(id)?.state;
      if (current === undefined || (patch.state !== undefined && FINISHED_STATES.has(current))) {
        return { isApplied: false, dropped: 0 };
      }
      applyPatch(id, patch);
      return { isApplied: true, dropped: update ? appendUpdate(update) : 0 };
    },
  );
  const queueUpdate = db.transaction((update: UpdateDraft) => appendUpdate(update));
  const confirmUpdates = db.transaction((seqs: readonly number[]) => {
    let forgotten = 0;
    for (const seq of seqs) {
      if (Number.isSafeInteger(seq)) forgotten += deleteUpdate.run(seq).changes;
    }
    return forgotten;
  });
  const prune = db.transaction((before: number, now: number, maxInbox: number) => ({
    actions: pruneActions.run(before, now).changes,
    messages: pruneRead.run(before).changes + pruneBeyond.run(maxInbox).changes,
  }));

  return {
    receive,
    get: (id) => {
      const row = selectAction.get(id);
      return row ? toRecord(row) : undefined;
    },
    advance,
    queueUpdate,
    pendingUpdates(limit) {
      assertLimit(limit);
      return selectUpdates.all(limit).flatMap((row) => {
        const update = parseUpdate(row.json);
        return update ? [{ ...update, seq: row.seq }] : [];
      });
    },
    confirmUpdates,
    history: (limit) => selectHistory.all(assertLimit(limit)).map(toRecord),
    inStates(states) {
      if (states.length === 0) return [];
      const marks = states.map(() => '?').join(', ');
      return db
        .prepare<string[], ActionRow>(
          `SELECT * FROM actions WHERE state IN (${marks}) ORDER BY received_at, id`,
        )
        .all(...states)
        .map(toRecord);
    },
    addToInbox(message) {
      insertInbox.run({
        action_id: message.id,
        title: message.title,
        body: message.body,
        level: message.level,
        sent_by: message.sentBy,
        received_at: message.receivedAt,
        read_at: message.readAt,
      });
    },
    inbox: (limit) => selectInbox.all(assertLimit(limit)).map(toMessage),
    unreadCount: () => countUnread.get()?.n ?? 0,
    markRead(id, at) {
      if (setRead.run(at, id).changes === 1) return 'read';
      return selectInboxOne.get(id) ? 'already-read' : 'unknown';
    },
    prune,
  };
}

function assertLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`actions: limit must be a positive integer, got ${limit}`);
  }
  return limit;
}

function toRecord(row: ActionRow): ActionRecord {
  return {
    id: row.id,
    type: row.type,
    paramsJson: row.params_json,
    sentBy: row.sent_by,
    receivedAt: row.received_at,
    expiresAt: row.expires_at,
    state: row.state,
    stage: row.stage,
    finishedAt: row.finished_at,
    error: row.error,
    rebootAt: row.reboot_at,
    snoozesUsed: row.snoozes_used,
    bootTimeBefore: row.boot_time_before,
  };
}

function toMessage(row: InboxRow): InboxMessage {
  return {
    id: row.action_id,
    title: row.title,
    body: row.body,
    level: row.level,
    sentBy: row.sent_by,
    receivedAt: row.received_at,
    readAt: row.read_at,
  };
}

/** A damaged row must not stop the other updates from reaching the server. */
function parseUpdate(json: string): UpdateDraft | undefined {
  try {
    return JSON.parse(json) as UpdateDraft;
  } catch {
    return undefined;
  }
}
