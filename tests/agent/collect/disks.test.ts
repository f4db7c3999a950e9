import { describe, expect, it } from 'vitest';
import { diskRates, isPhysicalDisk, parseDiskstats } from '../../../src/agent/collect/disks.js';
import { createRateTracker } from '../../../src/agent/collect/rates.js';
import { fixture, fixtureText } from './fixtures.js';

describe('isPhysicalDisk', () => {
  it('keeps whole disks and drops loop, zram, device-mapper and md devices', () => {
    const names = fixture<string[]>('linux/sys-block.json');
    expect(names.filter(isPhysicalDisk)).toEqual(['vda']);
    expect(['sda', 'nvme0n1', 'mmcblk0', 'dm-0', 'md127', 'ram0'].filter(isPhysicalDisk)).toEqual([
      'sda',
      'nvme0n1',
      'mmcblk0',
    ]);
  });
});

describe('parseDiskstats', () => {
  const disks = new Set(fixture<string[]>('linux/sys-block.json').filter(isPhysicalDisk));

  it('sums 512-byte sectors of the physical disks in a recorded /proc/diskstats', () => {
    const text = fixtureText('linux/proc-diskstats-1.txt');
    const vda = text.split('\n').find((line) => line.trim().split(/\s+/)[2] === 'vda');
    const fields = vda?.trim().split(/\s+/) ?? [];
    expect(parseDiskstats(text, disks)).toEqual({
      readBytes: Number(fields[5]) * 512,
      writeBytes: Number(fields[9]) * 512,
    });
  });

  it('does not count a partition on top of its disk', () => {
    const text = [
      '   8       0 sda 100 0 2000 0 50 0 1000 0 0 0 0',
      '   8       1 sda1 90 0 1800 0 40 0 900 0 0 0 0',
      ' 253       0 dm-0 90 0 1800 0 40 0 900 0 0 0 0',
    ].join('\n');
    expect(parseDiskstats(text, new Set(['sda']))).toEqual({
      readBytes: 2000 * 512,
      writeBytes: 1000 * 512,
    });
  });
});

describe('diskRates', () => {
  const disks = new Set(fixture<string[]>('linux/sys-block.json').filter(isPhysicalDisk));
  const first = parseDiskstats(fixtureText('linux/proc-diskstats-1.txt'), disks);
  const second = parseDiskstats(fixtureText('linux/proc-diskstats-2.txt'), disks);

  it('has no rates on the first reading, then bytes per second between recorded readings', () => {
    const rates = createRateTracker();
    expect(diskRates(first, rates, 0)).toEqual({});
    expect(diskRates(second, rates, 2_000)).toEqual({
      readBytesPerSec: Math.round((second.readBytes - first.readBytes) / 2),
      writeBytesPerSec: Math.round((second.writeBytes - first.writeBytes) / 2),
    });
  });

  it('is absent where the OS gives no counters (Windows)', () => {
    expect(diskRates(undefined, createRateTracker(), 0)).toEqual({});
  });
});
