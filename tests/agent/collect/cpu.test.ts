import type { Systeminformation } from 'systeminformation';
import { describe, expect, it } from 'vitest';
import {
  mapCpuSpeed,
  mapCurrentLoad,
  mapLoadAverage,
  parseProcStat,
  usageFromProcStat,
} from '../../../src/agent/collect/cpu.js';
import { fixture, fixtureText } from './fixtures.js';

describe('parseProcStat', () => {
  it('reads the aggregate line and one entry per core from a recorded /proc/stat', () => {
    const { cpus } = fixture<{ cpus: number }>('linux/meta.json');
    const stat = parseProcStat(fixtureText('linux/proc-stat-1.txt'));
    expect(stat?.cores).toHaveLength(cpus);
    expect(stat?.all.busy).toBeGreaterThan(0);
    expect(stat?.all.total).toBeGreaterThan(stat?.all.busy ?? Infinity);
    const coreTotals = (stat?.cores ?? []).reduce((sum, core) => sum + core.total, 0);
    expect(coreTotals).toBeCloseTo(stat?.all.total ?? NaN, -2);
  });

  it('counts user, nice, system, irq, softirq and steal as busy; idle and iowait as idle', () => {
    //                  user nice system idle iowait irq softirq steal
    const stat = parseProcStat('cpu  100 10 50 800 40 5 3 2 0 0\n');
    expect(stat?.all).toEqual({ busy: 170, total: 1010 });
  });

  it('does not count guest time twice (it is already in user time)', () => {
    const stat = parseProcStat('cpu  100 0 50 800 0 0 0 0 70 0\n');
    expect(stat?.all).toEqual({ busy: 150, total: 950 });
  });

  it('returns undefined for text without a cpu line', () => {
    expect(parseProcStat('intr 1 2 3\n')).toBeUndefined();
  });
});

describe('usageFromProcStat', () => {
  const before = parseProcStat(fixtureText('linux/proc-stat-1.txt'));
  const after = parseProcStat(fixtureText('linux/proc-stat-2.txt'));

  it('computes total and per-core utilisation between two recorded readings', () => {
    if (!before || !after) throw new Error('fixture did not parse');
    const usage = usageFromProcStat(before, after);
    const busy = after.all.busy - before.all.busy;
    const total = after.all.total - before.all.total;
    expect(usage?.usagePercent).toBeCloseTo((busy / total) * 100, 1);
    expect(usage?.perCorePercent).toHaveLength(2);
    for (const core of usage?.perCorePercent ?? []) {
      expect(core).toBeGreaterThanOrEqual(0);
      expect(core).toBeLessThanOrEqual(100);
    }
  });

  it('gives no usage when no time has passed between readings', () => {
    if (!before) throw new Error('fixture did not parse');
    expect(usageFromProcStat(before, before)).toBeUndefined();
  });
});

describe('mapCurrentLoad', () => {
  it('maps the recorded si.currentLoad to total and per-core percentages', () => {
    const load = fixture<Systeminformation.CurrentLoadData>('linux/currentLoad.json');
    const usage = mapCurrentLoad(load);
    expect(usage?.usagePercent).toBeCloseTo(load.currentLoad, 1);
    expect(usage?.perCorePercent).toHaveLength(load.cpus.length);
    expect(usage?.perCorePercent[0]).toBeCloseTo(load.cpus[0]?.load ?? NaN, 1);
  });

  it('clamps a reading just over 100 % and leaves out a missing one', () => {
    const load = fixture<Systeminformation.CurrentLoadData>('linux/currentLoad.json');
    expect(mapCurrentLoad({ ...load, currentLoad: 100.0004 })?.usagePercent).toBe(100);
    expect(mapCurrentLoad({ ...load, currentLoad: Number.NaN })).toBeUndefined();
  });
});

describe('mapLoadAverage', () => {
  it('keeps the recorded load average on Linux', () => {
    const loadavg = fixture<number[]>('linux/loadavg.json');
    expect(mapLoadAverage('linux', loadavg)).toEqual(loadavg);
  });

  it('is absent on Windows, where Node reports zeros', () => {
    expect(mapLoadAverage('win32', [0, 0, 0])).toBeUndefined();
  });
});

describe('mapCpuSpeed', () => {
  it('is absent when the platform reports 0 GHz, as this virtual machine does', () => {
    const speed = fixture<Systeminformation.CpuCurrentSpeedData>('linux/cpuCurrentSpeed.json');
    expect(speed.avg).toBe(0);
    expect(mapCpuSpeed(speed)).toBeUndefined();
  });

  it('reports the average clock in GHz when known', () => {
    expect(mapCpuSpeed({ min: 0.8, max: 4.2, avg: 2.456, cores: [0.8, 4.2] })).toBe(2.46);
  });
});
