import { describe, expect, it } from 'vitest';
import type { ActionsState } from '../../../src/shared/local-api.js';
import type { ApiError, Result } from '../../../renderer/ui/api-client.js';
import { createActionsFeed } from '../../../renderer/local/actions-feed.js';

const state = (unread: number): ActionsState => ({
  inbox: [],
  unread,
  pendingRestart: null,
  history: [],
});

/** Loads the test answers by hand, in any order. */
function handLoads() {
  const pending: Array<(result: Result<ActionsState>) => void> = [];
  return {
    load: () => new Promise<Result<ActionsState>>((resolve) => pending.push(resolve)),
    answer: (index: number, result: Result<ActionsState>) => pending[index]?.(result),
  };
}

const ok = (value: ActionsState): Result<ActionsState> => ({ ok: true, value });
const failure: ApiError = { code: 'E_NETWORK', message: 'offline', status: 0 };

function setup() {
  const loads = handLoads();
  const shown: number[] = [];
  const errors: string[] = [];
  const feed = createActionsFeed({
    load: loads.load,
    onState: (next) => shown.push(next.unread),
    onError: (error) => errors.push(error.code),
  });
  return { loads, shown, errors, feed };
}

describe('createActionsFeed', () => {
  it('shows what a load answers', async () => {
    const { loads, shown, feed } = setup();
    const done = feed.refresh();
    loads.answer(0, ok(state(3)));
    await done;
    expect(shown).toEqual([3]);
  });

  it('drops a load that answers after a newer live event', async () => {
    const { loads, shown, feed } = setup();
    const done = feed.refresh();
    feed.apply(state(1));
    loads.answer(0, ok(state(0)));
    await done;
    expect(shown).toEqual([1]);
  });

  it('drops an older load that answers after a newer one', async () => {
    const { loads, shown, feed } = setup();
    const first = feed.refresh();
    const second = feed.refresh();
    loads.answer(1, ok(state(2)));
    await second;
    loads.answer(0, ok(state(5)));
    await first;
    expect(shown).toEqual([2]);
  });

  it('always shows a state handed to it (a live event, a POST’s answer)', () => {
    const { shown, feed } = setup();
    feed.apply(state(4));
    feed.apply(state(3));
    expect(shown).toEqual([4, 3]);
  });

  it('reports a failed load, unless something newer is already shown', async () => {
    const { loads, errors, feed } = setup();
    const first = feed.refresh();
    loads.answer(0, { ok: false, error: failure });
    await first;
    const second = feed.refresh();
    feed.apply(state(0));
    loads.answer(1, { ok: false, error: failure });
    await second;
    expect(errors).toEqual(['E_NETWORK']);
  });
});
