import type { NetworkInterfaceInfo } from 'node:os';
import { hostname, networkInterfaces, totalmem } from 'node:os';
import si from 'systeminformation';
import type { Systeminformation } from 'systeminformation';
import type { Inventory } from '../../shared/inventory.js';
import type { HardwareIdentity } from './hardware-id.js';
import { resolveHardwareId } from './hardware-id.js';
import { isVirtualInterfaceName } from './network.js';
import { positive, round } from './numbers.js';

/** What systeminformation returned; a part that failed is undefined and maps to empty values. */
export interface InventoryParts {
  platform: NodeJS.Platform;
  hostname: string;
  memoryTotalBytes: number;
  osInfo?: Systeminformation.OsData;
  system?: Systeminformation.SystemData;
  cpu?: Systeminformation.CpuData;
  diskLayout?: Systeminformation.DiskLayoutData[];
  interfaces?: Systeminformation.NetworkInterfacesData[];
  /** node:os addresses: si keeps only the first IPv4 and IPv6 address of each interface. */
  addresses?: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

/** Text that boards carry in the serial field when the vendor never set one. */
const PLACEHOLDER_SERIAL =
  /^(|-|0+|none|n\/a|default string|to be filled by o\.e\.m\.|system serial number|not specified|not applicable|chassis serial number)$/i;

export function usableSerial(serial: string | undefined): string | undefined {
  const trimmed = (serial ?? '').trim();
  return PLACEHOLDER_SERIAL.test(trimmed) ? undefined : trimmed;
}

export function mapInterfaces(
  interfaces: readonly Systeminformation.NetworkInterfacesData[],
  addresses: NodeJS.Dict<NetworkInterfaceInfo[]> = {},
): Inventory['networkInterfaces'] {
  return interfaces
    .filter((nic) => !nic.internal && !nic.virtual && !isVirtualInterfaceName(nic.iface))
    .map((nic) => {
      const known = addresses[nic.iface] ?? [];
      const of = (family: 'IPv4' | 'IPv6', fallback: string): string[] => {
        const listed = known.filter((a) => a.family === family).map((a) => a.address);
        return listed.length > 0 ? listed : fallback ? [fallback] : [];
      };
      return {
        name: nic.iface,
        mac: nic.mac,
        ipv4: of('IPv4', nic.ip4),
        ipv6: of('IPv6', nic.ip6),
      };
    });
}

export function mapInventory(
  parts: InventoryParts,
  identity: HardwareIdentity,
  agentVersion: string,
  readAt: number,
): Inventory {
  const { osInfo, system, cpu } = parts;
  const serial = usableSerial(system?.serial);
  const baseSpeed = positive(cpu?.speed);
  return {
    readAt,
    ...identity,
    hostname: parts.hostname,
    os: {
      platform: parts.platform,
      distro: osInfo?.distro ?? '',
      release: osInfo?.release ?? '',
      arch: osInfo?.arch ?? '',
      kernel: osInfo?.kernel ?? '',
    },
    hardware: {
      vendor: system?.manufacturer ?? '',
      model: system?.model ?? '',
      ...(serial !== undefined && { serial }),
    },
    cpu: {
      model: [cpu?.manufacturer, cpu?.brand].filter(Boolean).join(' '),
      physicalCores: cpu?.physicalCores ?? 0,
      logicalCores: cpu?.cores ?? 0,
      ...(baseSpeed !== undefined && { baseSpeedGHz: round(baseSpeed, 2) }),
    },
    memoryTotalBytes: parts.memoryTotalBytes,
    disks: (parts.diskLayout ?? [])
      .filter((disk) => disk.size > 0)
      .map((disk) => ({
        name: disk.device || disk.name,
        model: disk.name,
        sizeBytes: disk.size,
        type: disk.type,
      })),
    networkInterfaces: mapInterfaces(parts.interfaces ?? [], parts.addresses),
    agentVersion,
  };
}

export interface InventoryReaderOptions {
  dataDir: string;
  agentVersion: string;
  clock: () => number;
  onError?: (error: unknown) => void;
}

/** Static facts, read at start and daily: each part may fail alone and leaves its fields empty. */
export function createInventoryReader(options: InventoryReaderOptions): () => Promise<Inventory> {
  const settle = <T>(promise: Promise<T>): Promise<T | undefined> =>
    promise.catch((error: unknown) => {
      options.onError?.(error);
      return undefined;
    });

  return async () => {
    const readAt = options.clock();
    // One probe at a time: each spawns commands and parses their output, and running them all
    // at once would set the agent's memory high-water mark for the rest of its life. The
    // inventory is read once a day, so its extra second does not matter.
    const osInfo = await settle(si.osInfo());
    const system = await settle(si.system());
    const cpu = await settle(si.cpu());
    const diskLayout = await settle(si.diskLayout());
    const interfaces = await settle(si.networkInterfaces());
    const uuid = await settle(si.uuid());
    const identity = await resolveHardwareId(options.dataDir, [uuid?.hardware, system?.uuid]);
    const parts: InventoryParts = {
      platform: process.platform,
      hostname: hostname(),
      memoryTotalBytes: totalmem(),
      osInfo,
      system,
      cpu,
      diskLayout,
      interfaces,
      addresses: networkInterfaces(),
    };
    return mapInventory(parts, identity, options.agentVersion, readAt);
  };
}
