/**
 * One regular sample of a machine, as the agent stores it and (later) reports it.
 *
 * Rule: a metric the platform does not provide is *absent* (the property is left out),
 * never reported as zero. Every byte figure is in bytes, every rate in bytes per second,
 * every time in epoch milliseconds (UTC), every percentage in 0..100.
 */
export interface Sample {
  /** When the sample was taken, epoch ms. */
  ts: number;
  cpu?: CpuStats;
  memory?: MemoryStats;
  disks?: DiskStats;
  network?: NetworkStats;
  system?: SystemStats;
  battery?: BatteryStats;
  temperature?: TemperatureStats;
}

export interface CpuStats {
  /** Total utilisation across all cores, percent. */
  usagePercent: number;
  /** Utilisation per logical core, percent, in core order. */
  perCorePercent: number[];
  /** 1/5/15-minute load averages; absent where the OS has none (Windows). */
  loadAverage?: [number, number, number];
  /** Current average clock speed, GHz. */
  speedGHz?: number;
}

export interface MemoryStats {
  totalBytes: number;
  /** Memory in use by programs (excludes reclaimable caches and buffers). */
  usedBytes: number;
  /** Memory available to start new programs without swapping. */
  availableBytes: number;
  /** usedBytes / totalBytes, percent. */
  usedPercent: number;
  swapTotalBytes: number;
  swapUsedBytes: number;
}

export interface VolumeStats {
  /** Mount point (Linux/macOS) or drive (Windows, e.g. "C:"). */
  mount: string;
  /** Device or filesystem source, e.g. /dev/sda1. */
  device: string;
  /** Filesystem type, e.g. ext4, apfs, NTFS. */
  fsType: string;
  totalBytes: number;
  usedBytes: number;
  usedPercent: number;
}

export interface DiskStats {
  /** Real fixed volumes only: pseudo, snap/loop and network filesystems are left out. */
  volumes: VolumeStats[];
  /** Absent on the first sample (a rate needs two readings) and where the OS gives no counters. */
  readBytesPerSec?: number;
  writeBytesPerSec?: number;
}

export interface InterfaceRate {
  name: string;
  rxBytesPerSec: number;
  txBytesPerSec: number;
}

export interface NetworkStats {
  /** Active interfaces (up, not loopback) that have a rate yet. */
  interfaces: InterfaceRate[];
  rxBytesPerSec: number;
  txBytesPerSec: number;
}

export interface SystemStats {
  uptimeSeconds: number;
  /** Boot time, epoch ms. */
  bootTime: number;
  /** Number of logged-in user sessions; absent where the OS cannot tell. */
  loggedInUsers?: number;
}

export interface BatteryStats {
  percent: number;
  isCharging: boolean;
  cycleCount?: number;
  /** Lost capacity: 100 - full/design × 100, percent; absent without both capacities. */
  wearPercent?: number;
}

export interface TemperatureStats {
  /** Main CPU package temperature, °C. */
  cpuCelsius: number;
}

/** The slow, expensive list of busy processes, taken on its own cadence. */
export interface ProcessSnapshot {
  ts: number;
  byCpu: ProcessInfo[];
  byMemory: ProcessInfo[];
}

export interface ProcessInfo {
  pid: number;
  name: string;
  cpuPercent: number;
  memoryBytes: number;
}
