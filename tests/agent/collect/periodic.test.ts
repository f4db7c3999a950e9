import { describe, expect, it } from 'vitest';
import { createPeriodicValue } from '../../../src/agent/collect/periodic.js';

function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('createPeriodicValue', () => {
  it('reads once per time to live', async () => {
    const clock = manualClock();
    let reads = 0;
    const value = createPeriodicValue({ read: async () => ++reads, ttlMs: 1_000, now: clock.now });
    expect(await value.get()).toBe(1);
    clock.advance(999);
    expect(await value.get()).toBe(1);
    clock.advance(1);
    expect(await value.get()).toBe(2);
  });

  it('lets the value choose its time to live', async () => {
    const clock = manualClock();
    const answers = [undefined, 42];
    let reads = 0;
    const value = createPeriodicValue<number | undefined>({
      read: async () => answers[reads++],
      ttlMs: (v) => (v === undefined ? 10_000 : 100),
      now: clock.now,
    });
    expect(await value.get()).toBeUndefined();
    clock.advance(5_000);
    expect(await value.get()).toBeUndefined();
    expect(reads).toBe(1);
    clock.advance(5_000);
    expect(await value.get()).toBe(42);
  });

  it('remembers a failure until the retry delay has passed', async () => {
    const clock = manualClock();
    let reads = 0;
    const value = createPeriodicValue({
      read: async () => {
        reads += 1;
        if (reads === 1) throw new Error('who: not found');
        return reads;
      },
      ttlMs: 60_000,
      retryMs: 500,
      now: clock.now,
    });
    await expect(value.get()).rejects.toThrow('who: not found');
    await expect(value.get()).rejects.toThrow('who: not found');
    expect(reads).toBe(1);
    clock.advance(500);
    expect(await value.get()).toBe(2);
  });

  it('shares one read between callers that arrive while it runs', async () => {
    let reads = 0;
    const value = createPeriodicValue({
      read: () => new Promise<number>((resolve) => setTimeout(() => resolve(++reads), 20)),
      ttlMs: 0,
    });
    const results = await Promise.all([value.get(), value.get(), value.get()]);
    expect(results).toEqual([1, 1, 1]);
    expect(reads).toBe(1);
  });
});
