import type { ActionStatus, ActionUpdate } from '../../src/shared/protocol/index.js';
import { isFinishedStatus } from '../../src/shared/protocol/index.js';

/** The part of an action an agent's update can change. */
export interface ActionState {
  status: ActionStatus;
  stage: string | null;
  deliveredAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  resultJson: string | null;
}

/** queued < delivered < running < any finished status. */
function rankOf(status: ActionStatus): number {
  if (isFinishedStatus(status)) return 3;
  return status === 'running' ? 2 : status === 'delivered' ? 1 : 0;
}

export interface Transition {
  /** The new state, or null when the update changes nothing (its event is still recorded). */
  next: ActionState | null;
  /** The agent is working on an action the server has cancelled: tell it again. */
  isCancelNeeded: boolean;
}

/**
 * What one agent update does to an action. Status moves forward only
 * (queued < delivered < running < finished) and a finished action keeps its status for good.
 * Within a status the stage may move on (running: scheduled → snoozed → rebooting; a
 * succeeded message later `read`). A cancelled action stays cancelled whatever the agent says;
 * if the agent shows it had received it, that is remembered (delivered_at), so the cancel is
 * sent again on every connect until the agent confirms it stopped.
 */
export function applyUpdate(state: ActionState, update: ActionUpdate, now: number): Transition {
  const status = state.status;
  const stage = update.stage ?? null;
  if (status === 'cancelled') {
    const isWorkingOnIt = update.status === 'delivered' || update.status === 'running';
    if (isWorkingOnIt) {
      const next = state.deliveredAt === null ? { ...state, deliveredAt: now } : null;
      return { next, isCancelNeeded: true };
    }
    // The agent confirms it stopped (`cancelled/stopped`): the page can say so.
    const isConfirmed = update.status === 'cancelled' && stage !== null && stage !== state.stage;
    return { next: isConfirmed ? { ...state, stage } : null, isCancelNeeded: false };
  }
  if (isFinishedStatus(status)) {
    const isNewStage = update.status === status && stage !== null && stage !== state.stage;
    return { next: isNewStage ? { ...state, stage } : null, isCancelNeeded: false };
  }

  const from = rankOf(status);
  const to = rankOf(update.status);
  const resultJson = update.result ? JSON.stringify(update.result) : state.resultJson;
  if (to > from) {
    return {
      next: {
        status: update.status,
        stage,
        deliveredAt: state.deliveredAt ?? now,
        startedAt: update.status === 'running' ? (state.startedAt ?? now) : state.startedAt,
        finishedAt: to === 3 ? now : null,
        resultJson,
      },
      isCancelNeeded: false,
    };
  }
  if (to === from && to > 0) {
    const nextStage = stage ?? state.stage;
    if (nextStage === state.stage && resultJson === state.resultJson) {
      return { next: null, isCancelNeeded: false };
    }
    return { next: { ...state, stage: nextStage, resultJson }, isCancelNeeded: false };
  }
  return { next: null, isCancelNeeded: false };
}
