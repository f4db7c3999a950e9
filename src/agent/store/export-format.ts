import type { Tier } from './types.js';

/** One exported timestamp: avg and max of each column, undefined where a series has no point. */
export type Cell = { avg: number; max: number } | undefined;

/** RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `timestamp,<metric>,<metric>.max,...` — volume names may hold commas or quotes. */
export function csvHeader(columns: readonly string[]): string {
  const fields = ['timestamp', ...columns.flatMap((name) => [name, `${name}.max`])];
  return `${fields.map(csvField).join(',')}\n`;
}

export function csvRow(ts: number, cells: readonly Cell[]): string {
  const fields = cells.flatMap((cell) => (cell ? [String(cell.avg), String(cell.max)] : ['', '']));
  return `${[isoTime(ts), ...fields].join(',')}\n`;
}

export function jsonlRow(
  ts: number,
  tier: Tier,
  columns: readonly string[],
  cells: readonly Cell[],
): string {
  // No prototype: a series named "__proto__" stays a plain key.
  const values: Record<string, { avg: number; max: number }> = Object.create(null) as Record<
    string,
    { avg: number; max: number }
  >;
  cells.forEach((cell, i) => {
    const name = columns[i];
    if (cell && name !== undefined) values[name] = { avg: cell.avg, max: cell.max };
  });
  return `${JSON.stringify({ ts: isoTime(ts), tier, values })}\n`;
}

export function isoTime(ts: number): string {
  return new Date(ts).toISOString();
}
