import { InvalidArgumentError } from 'commander';
import ms from 'ms';

/** "24h", "7d", "30m" → milliseconds. */
export function parseDuration(text: string): number {
  const value = ms(text as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`"${text}" is not a duration (use e.g. 30m, 24h, 7d).`);
  }
  return value;
}

/** An ISO date/time, or a duration meaning "that long ago" → epoch ms. */
export function parseInstant(text: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?\s*[a-z]+$/i.test(text.trim())) return now - parseDuration(text);
  const value = Date.parse(text);
  if (Number.isNaN(value)) {
    throw new InvalidArgumentError(
      `"${text}" is neither a date (2026-11-20, 2026-11-20T08:00Z) nor a duration (24h, 7d).`,
    );
  }
  return value;
}

export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`"${text}" is not a whole number of 1 or more.`);
  }
  return value;
}

/** A whole number within [min, max], for flags whose setting has bounds. */
export function integerBetween(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`"${text}" is not a whole number from ${min} to ${max}.`);
    }
    return value;
  };
}
