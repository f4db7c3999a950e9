import { LOCAL_API } from '../../src/shared/local-api.js';
import type { StatusResponse } from '../../src/shared/local-api.js';
import type { ApiClient } from './api-client.js';

export type LiveMode = 'connecting' | 'live' | 'polling';

/** The part of the browser's EventSource this uses (a seam for tests). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

/** EventSource.CLOSED: the browser gave up reconnecting. */
const CLOSED = 2;

export interface LiveStatusDeps {
  client: Pick<ApiClient, 'status'>;
  /** The browser's EventSource, or undefined where there is none. */
  createEventSource: ((url: string) => EventSourceLike) | undefined;
  /** Polling period when the event stream is unavailable, ms. */
  pollIntervalMs: () => number;
}

export interface LiveStatusHandlers {
  onStatus: (status: StatusResponse) => void;
  onMode: (mode: LiveMode) => void;
  /**
   * Other named events of the same stream (`actions`, ...), their JSON data parsed; a malformed
   * one is skipped. While polling they do not arrive: the page polls their routes itself.
   */
  events?: Readonly<Record<string, (payload: unknown) => void>>;
}

/**
 * Follows the agent's status: `status` events from api/events while the stream works, polling
 * api/status every sampling interval once it fails. Returns the function that stops it.
 */
export function followStatus(deps: LiveStatusDeps, handlers: LiveStatusHandlers): () => void {
  let isStopped = false;
  let source: EventSourceLike | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const poll = async (): Promise<void> => {
    if (isStopped) return;
    const result = await deps.client.status();
    if (isStopped) return;
    if (result.ok) handlers.onStatus(result.value);
    timer = setTimeout(() => void poll(), deps.pollIntervalMs());
  };

  const startPolling = (): void => {
    source?.close();
    source = undefined;
    handlers.onMode('polling');
    void poll();
  };

  if (deps.createEventSource === undefined) {
    startPolling();
  } else {
    handlers.onMode('connecting');
    source = deps.createEventSource(LOCAL_API.events);
    source.addEventListener('open', () => handlers.onMode('live'));
    source.addEventListener('status', (event) => {
      try {
        handlers.onStatus(JSON.parse(String(event.data)) as StatusResponse);
        handlers.onMode('live');
      } catch {
        // A malformed event is skipped; the next cycle sends a fresh one.
      }
    });
    for (const [type, onEvent] of Object.entries(handlers.events ?? {})) {
      source.addEventListener(type, (event) => {
        let payload: unknown;
        try {
          payload = JSON.parse(String(event.data));
        } catch {
          return;
        }
        onEvent(payload);
      });
    }
    source.addEventListener('error', () => {
      // EventSource retries by itself while CONNECTING; CLOSED means it gave up.
      if (source?.readyState === CLOSED) startPolling();
    });
  }

  return () => {
    isStopped = true;
    source?.close();
    if (timer !== undefined) clearTimeout(timer);
  };
}
