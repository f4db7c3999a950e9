import type { ActionPatch, ActionTables, UpdateDraft } from '../store/types.js';
import type { ActionResult } from '../../shared/protocol/action-schemas.js';
import type { ActionClock } from './clock.js';
import type { ActionError, TaskOutcome } from './results.js';
import { boundResult } from './results.js';
import type { ActionLogger } from './types.js';

/**
 * The one way handlers change an action's state: each call writes the row and queues the
 * update reporting it (one transaction), then tells the link and the dashboard. An action that
 * finished (cancelled, succeeded, failed, refused) stays finished: a later call for it is
 * logged and dropped, only a later stage (`laterStage`) is still recorded.
 */
export interface Reporter {
  running(id: string, stage?: string, patch?: ActionPatch, detail?: ActionResult['detail']): void;
  succeeded(id: string, stage: string | undefined, result?: ActionResult): void;
  failed(id: string, error: ActionError, result?: ActionResult): void;
  /** Refused before it ran: reported as failed, kept as `refused` for the person's history. */
  refused(id: string, error: ActionError): void;
  finished(id: string, outcome: TaskOutcome, stage?: string): void;
  cancelled(id: string, stage: string): void;
  /** A later stage of an action that already succeeded (a message that was read). */
  laterStage(id: string, stage: string): void;
}

export interface ReporterDeps {
  tables: ActionTables;
  clock: ActionClock;
  logger: ActionLogger;
  /** Called after each write: an update was queued and what the dashboard shows changed. */
  onWrite: () => void;
}

export function createReporter({ tables, clock, logger, onWrite }: ReporterDeps): Reporter {
  function write(
    id: string,
    patch: (at: number) => ActionPatch,
    update: Omit<UpdateDraft, 'actionId' | 'at'>,
  ): void {
    const at = clock.now();
    const draft: UpdateDraft = {
      actionId: id,
      at,
      status: update.status,
      ...(update.stage ? { stage: update.stage } : {}),
      ...(update.result ? { result: boundResult(update.result) } : {}),
    };
    const { isApplied, dropped } = tables.advance(id, patch(at), draft);
    if (!isApplied) {
      // A late step of an action that was cancelled (or finished) meanwhile: the end stands.
      const state = tables.get(id)?.state ?? 'unknown';
      logger.warn(`actions: ${id} is already ${state}; not reported ${update.status} after that`);
      return;
    }
    if (dropped > 0) {
      logger.warn(
        `actions: dropped ${dropped} oldest updates the server never stored (outbox full)`,
      );
    }
    onWrite();
  }

  const failedWith =
    (state: 'failed' | 'refused') =>
    (id: string, error: ActionError, result: ActionResult = {}) =>
      write(id, (at) => ({ state, finishedAt: at, error: error.message }), {
        status: 'failed',
        result: { ...result, error },
      });

  const reporter: Reporter = {
    running: (id, stage, patch = {}, detail) =>
      write(id, () => ({ state: 'running', stage: stage ?? null, ...patch }), {
        status: 'running',
        ...(stage ? { stage } : {}),
        ...(detail ? { result: { detail } } : {}),
      }),
    succeeded: (id, stage, result) =>
      write(
        id,
        (at) => ({ state: 'succeeded', stage: stage ?? null, finishedAt: at, error: null }),
        { status: 'succeeded', ...(stage ? { stage } : {}), ...(result ? { result } : {}) },
      ),
    failed: failedWith('failed'),
    refused: failedWith('refused'),
    finished(id, outcome, stage) {
      if (outcome.ok) reporter.succeeded(id, stage, outcome.result);
      else reporter.failed(id, outcome.error, outcome.result);
    },
    cancelled: (id, stage) =>
      write(id, (at) => ({ state: 'cancelled', stage, finishedAt: at }), {
        status: 'cancelled',
        stage,
      }),
    laterStage: (id, stage) => write(id, () => ({ stage }), { status: 'succeeded', stage }),
  };
  return reporter;
}
