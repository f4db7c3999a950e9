import type { ActionTarget } from '../../../src/shared/actions-api.js';
import type { MachineSummary } from '../../../src/shared/fleet-api.js';

/** The machines of the loaded fleet an action would go to. */
export function targetMachines(
  target: ActionTarget,
  machines: readonly MachineSummary[],
): MachineSummary[] {
  if ('all' in target) return [...machines];
  if ('tag' in target) return machines.filter((machine) => machine.tags.includes(target.tag));
  const ids = new Set(target.machineIds);
  return machines.filter((machine) => ids.has(machine.id));
}

export interface TargetSummary {
  count: number;
  /** Hostnames of the machines that are offline now (they get it when they come back). */
  offline: string[];
  /** How many run something other than Windows (they refuse Windows-only maintenance). */
  notWindows: number;
}

/** What the confirmation says: how many machines, and which of them are offline. */
export function targetSummary(
  target: ActionTarget,
  machines: readonly MachineSummary[],
): TargetSummary {
  const chosen = targetMachines(target, machines);
  const offline = chosen
    .filter((machine) => machine.status === 'offline')
    .map((machine) => machine.hostname)
    .sort((a, b) => a.localeCompare(b));
  const notWindows = chosen.filter((machine) => machine.os.platform !== 'win32').length;
  return { count: chosen.length, offline, notWindows };
}
