import { describe, expect, it } from 'vitest';
import { machineStatus, statusBoundaries } from '../../../server/machines/machine-status.js';

const limits = { onlineSeconds: 60, offlineSeconds: 300 };
const now = 1_000_000_000;

describe('machineStatus', () => {
  it.each([
    [null, 'offline'],
    [now, 'online'],
    [now + 5_000, 'online'],
    [now - 60_000, 'online'],
    [now - 60_001, 'stale'],
    [now - 300_000, 'stale'],
    [now - 300_001, 'offline'],
  ] as const)('last seen %s → %s', (lastSeenAt, expected) => {
    expect(machineStatus(lastSeenAt, now, limits)).toBe(expected);
  });

  it('puts the sweep boundaries exactly where the status changes', () => {
    const { staleBefore, offlineBefore } = statusBoundaries(now, limits);
    expect(machineStatus(staleBefore, now, limits)).toBe('stale');
    expect(machineStatus(staleBefore + 1, now, limits)).toBe('online');
    expect(machineStatus(offlineBefore, now, limits)).toBe('offline');
    expect(machineStatus(offlineBefore + 1, now, limits)).toBe('stale');
  });
});
