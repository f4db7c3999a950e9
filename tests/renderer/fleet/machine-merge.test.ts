import { describe, expect, it } from 'vitest';
import {
  createChangeJournal,
  dropMachines,
  mergeMachines,
} from '../../../renderer/fleet/machine-merge.js';
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

describe('a full list that arrives after live changes', () => {
  it('keeps the changes made after it was asked for, and only those', () => {
    const journal = createChangeJournal();
    journal.record({ changed: [machine({ id: 'a', tags: ['before-request'] })] });
    const askedAt = journal.position;
    journal.record({ changed: [machine({ id: 'b', tags: ['saved'] })] });
    journal.record({ removed: ['c'] });

    const answered = [
      machine({ id: 'a', tags: ['from-list'] }),
      machine({ id: 'b', tags: ['old'] }),
      machine({ id: 'c' }),
    ];
    const shown = journal.overlay(answered, askedAt);

    expect(shown.map((m) => [m.id, m.tags])).toEqual([
      ['a', ['from-list']],
      ['b', ['saved']],
    ]);
  });

  it('forgets changes once a list asked for after them has arrived', () => {
    const journal = createChangeJournal();
    journal.record({ changed: [machine({ id: 'a', tags: ['x'] })] });
    const later = journal.position;
    expect(journal.overlay([machine({ id: 'a', tags: ['y'] })], later)[0]?.tags).toEqual(['y']);
    expect(journal.overlay([machine({ id: 'a', tags: ['z'] })], 0)[0]?.tags).toEqual(['z']);
  });
});
