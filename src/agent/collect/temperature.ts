import si from 'systeminformation';
import type { Systeminformation } from 'systeminformation';
import type { TemperatureStats } from '../../shared/sample.js';
import { finite, round } from './numbers.js';
import { createPeriodicValue } from './periodic.js';

/**
 * The main CPU temperature, or undefined where the platform exposes none: systeminformation
 * returns null on most virtual machines and -1 on Windows without the right WMI class.
 */
export function mapCpuTemperature(
  temperature: Systeminformation.CpuTemperatureData,
): TemperatureStats | undefined {
  const main = finite(temperature.main);
  // A running CPU is never at or below 0 °C in an office, and above 150 °C it would have shut
  // down: such values are "unknown" codes or sensor errors, not readings.
  if (main === undefined || main <= 0 || main >= 150) return undefined;
  return { cpuCelsius: round(main, 1) };
}

/**
 * Reading spawns shells on Linux and PowerShell on Windows, so a reading serves the samples of
 * the next 30 s: CPU temperature matters as a trend, not to the second.
 */
export const READ_EVERY_MS = 30_000;
/** Where there is no sensor, probing again every cycle would pay that price for nothing. */
export const PROBE_UNAVAILABLE_EVERY_MS = 10 * 60_000;

export function createTemperatureReader(): () => Promise<TemperatureStats | undefined> {
  const temperature = createPeriodicValue<TemperatureStats | undefined>({
    read: async () => mapCpuTemperature(await si.cpuTemperature()),
    ttlMs: (value) => (value === undefined ? PROBE_UNAVAILABLE_EVERY_MS : READ_EVERY_MS),
  });
  return () => temperature.get();
}
