import type { ActionView } from '../../src/shared/actions-api.js';
import type { MachineSummary } from '../../src/shared/fleet-api.js';

/** What a connection receives: an SSE event name and its JSON data. */
export type LiveEvent =
  | { event: 'machines'; data: { machines: MachineSummary[] } }
  | { event: 'removed'; data: { ids: string[] } }
  | { event: 'actions'; data: { actions: ActionView[] } };

/** Most actions in one `actions` event: a broadcast to 10,000 machines arrives in pieces. */
const ACTIONS_PER_EVENT = 1_000;

export type LiveListener = (event: LiveEvent) => void;

export interface LiveHubDeps {
  /** Current summaries of some machines of an org (unknown ids left out). */
  loadSummaries(orgId: string, ids: readonly string[]): Promise<MachineSummary[]>;
  /** Current views of some actions of an org (unknown ids left out). */
  loadActions?(orgId: string, ids: readonly string[]): Promise<ActionView[]>;
  /** Machines whose status may have changed since the previous tick, by org (the sweep). */
  sweep?(orgIds: readonly string[]): Promise<Array<{ orgId: string; machineId: string }>>;
  onError(error: unknown): void;
}

export interface LiveHub {
  /** These machines changed (a report, tags, an enrolment): tell the org's listeners. */
  changed(orgId: string, machineIds: Iterable<string>): void;
  removed(orgId: string, machineIds: readonly string[]): void;
  /** These actions changed (created, delivered, progress, finished, expired, cancelled). */
  actionsChanged(orgId: string, actionIds: Iterable<string>): void;
  /** Listen to one org; returns the function that stops listening. */
  subscribe(orgId: string, listener: LiveListener): () => void;
  /**
   * Sends what piled up since the last tick: at most one `machines` event per listener, and
   * the changed actions' current state in `actions` events.
   */
  tick(): Promise<void>;
  readonly listenerCount: number;
}

interface OrgState {
  listeners: Set<LiveListener>;
  changed: Set<string>;
  removed: Set<string>;
  changedActions: Set<string>;
}

/**
 * The in-process hub of the live stream (design §9: one process, one hub). Changes are
 * gathered per org and sent on the next tick, so a machine reporting every second or a
 * thousand machines reporting at once cost each open page one event a second, not one per
 * report. Changes in an org nobody watches are not even kept.
 */
export function createLiveHub(deps: LiveHubDeps): LiveHub {
  const orgs = new Map<string, OrgState>();
  let listenerCount = 0;
  let ticking: Promise<void> | null = null;

  function send(state: OrgState, event: LiveEvent): void {
    for (const listener of state.listeners) {
      try {
        listener(event);
      } catch (error) {
        deps.onError(error);
      }
    }
  }

  async function runTick(): Promise<void> {
    if (deps.sweep && orgs.size > 0) {
      for (const { orgId, machineId } of await deps.sweep([...orgs.keys()])) {
        orgs.get(orgId)?.changed.add(machineId);
      }
    }
    for (const [orgId, state] of orgs) {
      if (state.removed.size > 0) {
        const ids = [...state.removed];
        state.removed.clear();
        send(state, { event: 'removed', data: { ids } });
      }
      if (state.changed.size === 0) continue;
      const ids = [...state.changed];
      state.changed.clear();
      const machines = await deps.loadSummaries(orgId, ids);
      if (machines.length > 0) send(state, { event: 'machines', data: { machines } });
    }
    if (deps.loadActions) {
      for (const [orgId, state] of orgs) await sendActions(orgId, state, deps.loadActions);
    }
  }

  async function sendActions(
    orgId: string,
    state: OrgState,
    load: NonNullable<LiveHubDeps['loadActions']>,
  ): Promise<void> {
    if (state.changedActions.size === 0) return;
    const ids = [...state.changedActions];
    state.changedActions.clear();
    for (let i = 0; i < ids.length; i += ACTIONS_PER_EVENT) {
      const actions = await load(orgId, ids.slice(i, i + ACTIONS_PER_EVENT));
      if (actions.length > 0) send(state, { event: 'actions', data: { actions } });
    }
  }

  return {
    changed(orgId, machineIds) {
      const state = orgs.get(orgId);
      if (!state) return;
      for (const id of machineIds) {
        state.changed.add(id);
        state.removed.delete(id);
      }
    },
    removed(orgId, machineIds) {
      const state = orgs.get(orgId);
      if (!state) return;
      for (const id of machineIds) {
        state.removed.add(id);
        state.changed.delete(id);
      }
    },
    actionsChanged(orgId, actionIds) {
      const state = orgs.get(orgId);
      if (!state) return;
      for (const id of actionIds) state.changedActions.add(id);
    },
    subscribe(orgId, listener) {
      let state = orgs.get(orgId);
      if (!state) {
        state = {
          listeners: new Set(),
          changed: new Set(),
          removed: new Set(),
          changedActions: new Set(),
        };
        orgs.set(orgId, state);
      }
      state.listeners.add(listener);
      listenerCount += 1;
      let isSubscribed = true;
      return () => {
        if (!isSubscribed) return;
        isSubscribed = false;
        listenerCount -= 1;
        state.listeners.delete(listener);
        if (state.listeners.size === 0 && orgs.get(orgId) === state) orgs.delete(orgId);
      };
    },
    async tick() {
      if (ticking) return ticking;
      ticking = runTick()
        .catch((error: unknown) => deps.onError(error))
        .finally(() => (ticking = null));
      return ticking;
    },
    get listenerCount() {
      return listenerCount;
    },
  };
}
