/**
 * Where each input starts to count against a machine's health. Values at or above `warn` make a
 * warning, at or above `critical` a critical problem. The defaults follow what office PCs
 * tolerate in practice; the CPU and memory levels keep the old prototype's alert levels
 * (CPU 80 %, RAM 90 %) as the warning thresholds.
 */
export interface Band {
  warn: number;
  /** Absent: this input can only ever warn. */
  critical?: number;
}

export interface HealthThresholds {
  /** Average CPU utilisation over the window, percent. */
  cpuPercent: Band;
  /**
   * Minutes of CPU history averaged, so that one spike is not a problem. CPU is judged once
   * the history spans at least half of it.
   */
  cpuWindowMinutes: number;
  /** At least this many samples in the window before CPU is judged at all. */
  cpuMinSamples: number;
  memoryPercent: Band;
  diskPercent: Band;
  cpuCelsius: Band;
  daysSinceReboot: Band;
  batteryWearPercent: Band;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  cpuPercent: { warn: 80, critical: 95 },
  cpuWindowMinutes: 5,
  cpuMinSamples: 3,
  memoryPercent: { warn: 90, critical: 97 },
  diskPercent: { warn: 90, critical: 97 },
  cpuCelsius: { warn: 85, critical: 95 },
  daysSinceReboot: { warn: 14 },
  batteryWearPercent: { warn: 40, critical: 70 },
};

/** Settings may override any part of the defaults; bands are replaced whole. */
export type HealthThresholdOverrides = Partial<HealthThresholds>;

export function resolveThresholds(overrides: HealthThresholdOverrides = {}): HealthThresholds {
  return { ...DEFAULT_THRESHOLDS, ...overrides };
}
