import { describe, expect, it } from 'vitest';
import { backoffMs, followMachines } from '../../../renderer/fleet/machine-stream.js';
import type { StreamMode } from '../../../renderer/fleet/machine-stream.js';
import type { EventSourceLike } from '../../../renderer/ui/live-status.js';
import { machine } from './machine-fixtures.js';

/** An event source the test drives by hand: what a browser's would deliver, in order. */
class ScriptedSource implements EventSourceLike {
  readyState = 0;
  isClosed = false;
  private listeners = new Map<string, Array<(event: { data?: unknown }) => void>>();
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
  close(): void {
    this.isClosed = true;
  }
}

function harness() {
  const sources: ScriptedSource[] = [];
  const timers: Array<{ run: () => void; ms: number }> = [];
  const seen = {
    changed: [] as string[],
    removed: [] as string[],
    resyncs: 0,
    modes: [] as StreamMode[],
  };
  const stop = followMachines(
    {
      createEventSource: () => {
        const source = new ScriptedSource();
        sources.push(source);
        return source;
      },
      setTimer: (run, ms) => timers.push({ run, ms }),
      clearTimer: () => undefined,
      random: () => 0.5,
    },
    {
      onChanged: (machines) => seen.changed.push(...machines.map((m) => m.id)),
      onRemoved: (ids) => seen.removed.push(...ids),
      onResync: () => (seen.resyncs += 1),
      onMode: (mode) => seen.modes.push(mode),
    },
  );
  return { sources, timers, seen, stop };
}

describe('the live machine stream', () => {
  it('passes machines and removals on, and skips malformed events', () => {
    const { sources, seen } = harness();
    sources[0]?.emit('open');
    sources[0]?.emit('machines', JSON.stringify({ machines: [machine({ id: 'a' })] }));
    sources[0]?.emit('machines', '{not json');
    sources[0]?.emit('removed', JSON.stringify({ ids: ['b'] }));
    expect(seen.changed).toEqual(['a']);
    expect(seen.removed).toEqual(['b']);
    expect(seen.modes).toEqual(['connecting', 'live']);
    expect(seen.resyncs).toBe(0);
  });

  it('reconnects after a break with growing delays, and resyncs once back', () => {
    const { sources, timers, seen } = harness();
    sources[0]?.emit('error');
    expect(sources[0]?.isClosed).toBe(true);
    timers[0]?.run();
    sources[1]?.emit('error');
    timers[1]?.run();
    expect(timers.map((timer) => timer.ms)).toEqual([backoffMs(0, 0.5), backoffMs(1, 0.5)]);
    expect(timers[1]!.ms).toBeGreaterThan(timers[0]!.ms);
    sources[2]?.emit('open');
    expect(seen.resyncs).toBe(1);
    expect(seen.modes.at(-1)).toBe('live');
  });

  it('caps the backoff and stops for good when asked', () => {
    expect(backoffMs(30, 0.999)).toBeLessThanOrEqual(30_000);
    expect(backoffMs(0, 0)).toBeGreaterThan(0);
    const { sources, timers, stop } = harness();
    stop();
    expect(sources[0]?.isClosed).toBe(true);
    sources[0]?.emit('error');
    expect(timers).toEqual([]);
  });
});
