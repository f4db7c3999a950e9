import type { HealthReason } from '../../shared/health.js';
import type { Band } from './thresholds.js';

/** Penalty at the warning threshold, rising linearly to WARN_MAX just below critical. */
const WARN_MIN = 10;
const WARN_MAX = 30;
/** Penalty of a critical problem: one alone leaves a score of 55. */
const CRITICAL = 45;

/**
 * Judges one value against its band. Returns a reason (with its penalty already scaled by the
 * input's weight) or undefined when the value is below the warning level.
 */
export function judge(
  value: number,
  band: Band,
  key: string,
  params: Record<string, string | number>,
  weight = 1,
): HealthReason | undefined {
  if (!Number.isFinite(value) || value < band.warn) return undefined;
  if (band.critical !== undefined && value >= band.critical) {
    return { key, params, severity: 'critical', penalty: Math.round(CRITICAL * weight) };
  }
  const span = band.critical === undefined ? band.warn : band.critical - band.warn;
  // A band with no room between its levels (or a warning level of 0) is at full depth at once.
  const depth = span > 0 ? Math.min(1, (value - band.warn) / span) : 1;
  const penalty = WARN_MIN + (WARN_MAX - WARN_MIN) * depth;
  return { key, params, severity: 'warn', penalty: Math.round(penalty * weight) };
}
