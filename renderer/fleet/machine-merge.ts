import type { MachineSummary } from '../../src/shared/fleet-api.js';

/**
 * A live `machines` event carries only the machines that changed: replace those, add the new
 * ones, keep everyone else as is. Returns the same array when nothing changed.
 */
export function mergeMachines(
  current: readonly MachineSummary[],
  changed: readonly MachineSummary[],
): readonly MachineSummary[] {
  if (changed.length === 0) return current;
  const byId = new Map(changed.map((machine) => [machine.id, machine]));
  const next = current.map((machine) => {
    const update = byId.get(machine.id);
    if (update === undefined) return machine;
    byId.delete(machine.id);
    return update;
  });
  return byId.size === 0 ? next : [...next, ...byId.values()];
}

/** A live `removed` event: drop those ids. */
export function dropMachines(
  current: readonly MachineSummary[],
  ids: readonly string[],
): readonly MachineSummary[] {
  if (ids.length === 0) return current;
  const gone = new Set(ids);
  const next = current.filter((machine) => !gone.has(machine.id));
  return next.length === current.length ? current : next;
}

/**
 * Changes seen while a full list was on its way. A list asked for before a change and answered
 * after it would otherwise put the old state back (tags just saved, a machine just removed),
 * and nothing would announce the change again. Each change is numbered; a list answer is
 * overlaid with the changes numbered after its request.
 */
export interface ChangeJournal {
  /** Number of the latest change; a list request remembers it. */
  readonly position: number;
  record(change: { changed?: readonly MachineSummary[]; removed?: readonly string[] }): void;
  /** The list as answered, with every change since `since` applied; forgets what it no longer needs. */
  overlay(list: readonly MachineSummary[], since: number): readonly MachineSummary[];
}

export function createChangeJournal(): ChangeJournal {
  let position = 0;
  /** id -> the latest change of that machine: its summary, or null once removed. */
  const latest = new Map<string, { at: number; machine: MachineSummary | null }>();
  return {
    get position() {
      return position;
    },
    record(change) {
      position += 1;
      for (const machine of change.changed ?? []) latest.set(machine.id, { at: position, machine });
      for (const id of change.removed ?? []) latest.set(id, { at: position, machine: null });
    },
    overlay(list, since) {
      const changed: MachineSummary[] = [];
      const removed: string[] = [];
      for (const [id, entry] of latest) {
        if (entry.at <= since) {
          latest.delete(id);
          continue;
        }
        if (entry.machine) changed.push(entry.machine);
        else removed.push(id);
      }
      return dropMachines(mergeMachines(list, changed), removed);
    },
  };
}
