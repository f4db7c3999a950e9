import { describe, expect, it } from 'vitest';
import type { ActionUpdate } from '../../../src/shared/protocol/index.js';
import type { ActionState } from '../../../server/actions/action-transitions.js';
import { applyUpdate } from '../../../server/actions/action-transitions.js';

const NOW = 5_000;
const state = (fields: Partial<ActionState>): ActionState => ({
  status: 'queued',
  stage: null,
  deliveredAt: null,
  startedAt: null,
  finishedAt: null,
  resultJson: null,
  ...fields,
});
const update = (
  status: ActionUpdate['status'],
  fields: Partial<ActionUpdate> = {},
): ActionUpdate => ({
  seq: 1,
  actionId: 'a',
  status,
  at: 1,
  ...fields,
});

describe('applyUpdate', () => {
  it('moves forward, setting the times once', () => {
    expect(applyUpdate(state({}), update('delivered'), NOW).next).toEqual(
      state({ status: 'delivered', deliveredAt: NOW }),
    );
    expect(
      applyUpdate(
        state({ status: 'delivered', deliveredAt: 1 }),
        update('running', { stage: 'shown' }),
        NOW,
      ).next,
    ).toEqual(state({ status: 'running', stage: 'shown', deliveredAt: 1, startedAt: NOW }));
    const result = { exitCode: 0 };
    expect(
      applyUpdate(
        state({ status: 'running', deliveredAt: 1, startedAt: 2 }),
        update('succeeded', { result }),
        NOW,
      ).next,
    ).toEqual(
      state({
        status: 'succeeded',
        deliveredAt: 1,
        startedAt: 2,
        finishedAt: NOW,
        resultJson: JSON.stringify(result),
      }),
    );
  });

  it('a refused action goes from queued straight to failed, never started', () => {
    expect(applyUpdate(state({}), update('failed'), NOW).next).toEqual(
      state({ status: 'failed', deliveredAt: NOW, finishedAt: NOW }),
    );
  });

  it.each([
    [
      'delivered after running',
      state({ status: 'running', stage: 'scheduled' }),
      update('delivered'),
    ],
    ['delivered again', state({ status: 'delivered', deliveredAt: 1 }), update('delivered')],
    ['failed after succeeded', state({ status: 'succeeded', stage: 'shown' }), update('failed')],
    ['running after expired', state({ status: 'expired' }), update('running', { stage: 'shown' })],
    [
      'cancelled again after the agent confirmed',
      state({ status: 'cancelled', deliveredAt: 1, stage: 'stopped' }),
      update('cancelled', { stage: 'stopped' }),
    ],
    [
      'succeeded with the same stage',
      state({ status: 'succeeded', stage: 'shown' }),
      update('succeeded', { stage: 'shown' }),
    ],
  ])('changes nothing for %s', (_what, from, change) => {
    expect(applyUpdate(from, change, NOW).next).toBeNull();
  });

  it('moves the stage on within a status (a snooze, a message read)', () => {
    expect(
      applyUpdate(
        state({ status: 'running', stage: 'scheduled' }),
        update('running', { stage: 'snoozed' }),
        NOW,
      ).next,
    ).toMatchObject({ status: 'running', stage: 'snoozed' });
    expect(
      applyUpdate(
        state({ status: 'succeeded', stage: 'shown', finishedAt: 3 }),
        update('succeeded', { stage: 'read' }),
        NOW,
      ).next,
    ).toMatchObject({ status: 'succeeded', stage: 'read', finishedAt: 3 });
  });

  it('a cancelled action stays cancelled; work on it asks for the cancel again', () => {
    const cancelled = state({ status: 'cancelled', finishedAt: 2 });
    expect(applyUpdate(cancelled, update('running', { stage: 'scheduled' }), NOW)).toEqual({
      next: { ...cancelled, deliveredAt: NOW },
      isCancelNeeded: true,
    });
    expect(applyUpdate(cancelled, update('succeeded'), NOW)).toEqual({
      next: null,
      isCancelNeeded: false,
    });
  });

  it("keeps the agent's confirmation that it stopped a cancelled action as its stage", () => {
    const cancelled = state({ status: 'cancelled', deliveredAt: 1, finishedAt: 2 });
    expect(applyUpdate(cancelled, update('cancelled', { stage: 'stopped' }), NOW)).toEqual({
      next: { ...cancelled, stage: 'stopped' },
      isCancelNeeded: false,
    });
  });
});
