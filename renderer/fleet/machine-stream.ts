import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { ActionView } from '../../src/shared/actions-api.js';
import type { MachineSummary } from '../../src/shared/fleet-api.js';
import type { EventSourceLike } from '../ui/live-status.js';

export type StreamMode = 'connecting' | 'live' | 'reconnecting';

export interface MachineStreamDeps {
  createEventSource: (url: string) => EventSourceLike;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
  /** 0 ≤ x < 1; jitter so a server restart does not get every page back at once. */
  random: () => number;
}

export interface MachineStreamHandlers {
  onChanged: (machines: MachineSummary[]) => void;
  onRemoved: (ids: string[]) => void;
  /** Actions whose status or stage changed, or that were just created. */
  onActions?: (actions: ActionView[]) => void;
  /** The stream (re)opened after a break: events may have been missed, reload the list. */
  onResync: () => void;
  onMode: (mode: StreamMode) => void;
}

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/** Exponential backoff with full jitter: attempt 0 → up to 1 s, then 2 s, 4 s … capped at 30 s. */
export function backoffMs(attempt: number, random: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

function parse<T>(data: unknown): T | null {
  try {
    return JSON.parse(String(data)) as T;
  } catch {
    return null;
  }
}

/**
 * Follows /api/v1/events. On any error the source is closed and opened again after a backoff
 * (the browser's own retry would hammer a server that answers 401 or 503); each reopening
 * after a break asks for a resync. Returns the function that stops it.
 */
export function followMachines(
  deps: MachineStreamDeps,
  handlers: MachineStreamHandlers,
): () => void {
  let source: EventSourceLike | undefined;
  let timer: unknown;
  let attempt = 0;
  let hasBroken = false;
  let isStopped = false;

  const open = (): void => {
    if (isStopped) return;
    handlers.onMode(hasBroken ? 'reconnecting' : 'connecting');
    const current = deps.createEventSource(FLEET_API.events);
    source = current;
    current.addEventListener('open', () => {
      if (source !== current) return;
      attempt = 0;
      handlers.onMode('live');
      if (hasBroken) handlers.onResync();
    });
    current.addEventListener('machines', (event) => {
      const body = parse<{ machines?: MachineSummary[] }>(event.data);
      if (body && Array.isArray(body.machines)) handlers.onChanged(body.machines);
    });
    current.addEventListener('removed', (event) => {
      const body = parse<{ ids?: string[] }>(event.data);
      if (body && Array.isArray(body.ids)) handlers.onRemoved(body.ids);
    });
    current.addEventListener('actions', (event) => {
      const body = parse<{ actions?: ActionView[] }>(event.data);
      if (body && Array.isArray(body.actions)) handlers.onActions?.(body.actions);
    });
    current.addEventListener('error', () => {
      if (source !== current || isStopped) return;
      current.close();
      source = undefined;
      hasBroken = true;
      handlers.onMode('reconnecting');
      timer = deps.setTimer(open, backoffMs(attempt, deps.random()));
      attempt += 1;
    });
  };

  open();
  return () => {
    isStopped = true;
    source?.close();
    if (timer !== undefined) deps.clearTimer(timer);
  };
}
