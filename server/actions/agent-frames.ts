import type { ActionEnvelope, ServerFrame } from '../../src/shared/protocol/index.js';
import { ACTION_LIMITS, PROTOCOL_VERSION } from '../../src/shared/protocol/index.js';
import type { PendingForMachine } from './action-store.js';

/** Splits a list into frame-sized pieces (ACTION_LIMITS.maxActionsPerFrame). */
function chunks<T>(items: readonly T[]): T[][] {
  const size = ACTION_LIMITS.maxActionsPerFrame;
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function actionsFrames(actions: readonly ActionEnvelope[]): ServerFrame[] {
  return chunks(actions).map((part) => ({
    type: 'actions',
    protocolVersion: PROTOCOL_VERSION,
    actions: part,
  }));
}

export function cancelFrames(actionIds: readonly string[]): ServerFrame[] {
  return chunks(actionIds).map((part) => ({
    type: 'cancel',
    protocolVersion: PROTOCOL_VERSION,
    actionIds: part,
  }));
}

/**
 * What a machine gets when its channel opens: always one `actions` frame (empty when nothing
 * waits, which tells the agent it is up to date), more when over 500, then the cancels.
 */
export function openingFrames(pending: PendingForMachine): ServerFrame[] {
  const actions = actionsFrames(pending.actions);
  return [
    ...(actions.length > 0
      ? actions
      : [{ type: 'actions' as const, protocolVersion: PROTOCOL_VERSION, actions: [] }]),
    ...cancelFrames(pending.cancelled),
  ];
}

export function storedFrame(seqs: readonly number[]): ServerFrame {
  return { type: 'stored', protocolVersion: PROTOCOL_VERSION, seqs: [...seqs] };
}
