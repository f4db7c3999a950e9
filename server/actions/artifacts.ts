import type { Kysely } from 'kysely';
import { isFinishedStatus } from '../../src/shared/protocol/index.js';
import type { ActionStatus } from '../../src/shared/protocol/index.js';
import { ApiError, notFound } from '../http/api-error.js';
import type { Database } from '../store/schema.js';

/** Every gzip stream starts with these two bytes. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

export function isGzip(data: Buffer): boolean {
  return data.length >= 2 && data[0] === GZIP_MAGIC[0] && data[1] === GZIP_MAGIC[1];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * `dashfleet-logs-<hostname>-<yyyymmdd-hhmm>.txt.gz` (UTC): letters, digits, dot, hyphen and
 * underscore only, so it is safe in a Content-Disposition header and on any file system.
 */
export function artifactFileName(hostname: string, at: number): string {
  const safe =
    hostname
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+|[.-]+$/g, '')
      .slice(0, 63) || 'machine';
  const d = new Date(at);
  const stamp =
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
  return `dashfleet-logs-${safe}-${stamp}.txt.gz`;
}

/**
 * Stores the bundle of one of the machine's own collect-logs actions while it has not
 * finished; a later upload replaces the earlier (an agent retrying after a lost answer).
 * Queued is taken too: the upload goes on its own connection and can overtake the agent's
 * `delivered` acknowledgement. A finished action's bundle stays as it is (409
 * E_ACTION_FINISHED), so nothing can replace it or keep writing megabytes under it. Anything
 * else, another machine's action included, is 404.
 */
export async function storeArtifact(
  db: Kysely<Database>,
  input: { machineId: string; actionId: string; data: Buffer; now: number },
): Promise<{ orgId: string }> {
  if (!isGzip(input.data)) throw new ApiError('E_BAD_REQUEST', 'the bundle is not gzip data');
  return db.transaction().execute(async (trx) => {
    const action = await trx
      .selectFrom('actions')
      .innerJoin('machines', 'machines.id', 'actions.machine_id')
      .select(['actions.org_id', 'actions.status', 'machines.hostname'])
      .where('actions.id', '=', input.actionId)
      .where('actions.machine_id', '=', input.machineId)
      .where('actions.type', '=', 'collect-logs')
      .executeTakeFirst();
    if (!action) throw notFound('collect-logs action of this machine');
    if (isFinishedStatus(action.status as ActionStatus)) {
      throw new ApiError(
        'E_ACTION_FINISHED',
        `the action has already finished (${action.status}): no bundle is taken for it any more`,
      );
    }
    const row = {
      action_id: input.actionId,
      org_id: action.org_id,
      file_name: artifactFileName(action.hostname, input.now),
      size: input.data.length,
      data: input.data,
      created_at: input.now,
    };
    await trx
      .insertInto('action_artifacts')
      .values(row)
      .onConflict((oc) =>
        oc.column('action_id').doUpdateSet({
          file_name: row.file_name,
          size: row.size,
          data: row.data,
          created_at: row.created_at,
        }),
      )
      .execute();
    return { orgId: action.org_id };
  });
}

/** An action's bundle for the org: 404 E_NOT_FOUND without the action, E_ARTIFACT_NOT_FOUND without a bundle. */
export async function readArtifact(
  db: Kysely<Database>,
  orgId: string,
  actionId: string,
): Promise<{ fileName: string; data: Buffer }> {
  const row = await db
    .selectFrom('actions')
    .leftJoin('action_artifacts', 'action_artifacts.action_id', 'actions.id')
    .select(['actions.id', 'action_artifacts.file_name', 'action_artifacts.data'])
    .where('actions.org_id', '=', orgId)
    .where('actions.id', '=', actionId)
    .executeTakeFirst();
  if (!row) throw notFound('action');
  if (row.file_name === null || row.data === null) {
    throw new ApiError('E_ARTIFACT_NOT_FOUND', 'this action has no collected logs');
  }
  return { fileName: row.file_name, data: Buffer.from(row.data) };
}
