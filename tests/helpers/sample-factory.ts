import type { HealthReport } from '../../src/shared/health.js';
import type { Inventory } from '../../src/shared/inventory.js';
import type { ProcessSnapshot, Sample } from '../../src/shared/sample.js';

/**
 * Realistic, deterministic samples: the same ts always gives the same sample, so tests can
 * recompute what they expect. Values follow a daily rhythm plus noise derived from ts.
 */
export interface SampleShape {
  /** Logical cores. Default 8. */
  cores?: number;
  /** Mount points; default a Linux laptop's `/` and `/home`. */
  mounts?: string[];
  /** Active network interfaces. Default eth0 and wlan0. */
  interfaces?: string[];
  /** Leave battery and temperature out, as on a desktop without sensors. */
  isDesktop?: boolean;
}

const GB = 1024 ** 3;
const DAY_MS = 86_400_000;
const BOOT_TIME = Date.UTC(2025, 0, 1);

/** A number in [0, 1) that depends only on ts and salt (a hash, not a random generator). */
export function noise(ts: number, salt = 0): number {
  let h = (Math.floor(ts / 1000) ^ (salt * 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
/** Busier in office hours (peak at 14:00 UTC), quiet at night. */
const daily = (ts: number): number =>
  0.5 + 0.5 * Math.sin(((ts % DAY_MS) / DAY_MS - 0.33) * 2 * Math.PI);

export function makeSample(ts: number, shape: SampleShape = {}): Sample {
  const cores = shape.cores ?? 8;
  const mounts = shape.mounts ?? ['/', '/home'];
  const interfaces = shape.interfaces ?? ['eth0', 'wlan0'];
  const load = daily(ts);
  const usage = round(Math.min(100, 5 + 55 * load + 25 * noise(ts, 1)));
  const memTotal = 16 * GB;
  const memUsed = Math.round(memTotal * (0.35 + 0.3 * load + 0.05 * noise(ts, 2)));
  const volumes = mounts.map((mount, i) => {
    const totalBytes = (256 + 256 * i) * GB;
    const usedBytes = Math.round(totalBytes * (0.4 + 0.25 * i + ts / (400 * 365 * DAY_MS)));
    const usedPercent = round((usedBytes / totalBytes) * 100);
    return {
      mount,
      device: `/dev/nvme0n1p${i + 2}`,
      fsType: 'ext4',
      totalBytes,
      usedBytes,
      usedPercent,
    };
  });
  const nics = interfaces.map((name, i) => ({
    name,
    rxBytesPerSec: Math.round(2e6 * load * noise(ts, 10 + i)),
    txBytesPerSec: Math.round(4e5 * load * noise(ts, 20 + i)),
  }));
  const sample: Sample = {
    ts,
    cpu: {
      usagePercent: usage,
      perCorePercent: Array.from({ length: cores }, (_, c) =>
        round(Math.min(100, usage * (0.6 + 0.8 * noise(ts, 100 + c)))),
      ),
      loadAverage: [
        round(cores * load * 0.6, 2),
        round(cores * load * 0.5, 2),
        round(cores * load * 0.4, 2),
      ],
      speedGHz: round(1.2 + 2.4 * load, 2),
    },
    memory: {
      totalBytes: memTotal,
      usedBytes: memUsed,
      availableBytes: memTotal - memUsed,
      usedPercent: round((memUsed / memTotal) * 100),
      swapTotalBytes: 2 * GB,
      swapUsedBytes: Math.round(0.1 * GB * noise(ts, 3)),
    },
    disks: {
      volumes,
      readBytesPerSec: Math.round(5e6 * load * noise(ts, 4)),
      writeBytesPerSec: Math.round(3e6 * load * noise(ts, 5)),
    },
    network: {
      interfaces: nics,
      rxBytesPerSec: nics.reduce((sum, nic) => sum + nic.rxBytesPerSec, 0),
      txBytesPerSec: nics.reduce((sum, nic) => sum + nic.txBytesPerSec, 0),
    },
    system: {
      uptimeSeconds: Math.floor((ts - BOOT_TIME) / 1000),
      bootTime: BOOT_TIME,
      loggedInUsers: 1,
    },
  };
  if (!shape.isDesktop) {
    sample.battery = {
      percent: round(100 - 60 * noise(Math.floor(ts / 3_600_000), 6)),
      isCharging: load < 0.5,
      cycleCount: 212,
      wearPercent: 8.4,
    };
    sample.temperature = { cpuCelsius: round(40 + 35 * load + 5 * noise(ts, 7)) };
  }
  return sample;
}

export function makeHealth(ts: number, status: HealthReport['status'] = 'ok'): HealthReport {
  if (status === 'ok') return { score: 100, status, reasons: [], evaluatedAt: ts };
  return {
    score: status === 'warn' ? 70 : 30,
    status,
    reasons: [
      {
        key: 'health.diskFull',
        params: { volume: '/home', percent: 94 },
        severity: status,
        penalty: status === 'warn' ? 30 : 70,
      },
    ],
    evaluatedAt: ts,
  };
}

export function makeProcesses(ts: number): ProcessSnapshot {
  const process = (pid: number, name: string, cpuPercent: number, memoryBytes: number) => ({
    pid,
    name,
    cpuPercent,
    memoryBytes,
  });
  return {
    ts,
    byCpu: [process(812, 'firefox', 23.5, 1.2 * GB), process(77, 'Xorg', 4.1, 0.2 * GB)],
    byMemory: [process(812, 'firefox', 23.5, 1.2 * GB), process(1403, 'code', 2.2, 0.9 * GB)],
  };
}

export function makeInventory(ts: number, hostname = 'reception-pc'): Inventory {
  return {
    readAt: ts,
    hardwareId: '4c4c4544-0042-3510-8051-b4c04f564433',
    hardwareIdSource: 'system-uuid',
    hostname,
    os: {
      platform: 'linux',
      distro: 'Debian GNU/Linux',
      release: '12',
      arch: 'x64',
      kernel: '6.1.0-18-amd64',
    },
    hardware: { vendor: 'Dell Inc.', model: 'Latitude 5440', serial: 'FZ1B2C3' },
    cpu: { model: 'Intel Core i5-1345U', physicalCores: 10, logicalCores: 12, baseSpeedGHz: 1.6 },
    memoryTotalBytes: 16 * GB,
    disks: [{ name: 'nvme0n1', model: 'KIOXIA KBG50ZNS512G', sizeBytes: 512 * GB, type: 'NVMe' }],
    networkInterfaces: [
      { name: 'eth0', mac: 'a4:bb:6d:01:02:03', ipv4: ['192.168.1.23'], ipv6: [] },
    ],
    agentVersion: '0.1.0',
  };
}
