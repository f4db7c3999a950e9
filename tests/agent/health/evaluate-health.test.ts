import { describe, expect, it } from 'vitest';
import { evaluateHealth } from '../../../src/agent/health/evaluate-health.js';
import { DEFAULT_THRESHOLDS, resolveThresholds } from '../../../src/agent/health/thresholds.js';
import type { Sample } from '../../../src/shared/sample.js';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const DAY = 86_400_000;

/** A calm machine: nothing in it should cost a point. */
function calmSample(overrides: Partial<Sample> = {}): Sample {
  return {
    ts: NOW,
    cpu: { usagePercent: 12, perCorePercent: [10, 14] },
    memory: {
      totalBytes: 16e9,
      usedBytes: 6e9,
      availableBytes: 10e9,
      usedPercent: 37.5,
      swapTotalBytes: 2e9,
      swapUsedBytes: 0,
    },
    disks: {
      volumes: [
        {
          mount: '/',
          device: '/dev/sda1',
          fsType: 'ext4',
          totalBytes: 500e9,
          usedBytes: 200e9,
          usedPercent: 40,
        },
      ],
    },
    system: { uptimeSeconds: 3600, bootTime: NOW - 3_600_000 },
    ...overrides,
  };
}

/** CPU values evenly spread over the last `minutes`, the last one taken now. */
function over(minutes: number, values: readonly number[]): Array<{ ts: number; value: number }> {
  const step = values.length > 1 ? (minutes * 60_000) / (values.length - 1) : 0;
  return values.map((value, i) => ({ ts: NOW - (values.length - 1 - i) * step, value }));
}

const volume = (mount: string, usedPercent: number) => ({
  mount,
  device: mount,
  fsType: 'NTFS',
  totalBytes: 100,
  usedBytes: usedPercent,
  usedPercent,
});

