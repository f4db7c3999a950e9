import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import si from 'systeminformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../../src/agent/collect/create-collector.js';
import { HARDWARE_ID_FILE } from '../../../src/agent/collect/hardware-id.js';
import type { Collector } from '../../../src/agent/collect/types.js';
import type { ProcessSnapshot, Sample } from '../../../src/shared/sample.js';

/** Every number anywhere in the value, with its path. */
function numbers(value: unknown, path = ''): Array<[string, number]> {
  if (typeof value === 'number') return [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => numbers(v, `${path}.${key}`));
}

// Runs the real collector on this machine: real systeminformation, real /proc, real statfs.
describe('createCollector on this machine', () => {
  let dataDir: string;
  let collector: Collector;
  const errors: Array<[string, unknown]> = [];
  let first: Sample;
  let second: Sample;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dashfleet-collect-'));
    collector = createCollector({
      dataDir,
      agentVersion: '0.0.0-test',
      onError: (domain, error) => errors.push([domain, error]),
    });
    first = await collector.sample();
    await delay(300);
    second = await collector.sample();
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads every domain without an error', () => {
    expect(errors).toEqual([]);
  });

  it('has CPU, memory, disks and system figures from the first sample on', () => {
    for (const sample of [first, second]) {
      expect(sample.cpu?.usagePercent).toBeGreaterThanOrEqual(0);
      expect(sample.cpu?.usagePercent).toBeLessThanOrEqual(100);
      expect(sample.cpu?.perCorePercent).toHaveLength(cpus().length);
      expect(sample.memory?.totalBytes).toBe(totalmem());
      expect(sample.disks?.volumes.map((v) => v.mount)).toContain('/');
      expect(sample.system?.uptimeSeconds).toBeGreaterThan(0);
    }
    expect(second.ts).toBeGreaterThan(first.ts);
    expect(second.system?.bootTime).toBe(first.system?.bootTime);
  });

  it('has rates only from the second sample on', () => {
    expect(first.network).toBeUndefined();
    expect(first.disks?.readBytesPerSec).toBeUndefined();
    expect(second.network?.interfaces.length).toBeGreaterThan(0);
    expect(second.network?.rxBytesPerSec).toBeGreaterThanOrEqual(0);
    expect(second.disks?.readBytesPerSec).toBeGreaterThanOrEqual(0);
    expect(second.disks?.writeBytesPerSec).toBeGreaterThanOrEqual(0);
  });

  it('contains no NaN, no infinity and no negative number', () => {
    for (const [path, value] of [...numbers(first), ...numbers(second)]) {
      expect(Number.isFinite(value), path).toBe(true);
      expect(value, path).toBeGreaterThanOrEqual(0);
    }
  });

  it('leaves out what this machine does not have instead of reporting zeros', async () => {
    const [battery, temperature, speed] = await Promise.all([
      si.battery(),
      si.cpuTemperature(),
      si.cpuCurrentSpeed(),
    ]);
    expect(second.battery === undefined).toBe(!battery.hasBattery);
    expect(second.temperature === undefined).toBe(!(temperature.main > 0));
    expect(second.cpu?.speedGHz === undefined).toBe(!(speed.avg > 0));
    if (second.cpu?.speedGHz !== undefined) expect(second.cpu.speedGHz).toBeGreaterThan(0);
  });

  it('lists the busiest processes by CPU and by memory, with a busy process on top', async () => {
    const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    let snapshot: ProcessSnapshot;
    try {
      await delay(200);
      snapshot = await collector.processes();
    } finally {
      busy.kill();
    }
    const spinning = snapshot.byCpu.find((p) => p.pid === busy.pid);
    // One core fully busy is 100 / cores % of the machine; allow for a shared, noisy host.
    expect(spinning?.cpuPercent).toBeGreaterThan(40 / cpus().length);
    expect(snapshot.byCpu.length).toBeGreaterThan(0);
    expect(snapshot.byCpu.length).toBeLessThanOrEqual(5);
    expect(snapshot.byMemory).toHaveLength(5);
    for (const p of [...snapshot.byCpu, ...snapshot.byMemory]) {
      expect(p.pid).toBeGreaterThan(0);
      expect(p.name).not.toBe('');
      expect(p.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(p.cpuPercent).toBeLessThanOrEqual(100);
    }
    expect(snapshot.byMemory[0]?.memoryBytes).toBeGreaterThan(1024 * 1024);
  });

  it('reads the inventory, with a hardware id that stays the same', async () => {
    const inventory = await collector.inventory();
    expect(inventory).toMatchObject({
      hostname: hostname(),
      memoryTotalBytes: totalmem(),
      agentVersion: '0.0.0-test',
      os: { platform: process.platform },
    });
    expect(inventory.cpu.logicalCores).toBe(cpus().length);
    expect(inventory.hardwareId).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(existsSync(join(dataDir, HARDWARE_ID_FILE))).toBe(
      inventory.hardwareIdSource === 'generated',
    );
    expect((await collector.inventory()).hardwareId).toBe(inventory.hardwareId);
  });
});
