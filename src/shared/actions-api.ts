import type { ActionStatus, ActionType } from './protocol/action-constants.js';
import type { ActionResult, MessageParams, RestartParams } from './protocol/action-schemas.js';

/**
 * The fleet API for actions (paths in FLEET_API). Creating, cancelling and retrying need the
 * operator role; reading needs viewer; the audit log needs admin.
 */

/** Which machines of the org an action goes to. */
export type ActionTarget = { machineIds: string[] } | { tag: string } | { all: true };

export type CreateActionRequest = {
  target: ActionTarget;
  /** Seconds from now until a machine that has not received it stops waiting; default 7 days. */
  expiresInSeconds?: number;
} & (
  | { type: 'message'; params: MessageParams }
  /** delaySeconds defaults to 300 and snooze to { maxCount: 1, lengthSeconds: 600 } when left out. */
  | { type: 'restart'; params: Partial<RestartParams> & Pick<RestartParams, 'reason'> }
  | {
      type: 'flush-dns' | 'clear-temp' | 'collect-logs' | 'restart-print-spooler';
      params?: Record<string, never>;
    }
);

/** One step of an action's history, as the server received it. */
export interface ActionEvent {
  status: ActionStatus;
  stage: string | null;
  /** When the server recorded it, epoch ms. */
  at: number;
}

/** One action on one machine. */
export interface ActionView {
  id: string;
  /** Every action created by one request shares it (a broadcast to 1,000 machines is one batch). */
  batchId: string;
  machineId: string;
  hostname: string;
  type: ActionType;
  params: Record<string, unknown>;
  status: ActionStatus;
  /** The latest stage the agent reported (shown, read, scheduled, snoozed, rebooting, ...). */
  stage: string | null;
  createdAt: number;
  /** Name (or API key name) of who sent it. */
  createdBy: string;
  expiresAt: number;
  deliveredAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  result: ActionResult | null;
  /** The failed action this one retries. */
  retryOf: string | null;
  /** A collect-logs bundle can be downloaded (FLEET_API.actionArtifact). */
  hasArtifact: boolean;
}

export interface ActionDetail extends ActionView {
  events: ActionEvent[];
}

export interface CreatedActions {
  batchId: string;
  actions: ActionView[];
}

/** GET FLEET_API.actions: newest first. */
export interface ActionList {
  actions: ActionView[];
  /** Pass as `before` for the next page; absent on the last page. */
  nextBefore?: string;
}

export interface ActionListQuery {
  machineId?: string;
  batchId?: string;
  status?: ActionStatus;
  type?: ActionType;
  /** Default 100, at most 500. */
  limit?: number;
  /** Opaque cursor from the previous page. */
  before?: string;
}

export interface AuditEntry {
  id: string;
  at: number;
  /** 'user' or 'api-key'. */
  actorType: 'user' | 'api-key';
  actorId: string;
  actorName: string;
  ip: string;
  /** actions.create | actions.cancel | actions.retry */
  event: string;
  actionType: ActionType | null;
  batchId: string | null;
  /** The machines concerned (ids), and how the target was named. */
  machineIds: string[];
  target: string;
  /** A short summary (the message title, the restart reason). */
  summary: string;
}

export interface AuditList {
  entries: AuditEntry[];
  nextBefore?: string;
}
