import type { KyselyPlugin, QueryResult, UnknownRow } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelAction } from '../../../server/actions/action-commands.js';
import type { Actor } from '../../../server/actions/audit-log.js';
import { AGENT_API, PROTOCOL_VERSION } from '../../../src/shared/protocol/index.js';
import type {
  ActionStatus,
  ActionUpdate,
  EnrollResponse,
} from '../../../src/shared/protocol/index.js';
import { enrollMachine, postJson } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { bearer, message, sendAction, update } from './action-test-kit.js';

let server: TestServer;
let orgId: string;
let operatorKey: string;
let agent: EnrollResponse;
const NOW = Date.UTC(2026, 2, 2, 10, 0, 0);
const actor: Actor = { type: 'user', id: 'u1', name: 'Jane', ip: '127.0.0.1' };

beforeEach(async () => {
  server = await startTestServer({}, { now: () => NOW });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner' }));
  operatorKey = await createApiKey(server.ctx, orgId, 'operator');
  agent = await enrollMachine(server, orgId);
});
afterEach(async () => server.close());

/**
 * The first read of the action shows `status` as it was before an agent's update committed:
 * what PostgreSQL (READ COMMITTED, many connections) allows between the cancel's read and its
 * write, and SQLite's single connection never shows.
 */
function readBeforeCommit(actionId: string, status: ActionStatus): KyselyPlugin {
  let isUsed = false;
  return {
    transformQuery: (args) => args.node,
    async transformResult(args): Promise<QueryResult<UnknownRow>> {
      const [row] = args.result.rows;
      if (isUsed || args.result.rows.length !== 1 || row?.['id'] !== actionId || !row['status']) {
        return args.result;
      }
      isUsed = true;
      return { ...args.result, rows: [{ ...row, status }] };
    },
  };
}

async function actionReportedAs(statuses: ActionUpdate['status'][]): Promise<string> {
  const created = await sendAction(server.url, operatorKey, message([agent.agentId]));
  const id = created.actions[0]!.id;
  const answer = await postJson(
    `${server.url}${AGENT_API.actionUpdates}`,
    {
      protocolVersion: PROTOCOL_VERSION,
      updates: statuses.map((status, i) => update(id, i + 1, status)),
    },
    bearer(agent.agentToken),
  );
  expect(answer.status).toBe(200);
  return id;
}

const stateOf = async (id: string) => ({
  status: (
    await server.ctx.db
      .selectFrom('actions')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status,
  events: (
    await server.ctx.db
      .selectFrom('action_events')
      .select('status')
      .where('action_id', '=', id)
      .orderBy('id')
      .execute()
  ).map((event) => event.status),
  audits: (
    await server.ctx.db
      .selectFrom('audit_log')
      .select('event')
      .where('event', '=', 'actions.cancel')
      .execute()
  ).length,
});

describe('cancelAction when the action changes between its read and its write', () => {
  it('answers 409 E_ACTION_FINISHED and leaves a result that landed meanwhile alone', async () => {
    const id = await actionReportedAs(['running', 'succeeded']);
    const db = server.ctx.db.withPlugin(readBeforeCommit(id, 'running'));

    await expect(cancelAction(db, orgId, id, actor, NOW)).rejects.toMatchObject({
      code: 'E_ACTION_FINISHED',
    });

    expect(await stateOf(id)).toEqual({
      status: 'succeeded',
      events: ['queued', 'running', 'succeeded'],
      audits: 0,
    });
  });

  it('cancels with the status it finds on a second read when the action only moved on', async () => {
    const id = await actionReportedAs(['delivered', 'running']);
    const db = server.ctx.db.withPlugin(readBeforeCommit(id, 'delivered'));

    const view = await cancelAction(db, orgId, id, actor, NOW);

    expect(view).toMatchObject({ id, status: 'cancelled', finishedAt: NOW });
    expect(await stateOf(id)).toEqual({
      status: 'cancelled',
      events: ['queued', 'delivered', 'running', 'cancelled'],
      audits: 1,
    });
  });
});
