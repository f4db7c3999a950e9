import type { Selectable } from 'kysely';
import type { MachineSummary } from '../../src/shared/fleet-api.js';
import type { HealthStatus } from '../../src/shared/health.js';
import type { MachinesTable } from '../store/schema.js';
import type { StatusThresholds } from './machine-status.js';
import { machineStatus } from './machine-status.js';
import { readTags } from './tags.js';

/**
 * The columns a summary needs: the small ones only. The big JSON blobs (latest sample,
 * inventory, health reasons) stay in the database, so listing 10,000 machines reads and
 * parses nothing large.
 */
export const SUMMARY_COLUMNS = [
  'id',
  'org_id',
  'hostname',
  'os_platform',
  'os_distro',
  'os_release',
  'agent_version',
  'tags_json',
  'enrolled_at',
  'last_seen_at',
  'health_score',
  'health_status',
  'cpu_percent',
  'memory_percent',
  'fullest_disk_mount',
  'fullest_disk_percent',
] as const satisfies ReadonlyArray<keyof MachinesTable>;

export type SummaryRow = Pick<Selectable<MachinesTable>, (typeof SUMMARY_COLUMNS)[number]>;

const HEALTH_STATUSES: readonly string[] = ['ok', 'warn', 'critical'];

/** Numbers may come back as strings or bigints from some drivers (PostgreSQL bigint). */
const num = (value: number | null): number | null => (value === null ? null : Number(value));

export function toMachineSummary(
  row: SummaryRow,
  now: number,
  thresholds: StatusThresholds,
): MachineSummary {
  const lastSeenAt = num(row.last_seen_at);
  const healthScore = num(row.health_score);
  const diskPercent = num(row.fullest_disk_percent);
  return {
    id: row.id,
    hostname: row.hostname,
    os: { platform: row.os_platform, distro: row.os_distro, release: row.os_release },
    status: machineStatus(lastSeenAt, now, thresholds),
    lastSeenAt,
    health:
      healthScore !== null &&
      row.health_status !== null &&
      HEALTH_STATUSES.includes(row.health_status)
        ? { score: healthScore, status: row.health_status as HealthStatus }
        : null,
    cpuPercent: num(row.cpu_percent),
    memoryPercent: num(row.memory_percent),
    fullestDisk:
      row.fullest_disk_mount !== null && diskPercent !== null
        ? { mount: row.fullest_disk_mount, usedPercent: diskPercent }
        : null,
    tags: readTags(row.tags_json),
    agentVersion: row.agent_version,
    enrolledAt: Number(row.enrolled_at),
  };
}
