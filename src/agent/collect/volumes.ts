import type { StatsFs } from 'node:fs';
import type { Systeminformation } from 'systeminformation';
import type { VolumeStats } from '../../shared/sample.js';
import { percentOf } from './numbers.js';

/** A mounted volume worth watching; its sizes are read separately, every cycle. */
export interface Volume {
  mount: string;
  device: string;
  fsType: string;
}

/** Kernel, memory and container filesystems: they hold no user data and fill up by design. */
const PSEUDO_TYPES = new Set([
  ...['tmpfs', 'devtmpfs', 'ramfs', 'overlay', 'overlayfs', 'aufs', 'squashfs', 'proc', 'sysfs'],
  ...['cgroup', 'cgroup2', 'devpts', 'devfs', 'securityfs', 'pstore', 'efivarfs', 'bpf'],
  ...['tracefs', 'debugfs', 'configfs', 'fusectl', 'mqueue', 'hugetlbfs', 'autofs', 'nsfs'],
  ...['binfmt_misc', 'rpc_pipefs', 'iso9660', 'udf', 'nullfs'],
]);

/** Network shares belong to the server that exports them, not to this machine's health. */
const NETWORK_TYPES = new Set([
  ...['nfs', 'nfs4', 'cifs', 'smbfs', 'smb3', 'afpfs', 'webdav', 'sshfs', '9p', 'afs', 'ceph'],
  ...['glusterfs', 'davfs', 'virtiofs'],
]);

/**
 * Kernel and runtime trees, and snap packages. /run also holds /run/media, where Fedora and
 * Arch mount USB sticks; /media (Ubuntu's equivalent) is kept, because a second internal disk
 * lands there too and Linux gives no cheap way to tell the two apart.
 */
const SYSTEM_MOUNT_ROOTS = [
  '/proc',
  '/sys',
  '/dev',
  '/run',
  '/snap',
  '/var/snap',
  '/var/lib/snapd',
];

function isUnder(mount: string, root: string): boolean {
  return mount === root || mount.startsWith(`${root}/`);
}

/** Whether a systeminformation fsSize entry is a real local volume (Linux and macOS). */
export function isRealVolume(
  entry: Systeminformation.FsSizeData,
  platform: NodeJS.Platform,
): boolean {
  const type = entry.type.toLowerCase();
  if (PSEUDO_TYPES.has(type) || NETWORK_TYPES.has(type)) return false;
  // FUSE mounts are mostly virtual (gvfs, portals, snapfuse, rclone, sshfs); `fuseblk` is
  // the one that sits on a real block device (NTFS and exFAT disks via ntfs-3g/exfat-fuse).
  if (type === 'fuse' || type.startsWith('fuse.')) return false;
  if (entry.fs.startsWith('/dev/loop') || entry.fs.startsWith('map ')) return false;
  if (SYSTEM_MOUNT_ROOTS.some((root) => isUnder(entry.mount, root))) return false;
  // APFS system volumes share one container with "/", whose statfs already reports the
  // container's usage; listing them too would show the same disk five times.
  if (platform === 'darwin' && isUnder(entry.mount, '/System/Volumes')) return false;
  return true;
}

/**
 * The volumes to watch from si.fsSize (Linux, macOS). A device mounted twice (bind mounts,
 * btrfs subvolumes) is kept once, at its shortest mount point.
 */
export function selectVolumes(
  entries: readonly Systeminformation.FsSizeData[],
  platform: NodeJS.Platform,
): Volume[] {
  const byDevice = new Map<string, Volume>();
  for (const entry of entries) {
    if (!isRealVolume(entry, platform)) continue;
    const known = byDevice.get(entry.fs);
    if (known && known.mount.length <= entry.mount.length) continue;
    byDevice.set(entry.fs, { mount: entry.mount, device: entry.fs, fsType: entry.type });
  }
  return [...byDevice.values()];
}

/**
 * Windows: si.fsSize does not say which drives are network or removable, si.blockDevices
 * does (`physical` is the Win32_LogicalDisk DriveType: only "Local" is a fixed disk).
 */
export function selectWindowsVolumes(
  devices: readonly Systeminformation.BlockDevicesData[],
): Volume[] {
  return devices
    .filter((device) => device.physical === 'Local' && /^[a-z]:$/i.test(device.mount))
    .map((device) => ({
      mount: device.mount.toUpperCase(),
      device: device.name || device.mount,
      fsType: device.fsType.toUpperCase(),
    }));
}

/** The path statfs needs: "C:" alone would mean the current directory on drive C. */
export function statfsPath(volume: Volume, platform: NodeJS.Platform): string {
  return platform === 'win32' && /^[a-z]:$/i.test(volume.mount)
    ? `${volume.mount}\\`
    : volume.mount;
}

/**
 * Sizes from statfs, as df shows them: used = blocks − free, and total = used + what a normal
 * program may still write. Blocks reserved for root are not capacity a user can use, so the
 * volume reads 100 % exactly when programs can no longer write to it.
 */
export function volumeStatsFromStatfs(
  volume: Volume,
  stats: Pick<StatsFs, 'bsize' | 'blocks' | 'bfree' | 'bavail'>,
): VolumeStats | undefined {
  const usedBytes = (stats.blocks - stats.bfree) * stats.bsize;
  const totalBytes = usedBytes + stats.bavail * stats.bsize;
  const usedPercent = percentOf(usedBytes, totalBytes);
  if (usedPercent === undefined || usedBytes < 0) return undefined;
  return { ...volume, totalBytes, usedBytes, usedPercent };
}
