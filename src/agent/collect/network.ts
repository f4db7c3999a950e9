import { readFile } from 'node:fs/promises';
import type { NetworkInterfaceInfo } from 'node:os';
import { networkInterfaces } from 'node:os';
import si from 'systeminformation';
import type { Systeminformation } from 'systeminformation';
import type { InterfaceRate, NetworkStats } from '../../shared/sample.js';
import type { RateTracker } from './rates.js';

export interface InterfaceCounters {
  rxBytes: number;
  txBytes: number;
}

/**
 * Interfaces that are not a way out of the machine: container and VM bridges, and tunnels
 * (VPN traffic also crosses the physical interface, so counting it would count it twice).
 */
const VIRTUAL_NAME =
  /^(lo|docker|veth|br-|virbr|vnet|vmnet|vboxnet|cni|flannel|cali|lxc|lxd|podman|kube|ifb|dummy|tun|tap|wg|utun|tailscale|zt|awdl|llw|anpi|vEthernet|VirtualBox|VMware|Loopback)/i;

export function isVirtualInterfaceName(name: string): boolean {
  return VIRTUAL_NAME.test(name);
}

/**
 * The interfaces to watch: those with an address that is not loopback, minus virtual ones.
 * An interface without an address carries no traffic of ours, whatever its link state.
 */
export function selectActiveInterfaces(
  interfaces: NodeJS.Dict<readonly NetworkInterfaceInfo[]>,
): string[] {
  return Object.entries(interfaces)
    .filter(([name]) => !isVirtualInterfaceName(name))
    .filter(([, addresses]) => (addresses ?? []).some((address) => !address.internal))
    .map(([name]) => name);
}

/** Parses Linux /proc/net/dev (bytes received and sent per interface since it came up). */
export function parseProcNetDev(text: string): Map<string, InterfaceCounters> {
  const counters = new Map<string, InterfaceCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    const [rxBytes, txBytes] = [fields[0], fields[8]];
    if (rxBytes === undefined || txBytes === undefined) continue;
    if (Number.isFinite(rxBytes) && Number.isFinite(txBytes)) {
      counters.set(line.slice(0, colon).trim(), { rxBytes, txBytes });
    }
  }
  return counters;
}

export function mapNetworkStats(
  stats: readonly Systeminformation.NetworkStatsData[],
): Map<string, InterfaceCounters> {
  const counters = new Map<string, InterfaceCounters>();
  for (const s of stats) {
    if (Number.isFinite(s.rx_bytes) && Number.isFinite(s.tx_bytes)) {
      counters.set(s.iface, { rxBytes: s.rx_bytes, txBytes: s.tx_bytes });
    }
  }
  return counters;
}

/**
 * Rates for the watched interfaces. Absent while watched interfaces have no rate yet (first
 * reading); a machine with no active interface has a true total of zero.
 */
export function toNetworkStats(
  counters: ReadonlyMap<string, InterfaceCounters>,
  watched: readonly string[],
  rates: RateTracker,
  atMs: number,
): NetworkStats | undefined {
  const interfaces: InterfaceRate[] = [];
  for (const name of watched) {
    const counter = counters.get(name);
    if (counter === undefined) continue;
    const rx = rates.update(`net:${name}:rx`, counter.rxBytes, atMs);
    const tx = rates.update(`net:${name}:tx`, counter.txBytes, atMs);
    if (rx === undefined || tx === undefined) continue;
    interfaces.push({ name, rxBytesPerSec: Math.round(rx), txBytesPerSec: Math.round(tx) });
  }
  rates.retainOnly(watched.flatMap((name) => [`net:${name}:rx`, `net:${name}:tx`]));
  if (interfaces.length === 0 && watched.some((name) => counters.has(name))) return undefined;
  return {
    interfaces,
    rxBytesPerSec: interfaces.reduce((sum, nic) => sum + nic.rxBytesPerSec, 0),
    txBytesPerSec: interfaces.reduce((sum, nic) => sum + nic.txBytesPerSec, 0),
  };
}

export interface NetworkReaderOptions {
  /** Rate tracker of its own: it forgets every key that is not a watched interface. */
  rates: RateTracker;
  platform?: NodeJS.Platform;
  now?: () => number;
}

export function createNetworkReader(
  options: NetworkReaderOptions,
): () => Promise<NetworkStats | undefined> {
  const platform = options.platform ?? process.platform;
  const now = options.now ?? (() => performance.now());

  // On Linux si.networkStats spawns a shell running seven `cat`s per interface per call;
  // /proc/net/dev has every counter in one read.
  const readCounters = async (watched: string[]): Promise<Map<string, InterfaceCounters>> => {
    if (platform === 'linux') return parseProcNetDev(await readFile('/proc/net/dev', 'utf8'));
    return watched.length === 0
      ? new Map()
      : mapNetworkStats(await si.networkStats(watched.join(',')));
  };

  return async () => {
    // os.networkInterfaces is one getifaddrs call: cheap enough to follow Wi-Fi and VPN
    // changes every cycle instead of caching the list.
    const watched = selectActiveInterfaces(networkInterfaces());
    const counters = await readCounters(watched);
    return toNetworkStats(counters, watched, options.rates, now());
  };
}
