import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, MachineMinutesTable, MachinesTable } from '../../store/schema.js';
import type { FlushPlan, MachineChange } from './flush-plan.js';
import { latestColumns } from './latest-columns.js';
import { MultiRowStatement } from './multi-row-statements.js';

/**
 * Rows per statement, under SQLite's limit of 32,766 bound variables (and PostgreSQL's
 * 65,535): machine_minutes has 6 columns, machines 23.
 */
const MINUTE_ROWS_PER_STATEMENT = 2_048;
const MACHINE_ROWS_PER_STATEMENT = 512;

type MinuteRow = Insertable<MachineMinutesTable> & Record<string, unknown>;
type MachineRow = Insertable<MachinesTable> & Record<string, unknown>;

const MINUTE_COLUMNS = ['machine_id', 'metric', 'ts', 'avg', 'max', 'count'] as const;
const MACHINE_COLUMNS = [
  'id',
  'org_id',
  'hardware_id',
  'hostname',
  'os_platform',
  'os_distro',
  'os_release',
  'os_arch',
  'agent_version',
  'tags_json',
  'enrolled_at',
  'last_seen_at',
  'last_seq',
  'health_score',
  'health_status',
  'health_json',
  'cpu_percent',
  'memory_percent',
  'fullest_disk_mount',
  'fullest_disk_percent',
  'latest_sample_json',
  'latest_sample_ts',
  'inventory_json',
] as const satisfies ReadonlyArray<keyof MachinesTable>;

/**
 * Minute aggregates merged with the stored row: avg weighted by count, max of max. Portable
 * SQL only (CASE, not SQLite's two-argument max), so PostgreSQL runs the same statement.
 */
function upsertMinutes(db: Kysely<Database>, rows: MinuteRow[]) {
  return db
    .insertInto('machine_minutes')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['machine_id', 'metric', 'ts']).doUpdateSet((eb) => ({
        avg: sql<number>`(machine_minutes.avg * machine_minutes.count + excluded.avg * excluded.count) / (machine_minutes.count + excluded.count)`,
        max: eb
          .case()
          .when('excluded.max', '>', eb.ref('machine_minutes.max'))
          .then(eb.ref('excluded.max'))
          .else(eb.ref('machine_minutes.max'))
          .end(),
        count: eb(eb.ref('machine_minutes.count'), '+', eb.ref('excluded.count')),
      })),
    );
}

/** The machines rows: what a report carried replaces what is stored; the rest stays. */
function upsertMachines(db: Kysely<Database>, rows: MachineRow[]) {
  return db
    .insertInto('machines')
    .values(rows)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => {
        /** The new value when the report carried that part, the stored one otherwise. */
        const whenSent = <C extends keyof MachinesTable & string>(
          marker: 'latest_sample_ts' | 'health_json' | 'inventory_json',
          column: C,
        ) =>
          eb
            .case()
            .when(`excluded.${marker}`, 'is', null)
            .then(eb.ref(`machines.${column}`))
            .else(eb.ref(`excluded.${column}`))
            .end();
        return {
          last_seen_at: eb.ref('excluded.last_seen_at'),
          last_seq: eb
            .case()
            .when('excluded.last_seq', '>', eb.ref('machines.last_seq'))
            .then(eb.ref('excluded.last_seq'))
            .else(eb.ref('machines.last_seq'))
            .end(),
          cpu_percent: whenSent('latest_sample_ts', 'cpu_percent'),
          memory_percent: whenSent('latest_sample_ts', 'memory_percent'),
          fullest_disk_mount: whenSent('latest_sample_ts', 'fullest_disk_mount'),
          fullest_disk_percent: whenSent('latest_sample_ts', 'fullest_disk_percent'),
          latest_sample_json: whenSent('latest_sample_ts', 'latest_sample_json'),
          latest_sample_ts: whenSent('latest_sample_ts', 'latest_sample_ts'),
          health_score: whenSent('health_json', 'health_score'),
          health_status: whenSent('health_json', 'health_status'),
          health_json: whenSent('health_json', 'health_json'),
          hostname: whenSent('inventory_json', 'hostname'),
          os_platform: whenSent('inventory_json', 'os_platform'),
          os_distro: whenSent('inventory_json', 'os_distro'),
          os_release: whenSent('inventory_json', 'os_release'),
          os_arch: whenSent('inventory_json', 'os_arch'),
          agent_version: whenSent('inventory_json', 'agent_version'),
          inventory_json: whenSent('inventory_json', 'inventory_json'),
        };
      }),
    );
}

export type FlushWriter = (trx: Transaction<Database>, plan: FlushPlan) => Promise<void>;

/**
 * Writes a flush inside the caller's transaction: the minute aggregates, then the machines
 * rows, each as a few multi-row upserts (see MultiRowStatement).
 */
export function createFlushWriter(db: Kysely<Database>): FlushWriter {
  const minutes = new MultiRowStatement<MinuteRow>(
    db,
    MINUTE_COLUMNS,
    upsertMinutes,
    MINUTE_ROWS_PER_STATEMENT,
  );
  const machines = new MultiRowStatement<MachineRow>(
    db,
    MACHINE_COLUMNS,
    upsertMachines,
    MACHINE_ROWS_PER_STATEMENT,
  );
  return async (trx, plan) => {
    await minutes.run(
      trx,
      plan.minutes.map((row) => ({
        machine_id: row.machineId,
        metric: row.metric,
        ts: row.ts,
        avg: row.avg,
        max: row.max,
        count: row.count,
      })),
    );
    await machines.run(trx, [...plan.machines.values()].map(toMachineRow));
  };
}

/**
 * The machines row as an upsert carries it. The row always exists (the flush dropped reports
 * of deleted machines inside this transaction), so the insert half never happens; its NOT
 * NULL columns still need values, hence the neutral ones (the machine id stands in for the
 * hardware id so even a stray insert could not collide).
 */
function toMachineRow(change: MachineChange): MachineRow {
  const { latest, inventory, health } = change;
  const derived = latest ? latestColumns(latest.sample) : null;
  return {
    id: change.machineId,
    org_id: change.orgId,
    hardware_id: change.machineId,
    hostname: inventory?.hostname ?? '',
    os_platform: inventory?.os.platform ?? '',
    os_distro: inventory?.os.distro ?? '',
    os_release: inventory?.os.release ?? '',
    os_arch: inventory?.os.arch ?? '',
    agent_version: inventory?.agentVersion ?? '',
    tags_json: '[]',
    enrolled_at: change.lastSeenAt,
    last_seen_at: change.lastSeenAt,
    last_seq: change.lastSeq,
    health_score: health?.score ?? null,
    health_status: health?.status ?? null,
    health_json: health ? JSON.stringify(health) : null,
    cpu_percent: derived?.cpuPercent ?? null,
    memory_percent: derived?.memoryPercent ?? null,
    fullest_disk_mount: derived?.fullestDisk?.mount ?? null,
    fullest_disk_percent: derived?.fullestDisk?.usedPercent ?? null,
    latest_sample_json: latest ? JSON.stringify(latest.sample) : null,
    latest_sample_ts: latest?.sample.ts ?? null,
    inventory_json: inventory ? JSON.stringify(inventory) : null,
  };
}
