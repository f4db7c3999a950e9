/** The history page's time ranges, as pure functions of "now". */
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/shared/time.js';

export const RANGE_PRESETS = ['1h', '24h', '7d', '30d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type RangeChoice = RangePreset | 'custom';

export interface TimeRange {
  from: number;
  to: number;
}

const PRESET_MS: Readonly<Record<RangePreset, number>> = {
  '1h': HOUR_MS,
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};

export function presetRange(preset: RangePreset, nowMs: number): TimeRange {
  return { from: nowMs - PRESET_MS[preset], to: nowMs };
}

/** The last 15 minutes, what the overview's sparklines show. */
export const SPARKLINE_WINDOW_MS = 15 * MINUTE_MS;
export const SPARKLINE_POINTS = 60;

/** Reads two `datetime-local` values (local wall time); null when either is invalid or from ≥ to. */
export function customRange(fromInput: string, toInput: string): TimeRange | null {
  const from = parseLocalDateTime(fromInput);
  const to = parseLocalDateTime(toInput);
  if (from === null || to === null || from >= to) return null;
  return { from, to };
}

function parseLocalDateTime(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(y!, mo! - 1, d!, h!, mi!, Number.isNaN(s) ? 0 : (s ?? 0));
  return Number.isNaN(date.getTime()) || date.getMonth() !== mo! - 1 ? null : date.getTime();
}

/** The `datetime-local` text for an instant, in local wall time, to prefill the inputs. */
export function toLocalDateTimeInput(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** How many points to ask for: about one per 4 CSS pixels of a chart, within sane bounds. */
export function maxPointsFor(widthPx: number): number {
  return Math.min(500, Math.max(60, Math.round(widthPx / 4)));
}
