import type { ActionEnvelope, ActionUpdate } from '../../shared/protocol/action-schemas.js';
import type { InboxMessage, LocalAction, PendingRestart } from '../../shared/local-api.js';

/**
 * The agent's action engine as the link and the dashboard see it (created by
 * createActionEngine in ./create-action-engine.ts). The link hands it what the server sent and
 * carries its updates back; the engine decides, records, runs and reports.
 *
 * Everything it is handed is untrusted: an unknown type, bad params or an expired action is
 * refused with a `failed` update and never run. Every received id is recorded in SQLite before
 * anything runs, so a redelivered action is acknowledged again (`delivered`) but never run twice.
 */
export interface ActionEngine {
  /** Resumes what was in progress before the agent stopped (a restart countdown, a reboot's proof). */
  start(): Promise<void>;
  /** Stops timers and waits for running commands to settle or be killed. */
  stop(): Promise<void>;

  /** Actions from the server (channel frame or poll answer), validated here, not by the caller. */
  receive(actions: readonly unknown[]): void;
  /** The server cancelled these: a countdown stops and the person is told; unknown ids are ignored. */
  cancel(actionIds: readonly string[]): void;

  /** Updates waiting to be sent, oldest first (kept in SQLite until the server stored them). */
  pendingUpdates(limit: number): ActionUpdate[];
  /** The server stored these update seqs: forget them. */
  confirmUpdates(seqs: readonly number[]): void;
  /** Called whenever an update was queued, so the link sends it at once. Returns detach. */
  onUpdate(listener: () => void): () => void;

  // --- for the local dashboard and the tray ---
  inbox(): InboxMessage[];
  unreadCount(): number;
  /** The person opened a message: marks it read and reports `read`. Unknown id -> false. */
  markRead(actionId: string): boolean;
  /** What IT has run on this PC, newest first (transparency). */
  history(limit: number): LocalAction[];
  pendingRestart(): PendingRestart | null;
  /** Postpones the pending restart within its policy; a refusal is a value. */
  snooze(
    actionId: string,
  ):
    | { ok: true; value: PendingRestart }
    | { ok: false; error: { code: 'E_NO_RESTART' | 'E_SNOOZE_NOT_ALLOWED'; message: string } };
  /** Called when the inbox, history or pending restart changed. Returns detach. */
  onChange(listener: () => void): () => void;
}

export type { ActionEnvelope, ActionUpdate };
