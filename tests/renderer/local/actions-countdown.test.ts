import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatTimeLeft,
  formatWallTime,
  msUntilNextTick,
  secondsUntil,
} from '../../../renderer/local/countdown.js';

const REBOOT_AT = Date.UTC(2026, 2, 12, 14, 5, 0);

describe('secondsUntil', () => {
  it.each([
    [REBOOT_AT - 300_000, 300],
    [REBOOT_AT - 299_001, 300],
    [REBOOT_AT - 299_000, 299],
    [REBOOT_AT - 1, 1],
    [REBOOT_AT, 0],
    [REBOOT_AT + 5_000, 0],
  ])('from %d: %d seconds left (rounded up, never negative)', (now, seconds) => {
    expect(secondsUntil(REBOOT_AT, now)).toBe(seconds);
  });
});

describe('formatClock', () => {
  it.each([
    [0, '00:00'],
    [9, '00:09'],
    [59, '00:59'],
    [60, '01:00'],
    [299, '04:59'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [3723, '1:02:03'],
    [86_399, '23:59:59'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatClock(seconds)).toBe(text);
  });
});

describe('formatTimeLeft', () => {
  it('is a clock under a day and words beyond, in the reader’s language', () => {
    expect(formatTimeLeft(299, 'fr')).toBe('04:59');
    expect(formatTimeLeft(2 * 86_400 + 3 * 3600 + 59, 'en')).toBe('2 days, 3 hours');
    expect(formatTimeLeft(86_400, 'ru')).toBe('1 день');
  });
});

describe('msUntilNextTick', () => {
  it('aims at the next whole second of the absolute target', () => {
    expect(msUntilNextTick(REBOOT_AT, REBOOT_AT - 4_300)).toBe(300);
    expect(msUntilNextTick(REBOOT_AT, REBOOT_AT - 4_000)).toBe(1_000);
    expect(msUntilNextTick(REBOOT_AT, REBOOT_AT - 1)).toBe(1);
    expect(msUntilNextTick(REBOOT_AT, REBOOT_AT + 10)).toBe(1_000);
  });

  it('shows every second once, in order, however late each timer fires', () => {
    // Timers fire 0 to 90 ms late, as on a busy page; each tick reads the clock afresh.
    const lateness = [17, 90, 3, 0, 45, 88, 12, 60, 1, 33];
    let now = REBOOT_AT - 10_250;
    const shown = [secondsUntil(REBOOT_AT, now)];
    for (const late of lateness) {
      now += msUntilNextTick(REBOOT_AT, now) + late;
      shown.push(secondsUntil(REBOOT_AT, now));
    }
    expect(shown).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('catches up after a long stall (a sleeping laptop) instead of counting the lost time', () => {
    const now = REBOOT_AT - 60_000;
    const afterSleep = now + 45_000 + 123;
    expect(secondsUntil(REBOOT_AT, afterSleep)).toBe(15);
    expect(afterSleep + msUntilNextTick(REBOOT_AT, afterSleep)).toBe(REBOOT_AT - 14_000);
  });
});

describe('formatWallTime', () => {
  const zone = 'Europe/Paris';
  const now = Date.UTC(2026, 2, 12, 9, 0, 0); // Thursday 10:00 in Paris

  it('gives the time alone for later today', () => {
    expect(formatWallTime(REBOOT_AT, now, 'en-GB', zone)).toBe('15:05');
    expect(formatWallTime(REBOOT_AT, now, 'en-US', zone)).toMatch(/^3:05\sPM$/);
  });

  it('adds the weekday within the week and the date beyond', () => {
    expect(formatWallTime(REBOOT_AT + 2 * 86_400_000, now, 'en-GB', zone)).toBe('Sat 15:05');
    expect(formatWallTime(REBOOT_AT + 20 * 86_400_000, now, 'en-GB', zone)).toBe(
      '1 Apr 2026, 16:05',
    );
  });

  it('judges "today" in the given time zone', () => {
    // 23:30 UTC is already tomorrow in Paris.
    const late = Date.UTC(2026, 2, 12, 23, 30, 0);
    expect(formatWallTime(late, now, 'en-GB', 'UTC')).toBe('23:30');
    expect(formatWallTime(late, now, 'en-GB', zone)).toBe('Fri 00:30');
  });
});
