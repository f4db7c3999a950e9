import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyQuery,
  DEFAULT_QUERY,
  filterChoices,
  SORT_KEYS,
  statusCounts,
  toggleSort,
} from '../../../renderer/fleet/machine-query.js';
import type { MachineQuery } from '../../../renderer/fleet/machine-query.js';
import { machine } from './machine-fixtures.js';

const FLEET = [
  machine({ id: 'a', hostname: 'reception-pc', tags: ['office', 'front'], status: 'online' }),
  machine({
    id: 'b',
    hostname: 'Accounting-01',
    os: { platform: 'win32', distro: 'Microsoft Windows 11 Pro', release: '10.0.22631' },
    tags: ['office'],
    status: 'stale',
    health: { score: 55, status: 'warn' },
    cpuPercent: 95,
  }),
  machine({
    id: 'c',
    hostname: 'kiosk',
    os: { platform: 'darwin', distro: 'macOS', release: '14.5' },
    status: 'offline',
    health: null,
    cpuPercent: null,
    lastSeenAt: null,
    fullestDisk: null,
  }),
  machine({
    id: 'd',
    hostname: 'lab-3',
    health: { score: 20, status: 'critical' },
    cpuPercent: 40,
  }),
];

const ids = (query: Partial<MachineQuery>): string[] =>
  applyQuery(FLEET, { ...DEFAULT_QUERY, ...query }).map((m) => m.id);

describe('fleet search, filters and sort', () => {
  it('searches hostname, tags and OS, case-insensitively, every word', () => {
    expect(ids({ search: 'ACCOUNT', sort: 'hostname' })).toEqual(['b']);
    expect(ids({ search: 'office', sort: 'hostname' })).toEqual(['b', 'a']);
    expect(ids({ search: 'windows' })).toEqual(['b']);
    expect(ids({ search: 'office front' })).toEqual(['a']);
    expect(ids({ search: '  ', sort: 'hostname' })).toEqual(['b', 'c', 'd', 'a']);
    expect(ids({ search: 'nothing-like-this' })).toEqual([]);
  });

  it('filters by status, health (unknown = never reported), OS and tag', () => {
    expect(ids({ status: 'stale' })).toEqual(['b']);
    expect(ids({ health: 'critical' })).toEqual(['d']);
    expect(ids({ health: 'unknown' })).toEqual(['c']);
    expect(ids({ os: 'darwin' })).toEqual(['c']);
    expect(ids({ tag: 'office', status: 'online' })).toEqual(['a']);
  });

  it('sorts worst status first by default and by any column both ways, blanks last', () => {
    expect(ids({})).toEqual(['c', 'b', 'd', 'a']);
    expect(ids({ sort: 'cpu', direction: 'descending' })).toEqual(['b', 'd', 'a', 'c']);
    expect(ids({ sort: 'cpu', direction: 'ascending' })).toEqual(['a', 'd', 'b', 'c']);
    expect(ids({ sort: 'health' })).toEqual(['d', 'b', 'a', 'c']);
    expect(ids({ sort: 'lastSeen', direction: 'descending' })).toEqual(['b', 'd', 'a', 'c']);
  });

  it('never mutates its input and keeps every match, for any query', () => {
    const statuses = fc.constantFrom(null, 'online' as const, 'stale' as const, 'offline' as const);
    fc.assert(
      fc.property(
        fc.constantFrom(...SORT_KEYS),
        fc.constantFrom('ascending' as const, 'descending' as const),
        statuses,
        fc.string({ maxLength: 4 }),
        (sort, direction, status, search) => {
          const before = FLEET.map((m) => m.id);
          const rows = applyQuery(FLEET, { ...DEFAULT_QUERY, sort, direction, status, search });
          expect(FLEET.map((m) => m.id)).toEqual(before);
          expect(new Set(rows.map((m) => m.id)).size).toBe(rows.length);
          const reversed = applyQuery(FLEET, {
            ...DEFAULT_QUERY,
            sort,
            direction: direction === 'ascending' ? 'descending' : 'ascending',
            status,
            search,
          });
          expect(reversed.map((m) => m.id).sort()).toEqual(rows.map((m) => m.id).sort());
        },
      ),
    );
  });

  it('counts machines per status and lists the OS and tags to filter by', () => {
    expect(statusCounts(FLEET)).toEqual({ online: 2, stale: 1, offline: 1, total: 4 });
    expect(statusCounts([])).toEqual({ online: 0, stale: 0, offline: 0, total: 0 });
    expect(filterChoices(FLEET)).toEqual({
      os: ['darwin', 'linux', 'win32'],
      tags: ['front', 'office'],
    });
  });

  it('flips the direction on the same header and starts ascending on another', () => {
    const byCpu = toggleSort(DEFAULT_QUERY, 'cpu');
    expect([byCpu.sort, byCpu.direction]).toEqual(['cpu', 'ascending']);
    const flipped = toggleSort(byCpu, 'cpu');
    expect(flipped.direction).toBe('descending');
    expect(toggleSort(flipped, 'os').direction).toBe('ascending');
  });
});
