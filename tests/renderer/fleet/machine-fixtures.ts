import type { MachineSummary } from '../../../src/shared/fleet-api.js';

/** A machine summary with sensible values; tests override what they look at. */
export function machine(overrides: Partial<MachineSummary> & { id: string }): MachineSummary {
  return {
    hostname: overrides.id,
    os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12' },
    status: 'online',
    lastSeenAt: 1_000_000,
    health: { score: 90, status: 'ok' },
    cpuPercent: 10,
    memoryPercent: 40,
    fullestDisk: { mount: '/', usedPercent: 50 },
    tags: [],
    agentVersion: '0.1.0',
    enrolledAt: 0,
    ...overrides,
  };
}
