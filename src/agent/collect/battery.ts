import si from 'systeminformation';
import type { Systeminformation } from 'systeminformation';
import type { BatteryStats } from '../../shared/sample.js';
import { clampPercent, finite, positive, round } from './numbers.js';
import { createPeriodicValue } from './periodic.js';

/**
 * The main battery, or undefined without one. systeminformation reports unknown cycle counts
 * and capacities as 0, so 0 means absent here.
 */
export function mapBattery(battery: Systeminformation.BatteryData): BatteryStats | undefined {
  const percent = finite(battery.percent);
  if (!battery.hasBattery || percent === undefined) return undefined;
  const stats: BatteryStats = { percent: clampPercent(percent), isCharging: battery.isCharging };
  const cycleCount = positive(battery.cycleCount);
  if (cycleCount !== undefined) stats.cycleCount = cycleCount;
  const full = positive(battery.maxCapacity);
  const design = positive(battery.designedCapacity);
  if (full !== undefined && design !== undefined) {
    // A new battery can hold a little more than its design capacity: that is no wear, not
    // negative wear.
    stats.wearPercent = round(Math.min(100, Math.max(0, 100 - (full / design) * 100)), 1);
  }
  return stats;
}

/** Battery charge moves slowly, and Windows reads it through PowerShell. */
export const BATTERY_TTL_MS = 60_000;
/** A desktop does not grow a battery; ask again rarely in case one was plugged in (UPS). */
export const NO_BATTERY_TTL_MS = 10 * 60_000;

export function createBatteryReader(): () => Promise<BatteryStats | undefined> {
  const battery = createPeriodicValue<BatteryStats | undefined>({
    read: async () => mapBattery(await si.battery()),
    ttlMs: (value) => (value === undefined ? NO_BATTERY_TTL_MS : BATTERY_TTL_MS),
  });
  return () => battery.get();
}
