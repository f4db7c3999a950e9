import type {
  ActionEnvelope,
  ActionPollResponse,
  ServerFrame,
} from '../../src/shared/protocol/index.js';
import { ACTION_LIMITS, PROTOCOL_VERSION } from '../../src/shared/protocol/index.js';
import type { PendingForMachine } from './action-store.js';

const MAX_ITEMS = ACTION_LIMITS.maxActionsPerFrame;
const BUDGET = ACTION_LIMITS.maxFrameBytesToAgent;

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));
/** What one more item adds to a JSON list: itself and a comma. */
const itemBytes = (item: unknown): number => jsonBytes(item) + 1;

/**
 * The longest run of `items` from the start that fits `room` bytes and the item limit; at
 * least one, so an item alone over the budget still goes (none comes near: the largest action,
 * all escaped control characters, is about 25 KB).
 */
function fitting<T>(items: readonly T[], room: number): T[] {
  let bytes = 0;
  let count = 0;
  for (const item of items) {
    if (count === MAX_ITEMS) break;
    bytes += itemBytes(item);
    if (count > 0 && bytes > room) break;
    count += 1;
  }
  return items.slice(0, count);
}

const actionsFrame = (actions: ActionEnvelope[]): ServerFrame => ({
  type: 'actions',
  protocolVersion: PROTOCOL_VERSION,
  actions,
});

/**
 * Actions cut into frames of at most ACTION_LIMITS.maxFrameBytesToAgent bytes (as sent) and
 * maxActionsPerFrame items: long texts, Cyrillic (two bytes a letter) or control characters
 * (six once escaped) would otherwise make frames the agent refuses, and it would reconnect
 * forever. Oldest first, as given.
 */
export function actionsFrames(actions: readonly ActionEnvelope[]): ServerFrame[] {
  const room = BUDGET - jsonBytes(actionsFrame([]));
  const frames: ServerFrame[] = [];
  let rest = actions;
  while (rest.length > 0) {
    const part = fitting(rest, room);
    frames.push(actionsFrame(part));
    rest = rest.slice(part.length);
  }
  return frames;
}

export function cancelFrames(actionIds: readonly string[]): ServerFrame[] {
  const frames: ServerFrame[] = [];
  for (let i = 0; i < actionIds.length; i += MAX_ITEMS) {
    frames.push({
      type: 'cancel',
      protocolVersion: PROTOCOL_VERSION,
      actionIds: actionIds.slice(i, i + MAX_ITEMS),
    });
  }
  return frames;
}

/**
 * What a machine gets when its channel opens: always one `actions` frame (empty when nothing
 * waits, which tells the agent it is up to date), more when they do not fit one, then the
 * cancels.
 */
export function openingFrames(pending: PendingForMachine): ServerFrame[] {
  const actions = actionsFrames(pending.actions);
  return [
    ...(actions.length > 0 ? actions : [actionsFrame([])]),
    ...cancelFrames(pending.cancelled),
  ];
}

/**
 * A long-poll answer within the same budget. The actions the agent has not acknowledged go
 * first and the delivered ones (sent again in case the agent lost them) fill what room is
 * left: the unacknowledged rest keeps the next poll answering at once, so it follows, and
 * acknowledged actions waiting their turn on the agent never crowd it out. Sent oldest first.
 */
export function pollAnswer(pending: PendingForMachine): ActionPollResponse {
  const answer: ActionPollResponse = {
    protocolVersion: PROTOCOL_VERSION,
    actions: [],
    cancelled: pending.cancelled.slice(0, MAX_ITEMS),
  };
  const isQueued = (action: ActionEnvelope) => pending.queuedIds.has(action.id);
  const byUrgency = [
    ...pending.actions.filter(isQueued),
    ...pending.actions.filter((action) => !isQueued(action)),
  ];
  const chosen = new Set(fitting(byUrgency, BUDGET - jsonBytes(answer)));
  return { ...answer, actions: pending.actions.filter((action) => chosen.has(action)) };
}

export function storedFrame(seqs: readonly number[]): ServerFrame {
  return { type: 'stored', protocolVersion: PROTOCOL_VERSION, seqs: [...seqs] };
}
