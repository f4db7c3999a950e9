import { describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../src/shared/local-api.js';
import {
  followStatus,
  type EventSourceLike,
  type LiveMode,
} from '../../renderer/ui/live-status.js';

const status = (version: string): StatusResponse => ({
  sample: null,
  health: null,
  processes: null,
  outbox: { size: 0, dropped: 0 },
  agent: { version, intervalSeconds: 5, isPaused: false, startedAt: 0 },
});

/** An event source the test drives by hand. */
class HandSource implements EventSourceLike {
  readyState = 0;
  isClosed = false;
  private readonly listeners = new Map<string, Array<(event: { data?: unknown }) => void>>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
  close(): void {
    this.isClosed = true;
    this.readyState = 2;
  }
}

describe('followStatus', () => {
  it('passes on status events from api/events and skips malformed ones', () => {
    const sources: HandSource[] = [];
    const seen: string[] = [];
    const modes: LiveMode[] = [];
    const stop = followStatus(
      {
        client: { status: () => Promise.reject(new Error('must not poll')) },
        createEventSource: (url) => {
          const source = new HandSource(url);
          sources.push(source);
          return source;
        },
        pollIntervalMs: () => 1000,
      },
      { onStatus: (s) => seen.push(s.agent.version), onMode: (m) => modes.push(m) },
    );
    const source = sources[0]!;
    expect(source.url).toBe('api/events');
    source.emit('open');
    source.emit('status', JSON.stringify(status('1.0.0')));
    source.emit('status', '{not json');
    expect(seen).toEqual(['1.0.0']);
    expect(modes).toEqual(['connecting', 'live', 'live']);
    stop();
    expect(source.isClosed).toBe(true);
  });

  it('falls back to polling api/status once the stream gives up', async () => {
    let polls = 0;
    const seen: string[] = [];
    const modes: LiveMode[] = [];
    let source: HandSource | undefined;
    const stop = followStatus(
      {
        client: {
          status: () => {
            polls += 1;
            return Promise.resolve({ ok: true as const, value: status(`poll-${polls}`) });
          },
        },
        createEventSource: (url) => (source = new HandSource(url)),
        pollIntervalMs: () => 5,
      },
      { onStatus: (s) => seen.push(s.agent.version), onMode: (m) => modes.push(m) },
    );
    source!.readyState = 0;
    source!.emit('error');
    expect(modes).toEqual(['connecting']);
    source!.readyState = 2;
    source!.emit('error');
    await new Promise((resolve) => setTimeout(resolve, 40));
    stop();
    const pollsAtStop = polls;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(modes).toEqual(['connecting', 'polling']);
    expect(seen[0]).toBe('poll-1');
    expect(polls).toBeGreaterThan(1);
    expect(polls).toBe(pollsAtStop);
  });

  it('polls from the start where there is no EventSource', async () => {
    const modes: LiveMode[] = [];
    const stop = followStatus(
      {
        client: { status: () => Promise.resolve({ ok: true as const, value: status('x') }) },
        createEventSource: undefined,
        pollIntervalMs: () => 1000,
      },
      { onStatus: () => undefined, onMode: (m) => modes.push(m) },
    );
    stop();
    expect(modes).toEqual(['polling']);
  });
});
