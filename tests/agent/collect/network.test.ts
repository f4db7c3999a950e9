import type { NetworkInterfaceInfo } from 'node:os';
import type { Systeminformation } from 'systeminformation';
import { describe, expect, it } from 'vitest';
import {
  mapNetworkStats,
  parseProcNetDev,
  selectActiveInterfaces,
  toNetworkStats,
} from '../../../src/agent/collect/network.js';
import { createRateTracker } from '../../../src/agent/collect/rates.js';
import { fixture, fixtureText } from './fixtures.js';

type OsInterfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const address = (internal: boolean): NetworkInterfaceInfo => ({
  address: internal ? '127.0.0.1' : '192.168.1.20',
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: null,
});

describe('selectActiveInterfaces', () => {
  it('watches the recorded machine’s ethernet, not loopback or the address-less ifb devices', () => {
    const interfaces = fixture<OsInterfaces>('linux/os-network-interfaces.json');
    expect(selectActiveInterfaces(interfaces)).toEqual(['eth0']);
  });

  it('leaves out container, VM and VPN interfaces even when they have an address', () => {
    const interfaces: OsInterfaces = {
      lo: [address(true)],
      wlp2s0: [address(false)],
      docker0: [address(false)],
      veth3f2a1b: [address(false)],
      'br-8c1d2e': [address(false)],
      virbr0: [address(false)],
      tun0: [address(false)],
      wg0: [address(false)],
      'vEthernet (WSL)': [address(false)],
      Ethernet: [address(false)],
    };
    expect(selectActiveInterfaces(interfaces)).toEqual(['wlp2s0', 'Ethernet']);
  });
});

describe('parseProcNetDev', () => {
  it('reads byte counters of every interface in a recorded /proc/net/dev', () => {
    const counters = parseProcNetDev(fixtureText('linux/proc-net-dev-1.txt'));
    const eth0 = fixtureText('linux/proc-net-dev-1.txt')
      .split('\n')
      .find((line) => line.trim().startsWith('eth0:'));
    const fields = eth0?.split(':')[1]?.trim().split(/\s+/) ?? [];
    expect([...counters.keys()]).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(counters.get('eth0')).toEqual({
      rxBytes: Number(fields[0]),
      txBytes: Number(fields[8]),
    });
  });

  it('copes with a counter that has grown into the colon', () => {
    const counters = parseProcNetDev(
      '  eth0:1234567890123 5 0 0 0 0 0 0 987654321 4 0 0 0 0 0 0\n',
    );
    expect(counters.get('eth0')).toEqual({ rxBytes: 1234567890123, txBytes: 987654321 });
  });
});

describe('mapNetworkStats', () => {
  it('takes the byte counters of the recorded si.networkStats', () => {
    const stats = fixture<Systeminformation.NetworkStatsData[]>('linux/networkStats.json');
    const eth0 = stats.find((s) => s.iface === 'eth0');
    expect(mapNetworkStats(stats).get('eth0')).toEqual({
      rxBytes: eth0?.rx_bytes,
      txBytes: eth0?.tx_bytes,
    });
  });
});

describe('toNetworkStats', () => {
  const first = parseProcNetDev(fixtureText('linux/proc-net-dev-1.txt'));
  const second = parseProcNetDev(fixtureText('linux/proc-net-dev-2.txt'));

  it('is absent on the first reading, then gives per-interface rates and their total', () => {
    const rates = createRateTracker();
    expect(toNetworkStats(first, ['eth0'], rates, 0)).toBeUndefined();
    const stats = toNetworkStats(second, ['eth0'], rates, 1_000);
    const rx = (second.get('eth0')?.rxBytes ?? NaN) - (first.get('eth0')?.rxBytes ?? NaN);
    expect(stats?.interfaces).toEqual([
      {
        name: 'eth0',
        rxBytesPerSec: rx,
        txBytesPerSec: (second.get('eth0')?.txBytes ?? NaN) - (first.get('eth0')?.txBytes ?? NaN),
      },
    ]);
    expect(stats?.rxBytesPerSec).toBe(rx);
  });

  it('sums several interfaces and skips one whose counters were reset', () => {
    const rates = createRateTracker();
    const reading = (eth: number, wlan: number) =>
      new Map([
        ['eth0', { rxBytes: eth, txBytes: eth }],
        ['wlan0', { rxBytes: wlan, txBytes: wlan }],
      ]);
    toNetworkStats(reading(1_000, 5_000), ['eth0', 'wlan0'], rates, 0);
    const stats = toNetworkStats(reading(3_000, 100), ['eth0', 'wlan0'], rates, 2_000);
    expect(stats?.interfaces.map((nic) => nic.name)).toEqual(['eth0']);
    expect(stats?.rxBytesPerSec).toBe(1_000);
    const next = toNetworkStats(reading(5_000, 2_100), ['eth0', 'wlan0'], rates, 4_000);
    expect(next?.rxBytesPerSec).toBe(2_000);
  });

  it('reports a true zero when the machine has no active interface', () => {
    expect(toNetworkStats(new Map(), [], createRateTracker(), 0)).toEqual({
      interfaces: [],
      rxBytesPerSec: 0,
      txBytesPerSec: 0,
    });
  });
});
