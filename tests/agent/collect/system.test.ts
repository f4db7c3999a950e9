import type { Systeminformation } from 'systeminformation';
import { describe, expect, it } from 'vitest';
import { mapTime, mapUsers } from '../../../src/agent/collect/system.js';
import { fixture } from './fixtures.js';

describe('mapTime', () => {
  const time = fixture<Systeminformation.TimeData>('linux/time.json');

  it('gives whole seconds of uptime and a boot time that agrees with it', () => {
    const stats = mapTime(time);
    expect(stats?.uptimeSeconds).toBe(Math.floor(time.uptime));
    expect(
      Math.abs((stats?.bootTime ?? 0) - (time.current - time.uptime * 1000)),
    ).toBeLessThanOrEqual(500);
  });

  it('keeps the same boot time from one reading to the next', () => {
    const later = { current: time.current + 5_230, uptime: time.uptime + 5.23 };
    expect(mapTime(later)?.bootTime).toBe(mapTime(time)?.bootTime);
  });

  it('is absent when uptime is unknown', () => {
    expect(mapTime({ current: time.current, uptime: Number.NaN })).toBeUndefined();
  });
});

describe('mapUsers', () => {
  it('counts no session on the recorded server, where nobody is logged in', () => {
    expect(mapUsers(fixture<Systeminformation.UserData[]>('linux/users.json'))).toBe(0);
  });

  it('counts each session', () => {
    const session = { user: 'alex', tty: 'tty2', date: '', time: '', ip: '', command: '' };
    expect(mapUsers([session, { ...session, tty: 'pts/0' }])).toBe(2);
  });
});
