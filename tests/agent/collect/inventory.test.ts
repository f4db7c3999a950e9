import type { NetworkInterfaceInfo } from 'node:os';
import type { Systeminformation } from 'systeminformation';
import { describe, expect, it } from 'vitest';
import type { InventoryParts } from '../../../src/agent/collect/inventory.js';
import { mapInventory, usableSerial } from '../../../src/agent/collect/inventory.js';
import { fixture } from './fixtures.js';

const recordedParts = (): InventoryParts => ({
  platform: 'linux',
  hostname: 'fixture-host',
  memoryTotalBytes: fixture<Systeminformation.MemData>('linux/mem.json').total,
  osInfo: fixture('linux/osInfo.json'),
  system: fixture('linux/system.json'),
  cpu: fixture('linux/cpu.json'),
  diskLayout: fixture('linux/diskLayout.json'),
  interfaces: fixture('linux/networkInterfaces.json'),
  addresses: fixture<NodeJS.Dict<NetworkInterfaceInfo[]>>('linux/os-network-interfaces.json'),
});
const identity = {
  hardwareId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  hardwareIdSource: 'generated' as const,
};

describe('mapInventory on the recorded machine', () => {
  const inventory = mapInventory(recordedParts(), identity, '1.2.3', 42);

  it('carries OS, CPU, memory, identity and agent version', () => {
    expect(inventory).toMatchObject({
      readAt: 42,
      ...identity,
      hostname: 'fixture-host',
      os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64' },
      cpu: { model: 'AMD EPYC', physicalCores: 2, logicalCores: 2 },
      agentVersion: '1.2.3',
    });
    expect(inventory.memoryTotalBytes).toBeGreaterThan(0);
  });

  it('leaves out the placeholder serial "-" and the unknown 0 GHz base speed', () => {
    expect(inventory.hardware).not.toHaveProperty('serial');
    expect(inventory.cpu).not.toHaveProperty('baseSpeedGHz');
  });

  it('lists the ethernet interface with every address, not loopback', () => {
    expect(inventory.networkInterfaces).toEqual([
      {
        name: 'eth0',
        mac: expect.stringMatching(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/),
        ipv4: ['192.0.2.2'],
        ipv6: ['fd00::2', 'fe80::fc:ff:fe00:1'],
      },
    ]);
  });
});

describe('mapInventory with failed parts', () => {
  it('leaves fields empty instead of failing when systeminformation gave nothing', () => {
    const parts: InventoryParts = { platform: 'win32', hostname: 'PC-042', memoryTotalBytes: 8e9 };
    const inventory = mapInventory(parts, identity, '1.2.3', 0);
    expect(inventory.os).toEqual({
      platform: 'win32',
      distro: '',
      release: '',
      arch: '',
      kernel: '',
    });
    expect(inventory.disks).toEqual([]);
    expect(inventory.networkInterfaces).toEqual([]);
  });

  it('maps disks with their model and size', () => {
    const disk = {
      device: '/dev/nvme0n1',
      type: 'NVMe',
      name: 'Samsung SSD 980 PRO 1TB',
      vendor: 'Samsung',
      size: 1000204886016,
    } as Systeminformation.DiskLayoutData;
    const inventory = mapInventory({ ...recordedParts(), diskLayout: [disk] }, identity, '1', 0);
    expect(inventory.disks).toEqual([
      {
        name: '/dev/nvme0n1',
        model: 'Samsung SSD 980 PRO 1TB',
        sizeBytes: 1000204886016,
        type: 'NVMe',
      },
    ]);
  });
});

describe('usableSerial', () => {
  it.each(['', '-', '0', 'Default string', 'To Be Filled By O.E.M.', 'System Serial Number'])(
    'rejects the placeholder %j',
    (serial) => expect(usableSerial(serial)).toBeUndefined(),
  );

  it('keeps a real serial', () => {
    expect(usableSerial(' PF2XK4L1 ')).toBe('PF2XK4L1');
  });
});
