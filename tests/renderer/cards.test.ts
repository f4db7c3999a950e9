import { describe, expect, it } from 'vitest';
import { CARD_BASES, cardsFor, sparklineMetrics } from '../../renderer/ui/cards.js';
import type { Sample } from '../../src/shared/sample.js';

const ALL = CARD_BASES.map((card) => card.base);

const desktop: Sample = {
  ts: 1_000,
  cpu: { usagePercent: 12, perCorePercent: [10, 14] },
  memory: {
    totalBytes: 16e9,
    usedBytes: 4e9,
    availableBytes: 12e9,
    usedPercent: 25,
    swapTotalBytes: 0,
    swapUsedBytes: 0,
  },
  disks: {
    volumes: [
      {
        mount: 'C:',
        device: 'C:',
        fsType: 'NTFS',
        totalBytes: 500e9,
        usedBytes: 400e9,
        usedPercent: 80,
      },
      {
        mount: 'D:',
        device: 'D:',
        fsType: 'NTFS',
        totalBytes: 1e12,
        usedBytes: 1e11,
        usedPercent: 10,
      },
    ],
  },
  network: { interfaces: [], rxBytesPerSec: 2048, txBytesPerSec: 512 },
};

const laptop: Sample = {
  ...desktop,
  battery: { percent: 64, isCharging: true },
  temperature: { cpuCelsius: 58 },
};

describe('overview cards', () => {
  it('shows no battery or temperature card for a PC without them (never a 0)', () => {
    const cards = cardsFor(desktop, ALL);
    expect(cards.map((card) => card.id)).toEqual([
      'cpu',
      'memory',
      'disk:C:',
      'disk:D:',
      'network',
    ]);
    expect(cards.find((card) => card.kind === 'battery')).toBeUndefined();
  });

  it('shows battery and temperature when the sample has them', () => {
    const cards = cardsFor(laptop, ALL);
    expect(cards.map((card) => card.kind)).toContain('battery');
    expect(cards.find((card) => card.kind === 'temperature')?.value).toBe(58);
    expect(cards.find((card) => card.kind === 'battery')?.detail).toEqual({ isCharging: 1 });
  });

  it('gives each volume its own card and series', () => {
    const disks = cardsFor(desktop, ALL).filter((card) => card.kind === 'disk');
    expect(disks.map((card) => [card.volume, card.metric, card.value])).toEqual([
      ['C:', 'disk.usedPercent:C:', 80],
      ['D:', 'disk.usedPercent:D:', 10],
    ]);
  });

  it('shows only the cards the settings ask for', () => {
    const cards = cardsFor(laptop, ['cpu.usagePercent', 'battery.percent']);
    expect(cards.map((card) => card.id)).toEqual(['cpu', 'battery']);
    expect(cardsFor(laptop, [])).toEqual([]);
  });

  it('asks the sparkline history for each card’s series once', () => {
    expect(sparklineMetrics(cardsFor(desktop, ALL))).toEqual([
      'cpu.usagePercent',
      'memory.usedPercent',
      'disk.usedPercent:C:',
      'disk.usedPercent:D:',
      'net.rxBytesPerSec',
    ]);
  });
});
