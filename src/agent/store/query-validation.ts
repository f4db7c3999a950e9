import { MAX_HISTORY_POINTS } from './defaults.js';

/**
 * Checks on what callers (the CLI, the local API) pass to read queries. A bad query is a
 * RangeError/TypeError with a message the CLI can show as is.
 */
export function assertRange(from: number, to: number): void {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(
        `${name} must be epoch milliseconds (a non-negative integer), got ${String(value)}`,
      );
    }
  }
  if (from >= to) {
    throw new RangeError(`from (${from}) must be before to (${to})`);
  }
}

export function assertMaxPoints(maxPoints: number): void {
  if (
    typeof maxPoints !== 'number' ||
    !Number.isInteger(maxPoints) ||
    maxPoints < 1 ||
    maxPoints > MAX_HISTORY_POINTS
  ) {
    throw new RangeError(
      `maxPoints must be an integer from 1 to ${MAX_HISTORY_POINTS}, got ${String(maxPoints)}`,
    );
  }
}

/** Series names, deduplicated in the order given. */
export function metricList(metrics: readonly string[]): string[] {
  if (!Array.isArray(metrics) || metrics.some((name) => typeof name !== 'string')) {
    throw new TypeError('metrics must be an array of series names');
  }
  return [...new Set(metrics)];
}

export function assertMetricName(metric: string): void {
  if (typeof metric !== 'string' || metric === '') {
    throw new TypeError('metric must be a series name');
  }
}
