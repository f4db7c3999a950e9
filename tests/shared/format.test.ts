import { describe, expect, it } from 'vitest';
import { formatBytes, formatPercent, formatRelative } from '../../src/shared/format.js';
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
});
