import type { Systeminformation } from 'systeminformation';
import { describe, expect, it } from 'vitest';
import { topProcesses } from '../../../src/agent/collect/processes.js';
import { fixture } from './fixtures.js';

type Processes = Systeminformation.ProcessesData;

describe('topProcesses', () => {
  const recorded = fixture<Processes>('linux/processes.json');

  it('orders the recorded list by CPU and by memory, keeping N of each', () => {
    const snapshot = topProcesses(recorded.list, 5, 1_000);
    expect(snapshot.ts).toBe(1_000);
    const busy = recorded.list.filter((p) => p.cpu > 0).length;
    expect(snapshot.byCpu).toHaveLength(Math.min(5, busy));
    expect(snapshot.byMemory).toHaveLength(5);
    const cpu = snapshot.byCpu.map((p) => p.cpuPercent);
    const memory = snapshot.byMemory.map((p) => p.memoryBytes);
    expect(cpu).toEqual([...cpu].sort((a, b) => b - a));
    expect(memory).toEqual([...memory].sort((a, b) => b - a));
    const largest = Math.max(...recorded.list.map((p) => p.memRss));
    expect(snapshot.byMemory[0]?.memoryBytes).toBe(largest * 1024);
  });

  it('does not pad the lists with processes that use no CPU or no memory', () => {
    const snapshot = topProcesses(recorded.list, 1_000, 0);
    expect(snapshot.byCpu.length).toBeGreaterThan(0);
    expect(snapshot.byCpu.every((p) => p.cpuPercent > 0)).toBe(true);
    expect(snapshot.byMemory.every((p) => p.memoryBytes > 0)).toBe(true);
    expect(snapshot.byMemory.length).toBeLessThan(recorded.list.length);
  });

  it('converts memRss from KiB to bytes', () => {
    const [first] = recorded.list;
    if (!first) throw new Error('empty fixture');
    const [info] = topProcesses([{ ...first, memRss: 2048 }], 1, 0).byMemory;
    expect(info).toMatchObject({ pid: first.pid, name: first.name, memoryBytes: 2 * 1024 * 1024 });
  });

  it('leaves out Windows’ System Idle Process, whose CPU is idle time (synthetic)', () => {
    const windows = fixture<Processes>('synthetic/windows-processes.json');
    const snapshot = topProcesses(windows.list, 2, 0);
    expect(snapshot.byCpu.map((p) => p.name)).toEqual(['chrome.exe', 'MsMpEng.exe']);
    expect(snapshot.byMemory[0]).toEqual({
      pid: 10244,
      name: 'chrome.exe',
      cpuPercent: 6.3,
      memoryBytes: 642188 * 1024,
    });
  });
});
