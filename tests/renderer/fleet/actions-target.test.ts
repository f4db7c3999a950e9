import { describe, expect, it } from 'vitest';
import { targetMachines, targetSummary } from '../../../renderer/fleet/actions/action-target.js';
import { machine } from './machine-fixtures.js';

const windows = { platform: 'win32', distro: 'Microsoft Windows 11 Pro', release: '10.0' };
const fleet = [
  machine({ id: 'm1', hostname: 'reception-pc', tags: ['office'], os: windows }),
  machine({ id: 'm2', hostname: 'old-kiosk', status: 'offline', tags: ['kiosk'] }),
  machine({ id: 'm3', hostname: 'lab-b', status: 'offline', tags: ['lab'] }),
  machine({ id: 'm4', hostname: 'Lab-a', status: 'offline', tags: ['lab', 'office'] }),
  machine({ id: 'm5', hostname: 'lab-late', status: 'stale', tags: ['lab'] }),
];

describe('the confirmation before an action is sent', () => {
  it('counts the selected machines and names the offline ones', () => {
    expect(targetSummary({ machineIds: ['m1', 'm2'] }, fleet)).toEqual({
      count: 2,
      offline: ['old-kiosk'],
      notWindows: 1,
    });
  });

  it('ignores selected ids no longer in the fleet', () => {
    expect(targetSummary({ machineIds: ['m1', 'gone'] }, fleet).count).toBe(1);
  });

  it('counts a tag from the list: offline hostnames sorted, late machines not offline', () => {
    expect(targetSummary({ tag: 'lab' }, fleet)).toEqual({
      count: 3,
      offline: ['Lab-a', 'lab-b'],
      notWindows: 3,
    });
    expect(targetMachines({ tag: 'office' }, fleet).map((m) => m.id)).toEqual(['m1', 'm4']);
    expect(targetSummary({ tag: 'nobody' }, fleet)).toEqual({
      count: 0,
      offline: [],
      notWindows: 0,
    });
  });

  it('counts every machine for the whole fleet', () => {
    const all = targetSummary({ all: true }, fleet);
    expect(all.count).toBe(5);
    expect(all.offline).toEqual(['Lab-a', 'lab-b', 'old-kiosk']);
    expect(all.notWindows).toBe(4);
  });
});
