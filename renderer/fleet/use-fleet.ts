import { useCallback, useEffect, useState } from 'preact/hooks';
import type { MachineSummary } from '../../src/shared/fleet-api.js';
import type { ApiError } from '../ui/api-client.js';
import type { EventSourceLike } from '../ui/live-status.js';
import { createActionFeed } from './actions/action-feed.js';
import type { ActionFeed } from './actions/action-feed.js';
import type { FleetClient } from './fleet-client.js';
import { createChangeJournal, dropMachines, mergeMachines } from './machine-merge.js';
import { followMachines } from './machine-stream.js';
import type { StreamMode } from './machine-stream.js';
import { clockOffset } from './relative-time.js';

export interface FleetState {
  machines: readonly MachineSummary[] | null;
  error: ApiError | null;
  /** Server clock minus this browser's, ms. */
  offsetMs: number;
  mode: StreamMode;
  reload: () => void;
  /** Applies a change this page made itself (tags saved, machine removed) without waiting. */
  applyLocal: (change: { changed?: MachineSummary[]; removed?: string[] }) => void;
  /** Action changes from the same live stream, for the histories on screen. */
  actionFeed: ActionFeed;
}

/** The org's machines: loaded once, then kept current from the live stream. */
export function useFleet(
  client: FleetClient,
  orgId: string | null,
  createEventSource: ((url: string) => EventSourceLike) | undefined,
): FleetState {
  const [machines, setMachines] = useState<readonly MachineSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [offsetMs, setOffsetMs] = useState(0);
  const [mode, setMode] = useState<StreamMode>('connecting');
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const [journal] = useState(createChangeJournal);
  const [actionFeed] = useState(createActionFeed);

  useEffect(() => setMachines(null), [orgId]);

  useEffect(() => {
    if (orgId === null) return;
    let isCurrent = true;
    const askedAt = journal.position;
    void client.machines().then((result) => {
      if (!isCurrent) return;
      if (result.ok) {
        setMachines(journal.overlay(result.value.machines, askedAt));
        setOffsetMs(clockOffset(result.value.serverTime, Date.now()));
        setError(null);
      } else {
        setError(result.error);
      }
    });
    return () => {
      isCurrent = false;
    };
  }, [client, orgId, generation]);

  useEffect(() => {
    if (orgId === null || createEventSource === undefined) return;
    return followMachines(
      {
        createEventSource,
        setTimer: (run, ms) => setTimeout(run, ms),
        clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
        random: Math.random,
      },
      {
        onChanged: (changed) => {
          journal.record({ changed });
          setMachines((current) => current && mergeMachines(current, changed));
        },
        onRemoved: (ids) => {
          journal.record({ removed: ids });
          setMachines((current) => current && dropMachines(current, ids));
        },
        onActions: (actions) => actionFeed.publish(actions),
        onResync: () => {
          reload();
          actionFeed.resync();
        },
        onMode: setMode,
      },
    );
  }, [orgId, createEventSource, reload]);

  const applyLocal = useCallback((change: { changed?: MachineSummary[]; removed?: string[] }) => {
    journal.record(change);
    setMachines((current) => {
      if (current === null) return current;
      const merged = mergeMachines(current, change.changed ?? []);
      return dropMachines(merged, change.removed ?? []);
    });
  }, []);

  return { machines, error, offsetMs, mode, reload, applyLocal, actionFeed };
}

/** The current time, refreshed every `intervalMs`, so "2 min ago" keeps ticking. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
