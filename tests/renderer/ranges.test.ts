import { describe, expect, it } from 'vitest';
import {
  customRange,
  maxPointsFor,
  presetRange,
  toLocalDateTimeInput,
} from '../../renderer/ui/ranges.js';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('ranges', () => {
  it.each([
    ['1h', 3_600_000],
    ['24h', 86_400_000],
    ['7d', 7 * 86_400_000],
    ['30d', 30 * 86_400_000],
  ] as const)('%s ends now and spans %d ms', (preset, span) => {
    expect(presetRange(preset, NOW)).toEqual({ from: NOW - span, to: NOW });
  });

  it('reads datetime-local inputs as local wall time', () => {
    expect(customRange('2026-11-20T08:30', '2026-11-21T09:00')).toEqual({
      from: new Date(2026, 10, 20, 8, 30).getTime(),
      to: new Date(2026, 10, 21, 9, 0).getTime(),
    });
  });

  it.each([
    ['', '2026-11-21T09:00'],
    ['2026-11-21T09:00', '2026-11-21T09:00'],
    ['2026-11-22T09:00', '2026-11-21T09:00'],
    ['2026-02-30T09:00', '2026-03-02T09:00'],
    ['yesterday', 'today'],
  ])('refuses %j → %j', (from, to) => {
    expect(customRange(from, to)).toBeNull();
  });

  it('writes an instant back as a datetime-local value that reads the same', () => {
    const at = new Date(2026, 0, 5, 7, 4).getTime();
    expect(toLocalDateTimeInput(at)).toBe('2026-01-05T07:04');
    expect(customRange(toLocalDateTimeInput(at), '2026-01-06T00:00')?.from).toBe(at);
  });

  it('asks for about one point per 4 pixels, between 60 and 500', () => {
    expect(maxPointsFor(360)).toBe(90);
    expect(maxPointsFor(100)).toBe(60);
    expect(maxPointsFor(10_000)).toBe(500);
  });
});
