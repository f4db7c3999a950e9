import { describe, expect, it } from 'vitest';
import { ACTION_LIMITS } from '../../../src/shared/protocol/index.js';
import type { ActionEnvelope } from '../../../src/shared/protocol/index.js';
import type { PendingForMachine } from '../../../server/actions/action-store.js';
import { actionsFrames, openingFrames, pollAnswer } from '../../../server/actions/agent-frames.js';

const BUDGET = ACTION_LIMITS.maxFrameBytesToAgent;
const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

function action(id: string, bodyChars = 0, fill = '\u0007'): ActionEnvelope {
  return {
    id,
    type: 'message',
    params: { title: 'Hi', body: fill.repeat(bodyChars), level: 'info' },
    createdAt: 1,
    expiresAt: 2,
    sentBy: 'IT',
  };
}

const ids = (list: readonly ActionEnvelope[]): string[] => list.map((a) => a.id);
const many = (count: number, bodyChars = 0, prefix = 'a') =>
  Array.from({ length: count }, (_, i) => action(`${prefix}${i}`, bodyChars));

describe('actionsFrames', () => {
  it('fills frames up to the byte budget, in order, none over it', () => {
    // ~24 KB each once the control characters are escaped: about 21 to a frame.
    const actions = many(50, 4000);
    const frames = actionsFrames(actions);
    expect(frames.length).toBe(3);
    for (const frame of frames) expect(bytesOf(frame)).toBeLessThanOrEqual(BUDGET);
    expect(frames.flatMap((frame) => (frame.type === 'actions' ? ids(frame.actions) : []))).toEqual(
      ids(actions),
    );
    // Full: the next action would not have fitted.
    const first = frames[0]!;
    expect(bytesOf(first) + bytesOf(actions[0]) + 1).toBeGreaterThan(BUDGET);
  });

  it('still cuts small actions at maxActionsPerFrame', () => {
    const frames = actionsFrames(many(1200));
    expect(frames.map((frame) => (frame.type === 'actions' ? frame.actions.length : 0))).toEqual([
      500, 500, 200,
    ]);
  });

  it('sends an action larger than the budget alone rather than never', () => {
    const frames = actionsFrames([action('small'), action('huge', 200_000), action('after')]);
    expect(frames.map((frame) => (frame.type === 'actions' ? ids(frame.actions) : []))).toEqual([
      ['small'],
      ['huge'],
      ['after'],
    ]);
  });

  it('opens with one empty frame when nothing waits', () => {
    expect(openingFrames({ actions: [], queuedIds: new Set(), cancelled: [] })).toEqual([
      { type: 'actions', protocolVersion: 1, actions: [] },
    ]);
  });
});

describe('pollAnswer', () => {
  const pending = (
    delivered: ActionEnvelope[],
    queued: ActionEnvelope[],
    cancelled: string[] = [],
  ): PendingForMachine => ({
    actions: [...delivered, ...queued],
    queuedIds: new Set(ids(queued)),
    cancelled,
  });

  it('puts the unacknowledged actions first, then the delivered ones that still fit', () => {
    const delivered = many(30, 4000, 'd');
    const queued = many(10, 4000, 'q');
    const answer = pollAnswer(pending(delivered, queued));
    expect(bytesOf(answer)).toBeLessThanOrEqual(BUDGET);
    const sent = ids(answer.actions);
    expect(sent.filter((id) => id.startsWith('q'))).toEqual(ids(queued));
    // The rest of the room goes to the oldest delivered ones; oldest first overall.
    expect(sent.filter((id) => id.startsWith('d'))).toEqual(
      ids(delivered).slice(0, sent.length - 10),
    );
    expect(sent.length).toBeGreaterThan(10);
    expect(sent).toEqual(ids([...delivered, ...queued]).filter((id) => sent.includes(id)));
  });

  it('keeps the cancels and counts them in the budget', () => {
    const cancelled = Array.from({ length: 500 }, (_, i) => `c${i}`.padEnd(64, 'x'));
    const answer = pollAnswer(pending([], many(40, 4000, 'q'), cancelled));
    expect(answer.cancelled).toEqual(cancelled);
    expect(bytesOf(answer)).toBeLessThanOrEqual(BUDGET);
    expect(answer.actions.length).toBeLessThan(40);
  });
});
