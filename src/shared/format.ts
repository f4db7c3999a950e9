/**
 * Formatting for people, always through Intl in the reader's language, so "1,5 Go" and
 * "il y a 8 secondes" come out right without per-language code.
 */

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

export function formatBytes(bytes: number, locale: string): string {
  return formatScaledBytes(bytes, locale, '');
}

/** "2 kB/s", "2 ko/s", "2 кБ/с": Intl's own per-second units, so the "/s" is translated too. */
export function formatBytesPerSecond(bytesPerSecond: number, locale: string): string {
  return formatScaledBytes(bytesPerSecond, locale, '-per-second');
}

function formatScaledBytes(bytes: number, locale: string, per: '' | '-per-second'): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: `${BYTE_UNITS[unit] ?? 'byte'}${per}`,
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(Math.sign(bytes) * value);
}

export function formatPercent(percent: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    percent / 100,
  );
}

export function formatNumber(value: number, locale: string, fractionDigits = 1): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

export function formatDateTime(epochMs: number, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    ...(timeZone ? { timeZone } : {}),
  }).format(epochMs);
}

const RELATIVE_STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 365],
  ['year', Number.POSITIVE_INFINITY],
];

/** "8 seconds ago", "il y a 3 heures": the largest unit that keeps the number readable. */
export function formatRelative(epochMs: number, nowMs: number, locale: string): string {
  let value = (epochMs - nowMs) / 1000;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) {
      return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(
        Math.round(value),
        unit,
      );
    }
    value /= size;
  }
  return new Intl.RelativeTimeFormat(locale).format(Math.round(value), 'year');
}

const DURATION_UNITS: Array<['day' | 'hour' | 'minute' | 'second', number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/**
 * A length of time in its largest adjacent units, "3 days, 4 hours" or "3 jours et 4 heures":
 * at most `maxUnits` units starting from the largest non-zero one, zero units left out.
 */
export function formatDuration(seconds: number, locale: string, maxUnits = 2): string {
  let rest = Math.max(0, Math.floor(seconds));
  const first = DURATION_UNITS.findIndex(([, size]) => rest >= size);
  const start = first < 0 ? DURATION_UNITS.length - 1 : first;
  const parts: string[] = [];
  for (const [unit, size] of DURATION_UNITS.slice(start, start + maxUnits)) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0 || parts.length === 0) {
      parts.push(
        new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(amount),
      );
    }
  }
  return new Intl.ListFormat(locale, { style: 'long', type: 'unit' }).format(parts);
}
