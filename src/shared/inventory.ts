/** Static facts about a machine, read once at start and re-read when they may have changed. */
export interface Inventory {
  /** When this inventory was read, epoch ms. */
  readAt: number;
  /** Stable id for enrolment: the system UUID, or a generated id persisted in the data dir. */
  hardwareId: string;
  hardwareIdSource: 'system-uuid' | 'generated';
  hostname: string;
  os: { platform: string; distro: string; release: string; arch: string; kernel: string };
  hardware: { vendor: string; model: string; serial?: string };
  cpu: { model: string; physicalCores: number; logicalCores: number; baseSpeedGHz?: number };
  memoryTotalBytes: number;
  disks: Array<{ name: string; model: string; sizeBytes: number; type: string }>;
  networkInterfaces: Array<{ name: string; mac: string; ipv4: string[]; ipv6: string[] }>;
  agentVersion: string;
}
