import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatPercent,
  formatRelative,
} from '../../src/shared/format.js';
import { formatMetricValue } from '../../src/shared/format-metric.js';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('format', () => {
  it.each([
    [0, 'en', '0 byte'],
    [1536, 'en', '1.5 kB'],
    [5 * 1024 ** 3, 'fr', '5 Go'],
  ])('formats %d bytes in %s', (bytes, locale, expected) => {
    expect(formatBytes(bytes, locale).replace(/\s/g, ' ')).toBe(expected);
  });

  it('formats percentages in the reader’s language', () => {
    expect(formatPercent(94.4, 'en')).toBe('94%');
    expect(formatPercent(94.4, 'fr').replace(/\s/g, ' ')).toBe('94 %');
  });

  it.each([
    [NOW - 8_000, 'en', '8 seconds ago'],
    [NOW - 3 * 3_600_000, 'fr', 'il y a 3 heures'],
    [NOW - 2 * 86_400_000, 'es', 'anteayer'],
    [NOW - 5 * 60_000, 'ru', '5 минут назад'],
  ])('says how long ago %d was in %s', (at, locale, expected) => {
    expect(formatRelative(at, NOW, locale)).toBe(expected);
  });

  it('formats each series in its own unit', () => {
    expect(formatMetricValue('cpu.usagePercent', 42.4, 'en')).toBe('42%');
    expect(formatMetricValue('disk.usedPercent:/home', 91, 'en')).toBe('91%');
    expect(formatMetricValue('net.rxBytesPerSec:eth0', 2048, 'en')).toBe('2 kB/s');
    expect(formatMetricValue('temperature.cpuCelsius', 71.6, 'en')).toBe('72 °C');
  });

  it('translates the per-second unit too', () => {
    expect(formatMetricValue('net.txBytesPerSec', 3 * 1024 ** 2, 'fr').replace(/\s/g, ' ')).toBe(
      '3 Mo/s',
    );
    expect(formatMetricValue('disk.readBytesPerSec', 1536, 'ru').replace(/\s/g, ' ')).toBe(
      '1,5 кБ/c',
    );
  });

  it.each([
    [3 * 86_400 + 4 * 3_600 + 59, 'en', '3 days, 4 hours'],
    [86_400 + 60, 'en', '1 day'],
    [2 * 3_600 + 5 * 60, 'fr', '2 heures et 5 minutes'],
    [125, 'es', '2 minutos y 5 segundos'],
    [5 * 86_400 + 3_600, 'ru', '5 дней 1 час'],
    [0, 'en', '0 seconds'],
  ])('says how long %d seconds last in %s', (seconds, locale, expected) => {
    expect(formatDuration(seconds, locale).replace(/\s/g, ' ')).toBe(expected);
  });

  it('stops at the requested number of units', () => {
    expect(formatDuration(90_061, 'en', 3)).toBe('1 day, 1 hour, 1 minute');
    expect(formatDuration(90_061, 'en', 1)).toBe('1 day');
  });
});
