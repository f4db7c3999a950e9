import type { Kysely } from 'kysely';
import type { ActionTarget } from '../../src/shared/actions-api.js';
import { ApiError } from '../http/api-error.js';
import { readTags } from '../machines/tags.js';
import type { Database } from '../store/schema.js';

export interface TargetMachine {
  id: string;
  hostname: string;
}

/** The machines an action goes to, and how the audit log names them. */
export interface ResolvedTarget {
  machines: TargetMachine[];
  description: string;
}

const noTarget = (why: string): ApiError => new ApiError('E_ACTION_NO_TARGET', why);

/**
 * Turns a target into machines of the org, in a stable order. Listed ids must all be the
 * org's (404 E_ACTION_UNKNOWN_MACHINES names a few that are not, the same whether they exist
 * elsewhere or nowhere); a target that names nobody is 400 E_ACTION_NO_TARGET.
 */
export async function resolveTarget(
  db: Kysely<Database>,
  orgId: string,
  target: ActionTarget,
): Promise<ResolvedTarget> {
  if ('machineIds' in target) {
    const ids = [...new Set(target.machineIds)];
    if (ids.length === 0) throw noTarget('target.machineIds is empty');
    const machines: TargetMachine[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      machines.push(
        ...(await db
          .selectFrom('machines')
          .select(['id', 'hostname'])
          .where('org_id', '=', orgId)
          .where('id', 'in', ids.slice(i, i + 500))
          .execute()),
      );
    }
    if (machines.length < ids.length) {
      const found = new Set(machines.map((m) => m.id));
      const missing = ids.filter((id) => !found.has(id));
      const shown = missing.slice(0, 5).map((id) => `"${id.slice(0, 100)}"`);
      const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
      throw new ApiError(
        'E_ACTION_UNKNOWN_MACHINES',
        `not machines of this org: ${shown.join(', ')}${more}`,
      );
    }
    const order = new Map(ids.map((id, index) => [id, index]));
    machines.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const count = machines.length;
    return { machines, description: count === 1 ? '1 machine' : `${count} machines` };
  }

  const rows = await db
    .selectFrom('machines')
    .select(['id', 'hostname', 'tags_json'])
    .where('org_id', '=', orgId)
    .orderBy('hostname')
    .orderBy('id')
    .execute();
  if ('tag' in target) {
    const tag = target.tag.trim();
    const machines = rows
      .filter((row) => readTags(row.tags_json).includes(tag))
      .map(({ id, hostname }) => ({ id, hostname }));
    if (machines.length === 0) throw noTarget(`no machine of this org has the tag "${tag}"`);
    return { machines, description: `tag ${tag}` };
  }
  if (rows.length === 0) throw noTarget('this org has no machines yet');
  return {
    machines: rows.map(({ id, hostname }) => ({ id, hostname })),
    description: 'all machines',
  };
}
