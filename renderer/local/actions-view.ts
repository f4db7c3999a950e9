import type { InboxMessage, LocalAction, PendingRestart } from '../../src/shared/local-api.js';

export type SnoozeOption =
  | { kind: 'available'; remaining: number; lengthSeconds: number }
  /** IT's policy allows none (maxCount 0). */
  | { kind: 'not-allowed' }
  /** Every snooze the policy allows was used. */
  | { kind: 'used-up' };

/** Whether the person may still postpone this restart, and by how much. */
export function snoozeOption(restart: PendingRestart): SnoozeOption {
  if (restart.snoozesAllowed <= 0) return { kind: 'not-allowed' };
  const remaining = restart.snoozesAllowed - restart.snoozesUsed;
  if (remaining <= 0) return { kind: 'used-up' };
  return { kind: 'available', remaining, lengthSeconds: restart.snoozeSeconds };
}

/** Newest first; equal times keep the agent's order. */
export function newestFirst<T extends { receivedAt: number }>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.receivedAt - a.item.receivedAt || a.index - b.index)
    .map(({ item }) => item);
}

/** Opening a message reports it read once: only while unread and not already asked for. */
export function shouldReportRead(
  message: Pick<InboxMessage, 'id' | 'readAt'>,
  alreadyAsked: ReadonlySet<string>,
): boolean {
  return message.readAt === null && !alreadyAsked.has(message.id);
}

/** The colour family of an action's state in the transparency list. */
export function stateTone(state: LocalAction['state']): 'ok' | 'bad' | 'busy' | 'neutral' {
  switch (state) {
    case 'succeeded':
      return 'ok';
    case 'failed':
    case 'refused':
      return 'bad';
    case 'received':
    case 'running':
      return 'busy';
    default:
      return 'neutral';
  }
}

const SLOT = '\u0000';

/**
 * A translated sentence split around one value, so the page can style the value (the ticking
 * clock) wherever the language puts it: `[before, after]`.
 */
export function splitAroundValue(
  translate: (slot: string) => string,
): [before: string, after: string] {
  const text = translate(SLOT);
  const at = text.indexOf(SLOT);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + SLOT.length)];
}
