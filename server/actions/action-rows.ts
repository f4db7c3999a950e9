import type { Kysely, Selectable } from 'kysely';
import type { ActionView } from '../../src/shared/actions-api.js';
import type {
  ActionEnvelope,
  ActionResult,
  ActionStatus,
  ActionType,
} from '../../src/shared/protocol/index.js';
import type { ActionsTable, Database } from '../store/schema.js';

/** What an ActionView is made of: the action's columns, its machine's name, its bundle's presence. */
export type ActionRow = Selectable<ActionsTable> & {
  hostname: string;
  artifact_id: string | null;
};

/** Every action row with its hostname and whether a bundle exists (never the bundle itself). */
export function selectActionRows(db: Kysely<Database>) {
  return db
    .selectFrom('actions')
    .innerJoin('machines', 'machines.id', 'actions.machine_id')
    .leftJoin('action_artifacts', 'action_artifacts.action_id', 'actions.id')
    .selectAll('actions')
    .select(['machines.hostname', 'action_artifacts.action_id as artifact_id']);
}

/** Numbers may come back as strings or bigints from some drivers (PostgreSQL bigint). */
const num = (value: number | null): number | null => (value === null ? null : Number(value));

function parseObject<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as T) : null;
  } catch {
    return null;
  }
}

export function toActionView(row: ActionRow): ActionView {
  return {
    id: row.id,
    batchId: row.batch_id,
    machineId: row.machine_id,
    hostname: row.hostname,
    // Written only after isActionType and the status rules: read back as written.
    type: row.type as ActionType,
    params: parseObject<Record<string, unknown>>(row.params_json) ?? {},
    status: row.status as ActionStatus,
    stage: row.stage,
    createdAt: Number(row.created_at),
    createdBy: row.created_by_name,
    expiresAt: Number(row.expires_at),
    deliveredAt: num(row.delivered_at),
    startedAt: num(row.started_at),
    finishedAt: num(row.finished_at),
    result: parseObject<ActionResult>(row.result_json),
    retryOf: row.retry_of,
    hasArtifact: row.artifact_id !== null,
  };
}

/** The longest "sent by" an agent shows (ActionEnvelopeSchema). */
const SENT_BY_CHARS = 200;

/** What the agent receives for one action. */
export function toEnvelope(
  row: Pick<
    Selectable<ActionsTable>,
    'id' | 'type' | 'params_json' | 'created_at' | 'expires_at' | 'created_by_name'
  >,
): ActionEnvelope {
  return {
    id: row.id,
    type: row.type,
    params: parseObject<Record<string, unknown>>(row.params_json) ?? {},
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    sentBy: row.created_by_name.slice(0, SENT_BY_CHARS),
  };
}
