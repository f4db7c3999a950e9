import type { HealthReason, HealthReport, HealthStatus } from '../../shared/health.js';
import type { Sample } from '../../shared/sample.js';
import { judge } from './rules.js';
import type { HealthThresholds } from './thresholds.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';
import { DAY_MS, MINUTE_MS } from '../../shared/time.js';

export interface HealthInput {
  /** The latest sample. */
  sample: Sample;
  /** CPU utilisation over the last `cpuWindowMinutes`, oldest first, with the latest sample's. */
  cpuWindow: ReadonlyArray<{ ts: number; value: number }>;
  /** Epoch ms of the judgement. */
  now: number;
}

/** Old reboots and worn batteries annoy, but matter less than a full disk. */
const MINOR_WEIGHT = 0.5;

const round = (value: number): number => Math.round(value);

function average(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Pure: a score 0–100, a status and the reasons behind them. */
export function evaluateHealth(
  input: HealthInput,
  thresholds: HealthThresholds = DEFAULT_THRESHOLDS,
): HealthReport {
  const { sample, cpuWindow, now } = input;
  const reasons: Array<HealthReason | undefined> = [];

  // "Sustained" needs history: a PC busy in its first seconds after boot is not yet a problem,
  // so CPU is judged once the values span at least half the window, and the reason names the
  // span they really cover.
  const coveredMs = cpuWindow.length > 0 ? now - (cpuWindow[0]?.ts ?? now) : 0;
  const windowMs = thresholds.cpuWindowMinutes * MINUTE_MS;
  if (cpuWindow.length >= thresholds.cpuMinSamples && coveredMs >= windowMs / 2) {
    const sustained = average(cpuWindow.map((point) => point.value));
    reasons.push(
      judge(sustained, thresholds.cpuPercent, 'health.cpuSustained', {
        percent: round(sustained),
        minutes: Math.max(1, Math.round(coveredMs / MINUTE_MS)),
      }),
    );
  }
  if (sample.memory) {
    const percent = sample.memory.usedPercent;
    reasons.push(
      judge(percent, thresholds.memoryPercent, 'health.memoryPressure', {
        percent: round(percent),
      }),
    );
  }
  for (const volume of sample.disks?.volumes ?? []) {
    reasons.push(
      judge(volume.usedPercent, thresholds.diskPercent, 'health.diskFull', {
        volume: volume.mount,
        percent: round(volume.usedPercent),
      }),
    );
  }
  if (sample.temperature) {
    const celsius = sample.temperature.cpuCelsius;
    reasons.push(
      judge(celsius, thresholds.cpuCelsius, 'health.cpuHot', { celsius: round(celsius) }),
    );
  }
  if (sample.system) {
    const days = Math.floor((now - sample.system.bootTime) / DAY_MS);
    reasons.push(
      judge(days, thresholds.daysSinceReboot, 'health.rebootDue', { days }, MINOR_WEIGHT),
    );
  }
  if (sample.battery?.wearPercent !== undefined) {
    const wear = sample.battery.wearPercent;
    reasons.push(
      judge(
        wear,
        thresholds.batteryWearPercent,
        'health.batteryWorn',
        { percent: round(wear) },
        MINOR_WEIGHT,
      ),
    );
  }

  const found = reasons.filter((r): r is HealthReason => r !== undefined);
  found.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || b.penalty - a.penalty,
  );
  const penalty = found.reduce((sum, r) => sum + r.penalty, 0);
  return {
    score: Math.max(0, 100 - penalty),
    status: worstStatus(found),
    reasons: found,
    evaluatedAt: now,
  };
}

function severityRank(status: HealthStatus): number {
  return status === 'critical' ? 2 : status === 'warn' ? 1 : 0;
}

function worstStatus(reasons: readonly HealthReason[]): HealthStatus {
  if (reasons.some((r) => r.severity === 'critical')) return 'critical';
  return reasons.length > 0 ? 'warn' : 'ok';
}
