import { describe, expect, it } from 'vitest';
import { fullName, parsePidStat } from '../../../src/agent/collect/linux-processes.js';
import { fixtureText } from './fixtures.js';

describe('parsePidStat', () => {
  const [user, kernel] = fixtureText('linux/proc-pid-stat.txt').trim().split('\n');

  it('reads pid, name, CPU ticks and resident pages of a recorded user process', () => {
    const fields = (user ?? '').split(' ');
    expect(parsePidStat(user ?? '')).toEqual({
      pid: Number(fields[0]),
      comm: 'node',
      ticks: Number(fields[13]) + Number(fields[14]),
      rssPages: Number(fields[23]),
    });
  });

  it('reads a recorded kernel thread, which has no memory of its own', () => {
    expect(parsePidStat(kernel ?? '')).toMatchObject({ pid: 2, comm: 'kthreadd', rssPages: 0 });
  });

  it('keeps a name that contains spaces and parentheses', () => {
    const line =
      '4242 (Web (Content) x) S 1 4242 4242 0 -1 0 0 0 0 0 300 45 0 0 20 0 1 0 99 0 2500';
    expect(parsePidStat(line)).toEqual({
      pid: 4242,
      comm: 'Web (Content) x',
      ticks: 345,
      rssPages: 2500,
    });
  });

  it('rejects text that is not a stat line', () => {
    expect(parsePidStat('')).toBeUndefined();
    expect(parsePidStat('1 (init) S')).toBeUndefined();
  });
});

describe('fullName', () => {
  it('keeps a short name as the kernel gives it', () => {
    expect(fullName('bash', '/usr/bin/bash\0-l\0')).toBe('bash');
  });

  it('completes a name the kernel cut at 15 characters from the command line', () => {
    expect(fullName('gnome-shell-cal', '/usr/libexec/gnome-shell-calendar-server\0')).toBe(
      'gnome-shell-calendar-server',
    );
  });

  it('keeps the kernel name when the command line was rewritten to something else', () => {
    expect(fullName('Isolated Web Co', '/usr/lib/firefox/firefox\0-contentproc\0')).toBe(
      'Isolated Web Co',
    );
  });
});
