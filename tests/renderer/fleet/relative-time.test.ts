import { describe, expect, it } from 'vitest';
import {
  clockOffset,
  lastSeenText,
  serverNow,
  tickIntervalMs,
} from '../../../renderer/fleet/relative-time.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('last seen, on the server clock', () => {
  it('reads "2 minutes ago" in each language', () => {
    const twoMinutes = NOW - 2 * 60_000;
    expect(lastSeenText(twoMinutes, NOW, 'en')).toBe('2 minutes ago');
    expect(lastSeenText(twoMinutes, NOW, 'fr')).toBe('il y a 2 minutes');
    expect(lastSeenText(twoMinutes, NOW, 'es')).toBe('hace 2 minutos');
    expect(lastSeenText(twoMinutes, NOW, 'ru')).toBe('2 минуты назад');
  });

  it('says "now" for a report stamped slightly ahead, and nothing before the first', () => {
    expect(lastSeenText(NOW + 3_000, NOW, 'en')).toBe('now');
    expect(lastSeenText(null, NOW, 'en')).toBeNull();
  });

  it('measures on the server clock whatever this browser believes', () => {
    const offset = clockOffset(NOW, NOW - 3_600_000);
    expect(offset).toBe(3_600_000);
    const browserNow = NOW - 3_600_000 + 30_000;
    expect(lastSeenText(NOW, serverNow(browserNow, offset), 'en')).toBe('30 seconds ago');
  });

  it('ticks fast while something is under a minute old, slowly otherwise', () => {
    expect(tickIntervalMs(NOW - 10_000, NOW)).toBeLessThan(tickIntervalMs(NOW - 120_000, NOW));
    expect(tickIntervalMs(null, NOW)).toBe(tickIntervalMs(NOW - 120_000, NOW));
  });
});
