import type { Systeminformation } from 'systeminformation';
import { describe, expect, it } from 'vitest';
import { mapCpuTemperature } from '../../../src/agent/collect/temperature.js';
import { fixture } from './fixtures.js';

type Temperature = Systeminformation.CpuTemperatureData;

describe('mapCpuTemperature', () => {
  it('is absent on the recorded virtual machine, which exposes no sensor (main is null)', () => {
    const recorded = fixture<Temperature>('linux/cpuTemperature.json');
    expect(recorded.main).toBeNull();
    expect(mapCpuTemperature(recorded)).toBeUndefined();
  });

  it('reports the main temperature of a laptop (synthetic)', () => {
    expect(mapCpuTemperature(fixture<Temperature>('synthetic/cpuTemperature-laptop.json'))).toEqual(
      {
        cpuCelsius: 52.5,
      },
    );
  });

  it('is absent for Windows’ -1, NaN and impossible readings', () => {
    const unavailable = fixture<Temperature>('synthetic/cpuTemperature-windows-unavailable.json');
    expect(mapCpuTemperature(unavailable)).toBeUndefined();
    expect(mapCpuTemperature({ ...unavailable, main: Number.NaN })).toBeUndefined();
    expect(mapCpuTemperature({ ...unavailable, main: 255 })).toBeUndefined();
  });
});
