import { describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../../src/shared/local-api.js';
import { followStatus, type EventSourceLike } from '../../../renderer/ui/live-status.js';

/** An event source the test drives by hand. */
class HandSource implements EventSourceLike {
  readyState = 0;
  private readonly listeners = new Map<string, Array<(event: { data?: unknown }) => void>>();
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
  close(): void {
    this.readyState = 2;
  }
}

describe('followStatus with the actions event', () => {
  it('passes parsed `actions` events on the same stream and skips malformed ones', () => {
    const source = new HandSource();
    const statuses: StatusResponse[] = [];
    const payloads: unknown[] = [];
    const stop = followStatus(
      {
        client: { status: () => Promise.reject(new Error('must not poll')) },
        createEventSource: () => source,
        pollIntervalMs: () => 1000,
      },
      {
        onStatus: (status) => statuses.push(status),
        onMode: () => undefined,
        events: { actions: (payload) => payloads.push(payload) },
      },
    );

    source.emit('actions', JSON.stringify({ unread: 2 }));
    source.emit('actions', '{broken');
    source.emit('actions', JSON.stringify({ unread: 0 }));

    expect(payloads).toEqual([{ unread: 2 }, { unread: 0 }]);
    expect(statuses).toEqual([]);
    stop();
  });
});
