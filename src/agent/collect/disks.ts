import { readdir, readFile, statfs } from 'node:fs/promises';
import si from 'systeminformation';
import type { DiskStats, VolumeStats } from '../../shared/sample.js';
import { createPeriodicValue } from './periodic.js';
import type { RateTracker } from './rates.js';
import type { Volume } from './volumes.js';
import {
  selectVolumes,
  selectWindowsVolumes,
  statfsPath,
  volumeStatsFromStatfs,
} from './volumes.js';

export interface DiskCounters {
  readBytes: number;
  writeBytes: number;
}

/**
 * Whole physical disks from /sys/block. Loop, RAM and compressed-RAM devices are not disks;
 * device-mapper and md arrays are left out because their IO is already counted on the
 * disks underneath them.
 */
export function isPhysicalDisk(name: string): boolean {
  return !/^(loop|ram|zram|dm-|md|nbd|sr|fd)/.test(name);
}

/** Sums bytes read and written by the given disks from Linux /proc/diskstats. */
export function parseDiskstats(text: string, disks: ReadonlySet<string>): DiskCounters {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const [name, sectorsRead, sectorsWritten] = [fields[2], fields[5], fields[9]];
    if (name === undefined || fields.length < 10 || !disks.has(name)) continue;
    // diskstats counts 512-byte sectors whatever the disk's real sector size.
    readBytes += Number(sectorsRead) * 512;
    writeBytes += Number(sectorsWritten) * 512;
  }
  return { readBytes, writeBytes };
}

/** Turns cumulative counters into rates; absent until there are two readings. */
export function diskRates(
  counters: DiskCounters | undefined,
  rates: RateTracker,
  atMs: number,
): Pick<DiskStats, 'readBytesPerSec' | 'writeBytesPerSec'> {
  if (counters === undefined) return {};
  const read = rates.update('disk:read', counters.readBytes, atMs);
  const write = rates.update('disk:write', counters.writeBytes, atMs);
  return read === undefined || write === undefined
    ? {}
    : { readBytesPerSec: Math.round(read), writeBytesPerSec: Math.round(write) };
}

/** Mount points and disks change rarely; `df` and PowerShell are too dear to run every cycle. */
export const LIST_TTL_MS = 10 * 60_000;

export interface DiskReaderOptions {
  rates: RateTracker;
  platform?: NodeJS.Platform;
  /** Monotonic clock for rates. */
  now?: () => number;
}

export function createDiskReader(options: DiskReaderOptions): () => Promise<DiskStats | undefined> {
  const platform = options.platform ?? process.platform;
  const now = options.now ?? (() => performance.now());
  const volumeList = createPeriodicValue<Volume[]>({
    ttlMs: LIST_TTL_MS,
    read: async () =>
      platform === 'win32'
        ? selectWindowsVolumes(await si.blockDevices())
        : selectVolumes(await si.fsSize(), platform),
  });
  const diskNames = createPeriodicValue<ReadonlySet<string>>({
    ttlMs: LIST_TTL_MS,
    read: async () => new Set((await readdir('/sys/block')).filter(isPhysicalDisk)),
  });

  // statfs is one system call per volume: no `df` child process on the regular cadence.
  const readVolume = (volume: Volume): Promise<VolumeStats | undefined> =>
    statfs(statfsPath(volume, platform)).then(
      (stats) => volumeStatsFromStatfs(volume, stats),
      () => undefined, // unmounted since the list was read: gone until the next refresh
    );

  // On Linux si.fsStats runs lsblk and cat through a shell every call; the kernel's own
  // counters are one file away. Elsewhere si.fsStats is the portable way (null on Windows).
  const readCounters = async (): Promise<DiskCounters | undefined> => {
    if (platform === 'linux') {
      return parseDiskstats(await readFile('/proc/diskstats', 'utf8'), await diskNames.get());
    }
    const stats = await si.fsStats();
    return stats && Number.isFinite(stats.rx) && Number.isFinite(stats.wx)
      ? { readBytes: stats.rx, writeBytes: stats.wx }
      : undefined;
  };

  const readVolumes = async (): Promise<VolumeStats[]> => {
    const list = await volumeList.get().catch((): Volume[] => []);
    const stats = await Promise.all(list.map(readVolume));
    return stats.filter((v): v is VolumeStats => v !== undefined);
  };

  return async () => {
    const [present, counters] = await Promise.all([
      readVolumes(),
      readCounters().catch(() => undefined),
    ]);
    const io = diskRates(counters, options.rates, now());
    if (present.length === 0 && io.readBytesPerSec === undefined) return undefined;
    return { volumes: present, ...io };
  };
}