describe('evaluateHealth', () => {
  it('scores a calm machine 100 and ok, with no reasons', () => {
    const report = evaluateHealth({
      sample: calmSample(),
      cpuWindow: over(5, [10, 12, 14]),
      now: NOW,
    });
    expect(report).toEqual({ score: 100, status: 'ok', reasons: [], evaluatedAt: NOW });
  });

  it.each([
    // name, window, expected status, expected key or undefined
    ['one spike is not a problem', [100, 5, 6, 4, 5, 7], 'ok', undefined],
    ['too little history is not judged', [100, 100], 'ok', undefined],
    ['sustained 85 % warns', [84, 86, 85, 85], 'warn', 'health.cpuSustained'],
    ['sustained 99 % is critical', [99, 98, 100, 99], 'critical', 'health.cpuSustained'],
  ] as const)('CPU: %s', (_name, cpuWindow, status, key) => {
    const report = evaluateHealth({
      sample: calmSample(),
      cpuWindow: over(5, cpuWindow),
      now: NOW,
    });
    expect(report.status).toBe(status);
    expect(report.reasons[0]?.key).toBe(key);
  });

  it('does not call a busy first minute after start "sustained"', () => {
    const justStarted = over(8 / 60, [97, 98, 99, 97, 96]);
    const report = evaluateHealth({ sample: calmSample(), cpuWindow: justStarted, now: NOW });
    expect(report.status).toBe('ok');
  });

  it('names the span the CPU history really covers', () => {
    const report = evaluateHealth({
      sample: calmSample(),
      cpuWindow: over(3, [90, 92, 94]),
      now: NOW,
    });
    expect(report.reasons[0]?.params).toEqual({ percent: 92, minutes: 3 });
  });

  it('reports the sustained average and the window length as parameters', () => {
    const report = evaluateHealth({
      sample: calmSample(),
      cpuWindow: over(5, [80, 90, 100]),
      now: NOW,
    });
    expect(report.reasons).toEqual([
      {
        key: 'health.cpuSustained',
        params: { percent: 90, minutes: 5 },
        severity: 'warn',
        penalty: 23,
      },
    ]);
  });

  it.each([
    [89.9, 'ok'],
    [90, 'warn'],
    [96.9, 'warn'],
    [97, 'critical'],
  ] as const)('memory at %s %% is %s', (usedPercent, status) => {
    const sample = calmSample();
    sample.memory = { ...sample.memory!, usedPercent };
    expect(evaluateHealth({ sample, cpuWindow: [], now: NOW }).status).toBe(status);
  });

  it('names the fullest volume with its percentage', () => {
    const sample = calmSample({ disks: { volumes: [volume('C:', 94.4), volume('D:', 20)] } });
    const report = evaluateHealth({ sample, cpuWindow: [], now: NOW });
    expect(report.status).toBe('warn');
    expect(report.reasons.map((r) => [r.key, r.params])).toEqual([
      ['health.diskFull', { volume: 'C:', percent: 94 }],
    ]);
  });

  it('lists every full volume, most severe first', () => {
    const sample = calmSample({ disks: { volumes: [volume('C:', 92), volume('D:', 99)] } });
    const report = evaluateHealth({ sample, cpuWindow: [], now: NOW });
    expect(report.reasons.map((r) => [r.params.volume, r.severity])).toEqual([
      ['D:', 'critical'],
      ['C:', 'warn'],
    ]);
    expect(report.status).toBe('critical');
  });

  it.each([
    [80, 'ok'],
    [88, 'warn'],
    [101, 'critical'],
  ] as const)('CPU temperature %s °C is %s', (cpuCelsius, status) => {
    const sample = calmSample({ temperature: { cpuCelsius } });
    expect(evaluateHealth({ sample, cpuWindow: [], now: NOW }).status).toBe(status);
  });

  it('recommends a reboot after 14 days, never as critical', () => {
    const at = (days: number) =>
      evaluateHealth({
        sample: calmSample({
          system: { uptimeSeconds: days * 86_400, bootTime: NOW - days * DAY },
        }),
        cpuWindow: [],
        now: NOW,
      });
    expect(at(13).reasons).toEqual([]);
    expect(at(15).reasons[0]).toMatchObject({
      key: 'health.rebootDue',
      params: { days: 15 },
      severity: 'warn',
    });
    expect(at(400).status).toBe('warn');
  });

  it('weighs a worn battery less than a full disk', () => {
    const worn = evaluateHealth({
      sample: calmSample({ battery: { percent: 80, isCharging: false, wearPercent: 75 } }),
      cpuWindow: [],
      now: NOW,
    });
    const full = evaluateHealth({
      sample: calmSample({ disks: { volumes: [volume('/', 98)] } }),
      cpuWindow: [],
      now: NOW,
    });
    expect(worn.status).toBe('critical');
    expect(worn.score).toBeGreaterThan(full.score);
  });

  it('judges nothing it was not given: absent metrics cost nothing', () => {
    const report = evaluateHealth({ sample: { ts: NOW }, cpuWindow: [], now: NOW });
    expect(report.score).toBe(100);
    expect(report.status).toBe('ok');
  });

  it('adds penalties up and never goes below zero', () => {
    const sample = calmSample({
      disks: { volumes: [volume('C:', 99), volume('D:', 99), volume('E:', 99)] },
      temperature: { cpuCelsius: 105 },
    });
    sample.memory = { ...sample.memory!, usedPercent: 99 };
    const report = evaluateHealth({ sample, cpuWindow: over(5, [100, 100, 100]), now: NOW });
    expect(report.score).toBe(0);
    expect(report.reasons).toHaveLength(6);
  });

  it('keeps the score a number within 0..100 for a band with no room between its levels', () => {
    const thresholds = resolveThresholds({ daysSinceReboot: { warn: 0 } });
    const sample = calmSample({ system: { uptimeSeconds: 60, bootTime: NOW - 60_000 } });
    const report = evaluateHealth({ sample, cpuWindow: [], now: NOW }, thresholds);
    expect(report.score).toBeGreaterThanOrEqual(0);
    expect(report.score).toBeLessThanOrEqual(100);
    expect(report.reasons[0]).toMatchObject({ key: 'health.rebootDue', severity: 'warn' });
  });

  it('uses configured thresholds', () => {
    const strict = resolveThresholds({ diskPercent: { warn: 30, critical: 50 } });
    const report = evaluateHealth({ sample: calmSample(), cpuWindow: [], now: NOW }, strict);
    expect(report.reasons[0]).toMatchObject({ key: 'health.diskFull', severity: 'warn' });
    expect(DEFAULT_THRESHOLDS.diskPercent.warn).toBe(90);
  });
});
