import type { StatsFs } from 'node:fs';
import type { Systeminformation } from 'systeminformation';
import { describe, expect, it } from 'vitest';
import {
  selectVolumes,
  selectWindowsVolumes,
  statfsPath,
  volumeStatsFromStatfs,
} from '../../../src/agent/collect/volumes.js';
import { fixture } from './fixtures.js';

type FsSize = Systeminformation.FsSizeData[];

describe('selectVolumes on the recorded Linux machine', () => {
  const fsSize = fixture<FsSize>('linux/fsSize.json');

  it('keeps the root filesystem', () => {
    expect(selectVolumes(fsSize, 'linux')).toContainEqual({
      mount: '/',
      device: '/dev/vda',
      fsType: 'ext4',
    });
  });

  it('reads sizes from statfs that agree with what df reported', () => {
    const statfs = fixture<Record<string, StatsFs>>('linux/statfs.json');
    const [root] = selectVolumes(fsSize, 'linux');
    const df = fsSize.find((entry) => entry.mount === '/');
    const stats = root && statfs['/'] && volumeStatsFromStatfs(root, statfs['/']);
    if (!stats || !df) throw new Error('fixture has no root volume');
    // Recorded moments apart, so allow for a few files written in between.
    expect(Math.abs(stats.usedBytes - df.used) / df.used).toBeLessThan(0.001);
    expect(Math.abs(stats.usedPercent - df.use)).toBeLessThan(0.2);
    expect(stats.usedPercent).toBeCloseTo((stats.usedBytes / stats.totalBytes) * 100, 1);
  });
});

describe('selectVolumes on a Linux desktop (synthetic)', () => {
  const volumes = selectVolumes(fixture<FsSize>('synthetic/linux-desktop-fsSize.json'), 'linux');
  const mounts = volumes.map((v) => v.mount);

  it('keeps real local volumes, including an NTFS disk mounted through fuseblk', () => {
    expect(mounts).toEqual(['/', '/boot/efi', '/media/alex/Data', '/home']);
  });

  it('leaves out snaps, loop devices, overlays, efivarfs, network shares, FUSE portals and removable media under /run', () => {
    for (const excluded of ['/snap/', '/var/lib/images', 'overlay2', 'efivars', '/mnt/', '/run/']) {
      expect(mounts.filter((m) => m.includes(excluded))).toEqual([]);
    }
  });

  it('lists a device mounted twice once, at its shortest mount point', () => {
    expect(volumes.filter((v) => v.device === '/dev/nvme0n1p2')).toEqual([
      { mount: '/', device: '/dev/nvme0n1p2', fsType: 'ext4' },
    ]);
  });
});

describe('selectVolumes on macOS (synthetic)', () => {
  it('keeps "/" and external disks, not the APFS system volumes or SMB shares', () => {
    const volumes = selectVolumes(fixture<FsSize>('synthetic/macos-fsSize.json'), 'darwin');
    expect(volumes.map((v) => v.mount)).toEqual(['/', '/Volumes/Backup']);
  });
});

describe('selectWindowsVolumes (synthetic)', () => {
  const devices = fixture<Systeminformation.BlockDevicesData[]>(
    'synthetic/windows-blockDevices.json',
  );

  it('keeps local fixed drives only: not the DVD, the USB stick or the mapped network drive', () => {
    expect(selectWindowsVolumes(devices)).toEqual([
      { mount: 'C:', device: 'C:', fsType: 'NTFS' },
      { mount: 'F:', device: 'F:', fsType: 'NTFS' },
    ]);
  });

  it('asks statfs for the drive root, not the current directory of the drive', () => {
    expect(statfsPath({ mount: 'C:', device: 'C:', fsType: 'NTFS' }, 'win32')).toBe('C:\\');
    expect(statfsPath({ mount: '/home', device: '/dev/sda2', fsType: 'ext4' }, 'linux')).toBe(
      '/home',
    );
  });
});

describe('volumeStatsFromStatfs', () => {
  const volume = { mount: '/', device: '/dev/sda1', fsType: 'ext4' };

  it('counts blocks reserved for root as neither used nor available capacity', () => {
    // 1000 blocks, 400 free of which 50 reserved for root → 600 used, 350 available.
    const stats = volumeStatsFromStatfs(volume, {
      bsize: 4096,
      blocks: 1000,
      bfree: 400,
      bavail: 350,
    });
    expect(stats).toEqual({
      ...volume,
      usedBytes: 600 * 4096,
      totalBytes: 950 * 4096,
      usedPercent: 63.2,
    });
  });

  it('reads 100 % when nothing more can be written', () => {
    const stats = volumeStatsFromStatfs(volume, {
      bsize: 4096,
      blocks: 1000,
      bfree: 50,
      bavail: 0,
    });
    expect(stats?.usedPercent).toBe(100);
  });

  it('is absent for an empty pseudo volume instead of reporting 0 of 0', () => {
    expect(
      volumeStatsFromStatfs(volume, { bsize: 4096, blocks: 0, bfree: 0, bavail: 0 }),
    ).toBeUndefined();
  });
});
