/** Small numeric helpers shared by the mappers, so every domain rounds and guards alike. */

/** A finite number, or undefined: systeminformation uses null, -1, NaN and 0 for "unknown". */
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A finite number greater than zero, or undefined. */
export function positive(value: unknown): number | undefined {
  const n = finite(value);
  return n !== undefined && n > 0 ? n : undefined;
}

export function round(value: number, decimals = 1): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Clamps to 0..100 and rounds: the OS occasionally reports 100.0001 or -0.0001. */
export function clampPercent(value: number): number {
  return round(Math.min(100, Math.max(0, value)), 1);
}

/** part / whole as a percentage, or undefined when the whole is not a positive number. */
export function percentOf(part: number, whole: number): number | undefined {
  if (!Number.isFinite(part) || !(whole > 0) || !Number.isFinite(whole)) return undefined;
  return clampPercent((part / whole) * 100);
}
