import { describe, expect, it } from 'vitest';
import { dropMachines, mergeMachines } from '../../../renderer/fleet/machine-merge.js';
import { machine } from './machine-fixtures.js';

describe('live updates of the machine list', () => {
  const list = [machine({ id: 'a' }), machine({ id: 'b' }), machine({ id: 'c' })];

  it('replaces changed machines in place and appends new ones', () => {
    const merged = mergeMachines(list, [
      machine({ id: 'b', status: 'offline' }),
      machine({ id: 'z' }),
    ]);
    expect(merged.map((m) => `${m.id}:${m.status}`)).toEqual([
      'a:online',
      'b:offline',
      'c:online',
      'z:online',
    ]);
    expect(merged[0]).toBe(list[0]);
    expect(list[1]?.status).toBe('online');
  });

  it('drops removed ids and keeps the same array when nothing changes', () => {
    expect(dropMachines(list, ['a', 'c']).map((m) => m.id)).toEqual(['b']);
    expect(dropMachines(list, ['nope'])).toBe(list);
    expect(mergeMachines(list, [])).toBe(list);
  });
});
