import { describe, expect, it } from 'vitest';
import { followMachines } from '../../../renderer/fleet/machine-stream.js';
import type { EventSourceLike } from '../../../renderer/ui/live-status.js';
import { action } from './actions-fixtures.js';

class ScriptedSource implements EventSourceLike {
  readyState = 0;
  private listeners = new Map<string, Array<(event: { data?: unknown }) => void>>();
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
  close(): void {}
}

describe('action events on the live stream', () => {
  it('hands `actions` events on, and ignores malformed ones', () => {
    const source = new ScriptedSource();
    const seen: string[] = [];
    const stop = followMachines(
      {
        createEventSource: () => source,
        setTimer: () => 0,
        clearTimer: () => undefined,
        random: () => 0.5,
      },
      {
        onChanged: () => undefined,
        onRemoved: () => undefined,
        onActions: (actions) => seen.push(...actions.map((a) => `${a.id}:${a.status}`)),
        onResync: () => undefined,
        onMode: () => undefined,
      },
    );
    source.emit('actions', JSON.stringify({ actions: [action({ id: 'a', status: 'delivered' })] }));
    source.emit('actions', 'not json');
    source.emit('actions', JSON.stringify({ actions: 'nope' }));
    source.emit('actions', JSON.stringify({ actions: [action({ id: 'a', status: 'cancelled' })] }));
    stop();
    expect(seen).toEqual(['a:delivered', 'a:cancelled']);
  });
});
