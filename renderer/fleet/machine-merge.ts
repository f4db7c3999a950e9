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
