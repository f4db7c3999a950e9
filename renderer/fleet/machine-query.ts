import type { HealthStatus } from '../../src/shared/health.js';
import type { MachineStatus, MachineSummary } from '../../src/shared/fleet-api.js';

/**
 * The fleet table's search, filters and sort as pure functions of the machine list: the
 * server sends every machine of the org once, the page narrows and orders it here.
 */
export const SORT_KEYS = [
  'status',
  'hostname',
  'health',
  'cpu',
  'memory',
  'disk',
  'lastSeen',
  'os',
  'tags',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';

export type HealthFilter = HealthStatus | 'unknown';

export interface MachineQuery {
  /** Matched against hostname, tags and OS, case-insensitive; every word must match. */
  search: string;
  status: MachineStatus | null;
  health: HealthFilter | null;
  /** OS platform (`linux`, `win32`, `darwin` …). */
  os: string | null;
  tag: string | null;
  sort: SortKey;
  direction: SortDirection;
}

export const DEFAULT_QUERY: MachineQuery = {
  search: '',
  status: null,
  health: null,
  os: null,
  tag: null,
  sort: 'status',
  direction: 'ascending',
};

/** Worst first when ascending: what needs looking at comes to the top. */
const STATUS_ORDER: Readonly<Record<MachineStatus, number>> = { offline: 0, stale: 1, online: 2 };

export function osLabel(machine: MachineSummary): string {
  return `${machine.os.distro} ${machine.os.release}`.trim() || machine.os.platform;
}

function searchText(machine: MachineSummary): string {
  return [
    machine.hostname,
    machine.os.platform,
    machine.os.distro,
    machine.os.release,
    ...machine.tags,
  ]
    .join('\n')
    .toLowerCase();
}

function healthOf(machine: MachineSummary): HealthFilter {
  return machine.health?.status ?? 'unknown';
}

export function matches(machine: MachineSummary, query: MachineQuery, words: string[]): boolean {
  if (query.status !== null && machine.status !== query.status) return false;
  if (query.health !== null && healthOf(machine) !== query.health) return false;
  if (query.os !== null && machine.os.platform !== query.os) return false;
  if (query.tag !== null && !machine.tags.includes(query.tag)) return false;
  if (words.length === 0) return true;
  const text = searchText(machine);
  return words.every((word) => text.includes(word));
}

function searchWords(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean);
}

type Comparable = number | string | null;

function sortValue(machine: MachineSummary, key: SortKey): Comparable {
  switch (key) {
    case 'status':
      return STATUS_ORDER[machine.status];
    case 'hostname':
      return machine.hostname.toLowerCase();
    case 'health':
      return machine.health?.score ?? null;
    case 'cpu':
      return machine.cpuPercent;
    case 'memory':
      return machine.memoryPercent;
    case 'disk':
      return machine.fullestDisk?.usedPercent ?? null;
    case 'lastSeen':
      return machine.lastSeenAt;
    case 'os':
      return osLabel(machine).toLowerCase();
    case 'tags':
      return machine.tags.length === 0 ? null : [...machine.tags].sort().join(',').toLowerCase();
  }
}

function compareValues(a: Comparable, b: Comparable): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * Sorts by one column; machines without a value (never reported) always go last, and ties
 * fall back to the hostname so the order is stable across live updates.
 */
function compareMachines(key: SortKey, direction: SortDirection) {
  const sign = direction === 'ascending' ? 1 : -1;
  return (a: MachineSummary, b: MachineSummary): number => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else {
      const order = compareValues(va, vb) * sign;
      if (order !== 0) return order;
    }
    return a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id);
  };
}

/** The rows to show: filtered, then sorted. Never mutates its input. */
export function applyQuery(
  machines: readonly MachineSummary[],
  query: MachineQuery,
): MachineSummary[] {
  const words = searchWords(query.search);
  return machines
    .filter((machine) => matches(machine, query, words))
    .sort(compareMachines(query.sort, query.direction));
}

export type StatusCounts = Record<MachineStatus, number> & { total: number };

export function statusCounts(machines: readonly MachineSummary[]): StatusCounts {
  const counts: StatusCounts = { online: 0, stale: 0, offline: 0, total: machines.length };
  for (const machine of machines) counts[machine.status] += 1;
  return counts;
}

/** The distinct OS platforms and tags of the fleet, sorted, for the filter menus. */
export function filterChoices(machines: readonly MachineSummary[]): {
  os: string[];
  tags: string[];
} {
  const os = new Set<string>();
  const tags = new Set<string>();
  for (const machine of machines) {
    os.add(machine.os.platform);
    for (const tag of machine.tags) tags.add(tag);
  }
  return { os: [...os].sort(), tags: [...tags].sort() };
}

/** A header click: the same column flips direction, another starts ascending. */
export function toggleSort(query: MachineQuery, key: SortKey): MachineQuery {
  return query.sort === key
    ? { ...query, direction: query.direction === 'ascending' ? 'descending' : 'ascending' }
    : { ...query, sort: key, direction: 'ascending' };
}
