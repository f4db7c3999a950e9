import { METRICS, metricName } from '../../src/shared/metrics.js';
import type { MetricBase } from '../../src/shared/metrics.js';
import type { Sample } from '../../src/shared/sample.js';

export type CardKind = 'cpu' | 'memory' | 'disk' | 'network' | 'temperature' | 'battery';

/** One overview card: what to show, not how (the component formats in the reader's language). */
export interface CardModel {
  /** Unique per card, e.g. `disk:/home`. */
  id: string;
  kind: CardKind;
  /** The settings' visibleMetrics name this card answers to. */
  base: MetricBase;
  /** The series its sparkline draws (and the value's unit). */
  metric: string;
  value: number;
  /** Disk mount, for the title. */
  volume?: string;
  /** Secondary figures by name (bytes, rates, flags as 0/1), formatted by the card. */
  detail: Record<string, number>;
}

/** The cards a user can switch on or off, in overview order. */
export const CARD_BASES: ReadonlyArray<{ kind: CardKind; base: MetricBase }> = [
  { kind: 'cpu', base: METRICS.cpuUsage },
  { kind: 'memory', base: METRICS.memoryUsedPercent },
  { kind: 'disk', base: METRICS.diskUsedPercent },
  { kind: 'network', base: METRICS.netRx },
  { kind: 'temperature', base: METRICS.cpuTemperature },
  { kind: 'battery', base: METRICS.batteryPercent },
];

/**
 * The cards for one sample. Only what the sample holds: a PC without a battery or a
 * temperature sensor gets no such card (never a card reading 0).
 * `visible` is the settings' list; an empty list hides everything, as the user asked.
 */
export function cardsFor(sample: Sample, visible: readonly string[]): CardModel[] {
  const isShown = (base: MetricBase): boolean => visible.includes(base);
  const cards: CardModel[] = [];
  /** A card of the machine as a whole: one per kind, drawing its own base series. */
  const single = (
    kind: CardKind,
    base: MetricBase,
    value: number,
    detail: Record<string, number> = {},
  ): void => {
    if (isShown(base)) cards.push({ id: kind, kind, base, metric: base, value, detail });
  };
  const { cpu, memory, disks, network, temperature, battery } = sample;
  if (cpu) {
    single(
      'cpu',
      METRICS.cpuUsage,
      cpu.usagePercent,
      cpu.speedGHz === undefined ? {} : { speedGHz: cpu.speedGHz },
    );
  }
  if (memory) {
    single('memory', METRICS.memoryUsedPercent, memory.usedPercent, {
      usedBytes: memory.usedBytes,
      totalBytes: memory.totalBytes,
    });
  }
  if (disks && isShown(METRICS.diskUsedPercent)) {
    for (const volume of disks.volumes) {
      cards.push({
        id: `disk:${volume.mount}`,
        kind: 'disk',
        base: METRICS.diskUsedPercent,
        metric: metricName(METRICS.diskUsedPercent, volume.mount),
        value: volume.usedPercent,
        volume: volume.mount,
        detail: { usedBytes: volume.usedBytes, totalBytes: volume.totalBytes },
      });
    }
  }
  if (network) {
    single('network', METRICS.netRx, network.rxBytesPerSec, {
      rxBytesPerSec: network.rxBytesPerSec,
      txBytesPerSec: network.txBytesPerSec,
    });
  }
  if (temperature) single('temperature', METRICS.cpuTemperature, temperature.cpuCelsius);
  if (battery) {
    single('battery', METRICS.batteryPercent, battery.percent, {
      isCharging: battery.isCharging ? 1 : 0,
    });
  }
  return cards;
}

/** The series the overview's sparklines need, for one history request. */
export function sparklineMetrics(cards: readonly CardModel[]): string[] {
  return [...new Set(cards.map((card) => card.metric))];
}
