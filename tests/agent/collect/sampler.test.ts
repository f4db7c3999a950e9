import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createSampler } from '../../../src/agent/collect/sampler.js';

/** A cycle that takes `ms` and records how many cycles ran at the same time. */
function slowTask(ms: number) {
  const state = { started: 0, finished: 0, running: 0, maxRunning: 0 };
  const run = async (): Promise<void> => {
    state.started += 1;
    state.running += 1;
    state.maxRunning = Math.max(state.maxRunning, state.running);
    await delay(ms);
    state.running -= 1;
    state.finished += 1;
  };
  return { state, run };
}

describe('createSampler', () => {
  it('never runs two cycles at once when a cycle is slower than the interval', async () => {
    const task = slowTask(30);
    const sampler = createSampler({ intervalMs: 5, run: task.run });
    sampler.start();
    await delay(200);
    await sampler.stop();
    expect(task.state.started).toBeGreaterThanOrEqual(3);
    expect(task.state.maxRunning).toBe(1);
  });

  it('waits for the interval between quick cycles instead of spinning', async () => {
    const task = slowTask(0);
    const sampler = createSampler({ intervalMs: 50, run: task.run });
    sampler.start();
    await delay(175);
    await sampler.stop();
    // t = 0, 50, 100, 150: four cycles, give or take one for timer drift; a sampler that
    // ignored the interval would have run hundreds.
    expect(task.state.started).toBeGreaterThanOrEqual(3);
    expect(task.state.started).toBeLessThanOrEqual(5);
  });

  it('stop() waits for the cycle in progress and starts no other', async () => {
    const task = slowTask(80);
    const sampler = createSampler({ intervalMs: 1, run: task.run });
    sampler.start();
    await delay(20);
    expect(task.state.running).toBe(1);
    await sampler.stop();
    expect(task.state.running).toBe(0);
    expect(task.state.finished).toBe(task.state.started);
    const startedAtStop = task.state.started;
    await delay(120);
    expect(task.state.started).toBe(startedAtStop);
  });

  it('carries on after a cycle that throws, and reports it', async () => {
    const errors: unknown[] = [];
    let cycles = 0;
    const sampler = createSampler({
      intervalMs: 5,
      run: async () => {
        cycles += 1;
        if (cycles === 1) throw new Error('disk read failed');
      },
      onError: (error) => errors.push(error),
    });
    sampler.start();
    await delay(60);
    await sampler.stop();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('disk read failed');
    expect(cycles).toBeGreaterThan(1);
  });

  it('does not run a second loop when started twice, or restarted before a cycle ends', async () => {
    const task = slowTask(40);
    const sampler = createSampler({ intervalMs: 1, run: task.run });
    sampler.start();
    sampler.start();
    await delay(10);
    void sampler.stop();
    sampler.start();
    await delay(150);
    await sampler.stop();
    expect(task.state.maxRunning).toBe(1);
    expect(task.state.started).toBeGreaterThanOrEqual(2);
  });
});
