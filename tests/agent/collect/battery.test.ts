import type { Systeminformation } from 'systeminformation';
import { describe, expect, it } from 'vitest';
import { mapBattery } from '../../../src/agent/collect/battery.js';
import { fixture } from './fixtures.js';

type Battery = Systeminformation.BatteryData;

describe('mapBattery', () => {
  it('is absent on the recorded machine, which has no battery (not 0 %)', () => {
    expect(mapBattery(fixture<Battery>('linux/battery.json'))).toBeUndefined();
  });

  it('maps a laptop battery with wear from full and design capacity (synthetic)', () => {
    expect(mapBattery(fixture<Battery>('synthetic/battery-laptop.json'))).toEqual({
      percent: 72,
      isCharging: true,
      cycleCount: 412,
      wearPercent: 15, // 100 − 48450 / 57000 × 100
    });
  });

  it('leaves out cycle count and wear when the platform reports them as 0 (synthetic)', () => {
    expect(mapBattery(fixture<Battery>('synthetic/battery-unknown-capacity.json'))).toEqual({
      percent: 55,
      isCharging: false,
    });
  });

  it('reports no wear, not negative wear, for a battery above its design capacity', () => {
    expect(
      mapBattery(fixture<Battery>('synthetic/battery-new-over-design.json'))?.wearPercent,
    ).toBe(0);
  });
});
