import type { ActionView } from '../../../src/shared/actions-api.js';
import type { ActionStatus } from '../../../src/shared/protocol/action-constants.js';

/** How far along each status is; a finished action never goes back to an unfinished one. */
const PROGRESS: Record<ActionStatus, number> = {
  queued: 0,
  delivered: 1,
  running: 2,
  succeeded: 3,
  failed: 3,
  expired: 3,
  cancelled: 3,
};

/**
 * Whether `incoming` may replace `current`. The server moves statuses forward only, so a view
 * further behind is an older copy (a list answer that crossed a live event). At the same
 * step the later arrival wins: a message goes from succeeded/`shown` to succeeded/`read`.
 */
export function isNotBehind(incoming: ActionView, current: ActionView): boolean {
  return PROGRESS[incoming.status] >= PROGRESS[current.status];
}

/** Newest first; the id breaks ties so the order never flickers. */
export function compareNewestFirst(a: ActionView, b: ActionView): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export interface MergeOptions {
  /** Whether an action not on screen yet belongs in this list (its filter). */
  accepts: (action: ActionView) => boolean;
  /** True when every page is loaded: an unknown action of any age then belongs here. */
  isComplete: boolean;
}

/**
 * Live changes into a loaded list: known actions are replaced in place (unless the change is
 * behind), unknown ones are added when the filter accepts them and they are not older than
 * the oldest loaded one (older ones belong to a page not loaded yet). Returns the same array
 * when nothing changed.
 */
export function mergeActions(
  current: readonly ActionView[],
  changed: readonly ActionView[],
  options: MergeOptions,
): readonly ActionView[] {
  if (changed.length === 0) return current;
  const byId = new Map(changed.map((action) => [action.id, action]));
  let isChanged = false;
  const next = current.map((action) => {
    const update = byId.get(action.id);
    if (update === undefined) return action;
    byId.delete(action.id);
    if (update === action || !isNotBehind(update, action)) return action;
    isChanged = true;
    return update;
  });
  const oldest = current.at(-1)?.createdAt ?? Number.NEGATIVE_INFINITY;
  const added = [...byId.values()].filter(
    (action) => options.accepts(action) && (options.isComplete || action.createdAt >= oldest),
  );
  if (added.length === 0) return isChanged ? next : current;
  return [...next, ...added].sort(compareNewestFirst);
}

/** Appends an older page; an action already on screen keeps its (live) copy. */
export function appendPage(
  current: readonly ActionView[],
  page: readonly ActionView[],
): readonly ActionView[] {
  const known = new Set(current.map((action) => action.id));
  const fresh = page.filter((action) => !known.has(action.id));
  return fresh.length === 0 ? current : [...current, ...fresh];
}

/**
 * Live changes seen while a page was on its way. An answer asked for before a change and
 * answered after it would put the old state back, and nothing would announce the change again:
 * each change is numbered, and an answer is overlaid with the changes numbered after its request.
 * A change that arrives before any list at all is kept the same way.
 */
export interface ActionJournal {
  /** Number of the latest change; a request remembers it. */
  readonly position: number;
  record(actions: readonly ActionView[]): void;
  /** The changes recorded after `since`, latest copy per action; forgets older ones. */
  since(since: number): ActionView[];
}

export function createActionJournal(): ActionJournal {
  let position = 0;
  const latest = new Map<string, { at: number; action: ActionView }>();
  return {
    get position() {
      return position;
    },
    record(actions) {
      if (actions.length === 0) return;
      position += 1;
      for (const action of actions) latest.set(action.id, { at: position, action });
    },
    since(since) {
      const changes: ActionView[] = [];
      for (const [id, entry] of latest) {
        if (entry.at <= since) latest.delete(id);
        else changes.push(entry.action);
      }
      return changes;
    },
  };
}
