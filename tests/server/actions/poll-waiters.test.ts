import { describe, expect, it } from 'vitest';
import { createPollWaiters } from '../../../server/actions/poll-waiters.js';

describe('poll waiters', () => {
  it('wakes every poll of the machine, only that machine', async () => {
    const polls = createPollWaiters();
    const first = polls.wait('m1', 60_000);
    const second = polls.wait('m1', 60_000);
    const other = polls.wait('m2', 60_000);
    expect(polls.size).toBe(3);
    polls.wake('m1');
    expect(await first.done).toBe('woken');
    expect(await second.done).toBe('woken');
    expect(polls.size).toBe(1);
    other.cancel();
    expect(await other.done).toBe('timeout');
    expect(polls.size).toBe(0);
  });

  it('times out, and answers at once when closing, also for polls that come after', async () => {
    const polls = createPollWaiters();
    expect(await polls.wait('m1', 10).done).toBe('timeout');
    const held = polls.wait('m1', 60_000);
    polls.closeAll();
    expect(await held.done).toBe('closing');
    expect(await polls.wait('m1', 60_000).done).toBe('closing');
    expect(polls.size).toBe(0);
  });
});
