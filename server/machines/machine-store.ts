import type { Kysely } from 'kysely';
import type { Inventory } from '../../src/shared/inventory.js';
import type { HealthReport } from '../../src/shared/health.js';
import type { MachineDetail } from '../../src/shared/fleet-api.js';
import type { Sample } from '../../src/shared/sample.js';
import { notFound } from '../http/api-error.js';
import type { Database } from '../store/schema.js';
import type { StatusThresholds } from './machine-status.js';
import type { SummaryRow } from './machine-summary.js';
import { SUMMARY_COLUMNS, toMachineSummary } from './machine-summary.js';

/** Every machine of an org, by hostname: one query over the small columns. */
export async function listMachineRows(db: Kysely<Database>, orgId: string): Promise<SummaryRow[]> {
  return db
    .selectFrom('machines')
    .select(SUMMARY_COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('hostname')
    .orderBy('id')
    .execute();
}

/** Some machines of an org (the live stream's changed ones); unknown ids are left out. */
export async function machineRowsByIds(
  db: Kysely<Database>,
  orgId: string,
  ids: readonly string[],
): Promise<SummaryRow[]> {
  const rows: SummaryRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom('machines')
        .select(SUMMARY_COLUMNS)
        .where('org_id', '=', orgId)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return rows;
}

/** One machine of the org, or 404 (another org's machine is not found either). */
export async function findMachineRow(
  db: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<SummaryRow> {
  const row = await db
    .selectFrom('machines')
    .select(SUMMARY_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('machine');
  return row;
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export async function readMachineDetail(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  now: number,
  thresholds: StatusThresholds,
): Promise<MachineDetail> {
  const row = await db
    .selectFrom('machines')
    .select([...SUMMARY_COLUMNS, 'health_json', 'inventory_json', 'latest_sample_json'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('machine');
  return {
    machine: toMachineSummary(row, now, thresholds),
    health: parseJson<HealthReport>(row.health_json),
    inventory: parseJson<Inventory>(row.inventory_json),
    latestSample: parseJson<Sample>(row.latest_sample_json),
  };
}

export async function updateMachineTags(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  tags: readonly string[],
): Promise<void> {
  const result = await db
    .updateTable('machines')
    .set({ tags_json: JSON.stringify(tags) })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound('machine');
}

/**
 * Forgets a machine: its aggregates, its agent tokens and the row, in one transaction.
 * `beforeCommit` runs inside it, so the caches drop the machine before anyone can see it gone.
 */
export async function deleteMachine(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  beforeCommit: () => void,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('machines')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!found) throw notFound('machine');
    await trx.deleteFrom('machine_minutes').where('machine_id', '=', id).execute();
    await trx.deleteFrom('agent_tokens').where('machine_id', '=', id).execute();
    await trx.deleteFrom('machines').where('id', '=', id).execute();
    beforeCommit();
  });
}
