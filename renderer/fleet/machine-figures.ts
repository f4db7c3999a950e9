import type { MachineSummary } from '../../src/shared/fleet-api.js';
import { formatPercent } from '../../src/shared/format.js';

/** A machine's last figures as the table and the machine page show them; "–" before any. */
export function machineFigures(
  machine: MachineSummary,
  locale: string,
): { cpu: string; memory: string; disk: string } {
  const percent = (value: number | null): string =>
    value === null ? '–' : formatPercent(value, locale);
  const disk = machine.fullestDisk;
  return {
    cpu: percent(machine.cpuPercent),
    memory: percent(machine.memoryPercent),
    disk: disk === null ? '–' : `${percent(disk.usedPercent)} ${disk.mount}`,
  };
}
