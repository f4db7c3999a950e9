import { createBatteryReader } from './battery.js';
import type { DomainReaders } from './collect-sample.js';
import { collectSample } from './collect-sample.js';
import { createCpuReader } from './cpu.js';
import { createDiskReader } from './disks.js';
import { createInventoryReader } from './inventory.js';
import { createMemoryReader } from './memory.js';
import { createNetworkReader } from './network.js';
import { createProcessReader } from './processes.js';
import { createRateTracker } from './rates.js';
import { createSystemReader } from './system.js';
import { createTemperatureReader } from './temperature.js';
import type { Collector, CollectorOptions } from './types.js';

/**
 * The readers of the regular sample, each holding its own state (previous counters, slow
 * caches). Exported so the benchmark can measure each domain on its own.
 */
export function createDomainReaders(clock: () => number = Date.now): DomainReaders {
  return {
    cpu: createCpuReader(),
    memory: createMemoryReader(),
    // One tracker each: the network reader forgets keys of interfaces that went away.
    disks: createDiskReader({ rates: createRateTracker() }),
    network: createNetworkReader({ rates: createRateTracker() }),
    system: createSystemReader(clock),
    battery: createBatteryReader(),
    temperature: createTemperatureReader(),
  };
}

export function createCollector(options: CollectorOptions): Collector {
  const clock = options.now ?? Date.now;
  const readers = createDomainReaders(clock);
  const readProcesses = createProcessReader(options.topProcesses ?? 5, clock);
  const readInventory = createInventoryReader({
    dataDir: options.dataDir,
    agentVersion: options.agentVersion,
    clock,
    onError: (error) => options.onError?.('inventory', error),
  });
  return {
    sample: () => collectSample(readers, clock(), options.onError),
    processes: readProcesses,
    inventory: readInventory,
  };
}
