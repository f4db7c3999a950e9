import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ActionList,
  ActionView,
  AuditList,
  CreatedActions,
} from '../../../src/shared/actions-api.js';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol/index.js';
import type { EnrollResponse } from '../../../src/shared/protocol/index.js';
import { enrollMachine, postJson } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { bearer, call, getAction, message, sendAction, update } from './action-test-kit.js';
import { AGENT_API } from '../../../src/shared/protocol/index.js';
import type { ActionUpdate } from '../../../src/shared/protocol/index.js';

let server: TestServer;
let clock: number;
let orgId: string;
let operatorKey: string;
let viewerKey: string;
let adminKey: string;
let agent: EnrollResponse;

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 0, 0);
  server = await startTestServer({}, { now: () => clock });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner' }));
  operatorKey = await createApiKey(server.ctx, orgId, 'operator');
  viewerKey = await createApiKey(server.ctx, orgId, 'viewer');
  adminKey = await createApiKey(server.ctx, orgId, 'admin');
  agent = await enrollMachine(server, orgId, { hostname: 'desk-9' });
});
afterEach(async () => server.close());

/** Updates over the HTTP fallback, as an agent without a socket sends them. */
const postUpdates = (updates: ActionUpdate[]) =>
  postJson(
    `${server.url}${AGENT_API.actionUpdates}`,
    { protocolVersion: PROTOCOL_VERSION, updates },
    bearer(agent.agentToken),
  );

async function oneAction(request = message([agent.agentId])): Promise<ActionView> {
  return (await sendAction(server.url, operatorKey, request)).actions[0]!;
}

describe('cancel', () => {
  it('cancels what has not finished, records and audits it; a finished one is 409', async () => {
    const action = await oneAction();
    clock += 1000;
    const viewerTry = await call(
      server.url,
      'POST',
      FLEET_API.actionCancel(action.id),
      bearer(viewerKey),
    );
    expect(viewerTry.status).toBe(403);

    const cancelled = await call(
      server.url,
      'POST',
      FLEET_API.actionCancel(action.id),
      bearer(operatorKey),
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      finishedAt: clock,
      hostname: 'desk-9',
    });
    const again = await call(
      server.url,
      'POST',
      FLEET_API.actionCancel(action.id),
      bearer(operatorKey),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'E_ACTION_FINISHED' } });

    const detail = await getAction(server.url, viewerKey, action.id);
    expect(detail.events).toEqual([
      { status: 'queued', stage: null, at: clock - 1000 },
      { status: 'cancelled', stage: null, at: clock },
    ]);
    const audit = (await call(server.url, 'GET', FLEET_API.audit, bearer(adminKey)))
      .body as AuditList;
    expect(audit.entries[0]).toMatchObject({
      event: 'actions.cancel',
      machineIds: [agent.agentId],
      target: 'desk-9',
      summary: 'Hello',
    });
  });
});

describe('retry', () => {
  it('sends a failed action again as a new one; others are 409 E_ACTION_NOT_RETRYABLE', async () => {
    const action = await oneAction({ ...message([agent.agentId]), expiresInSeconds: 3600 });
    const notYet = await call(
      server.url,
      'POST',
      FLEET_API.actionRetry(action.id),
      bearer(operatorKey),
    );
    expect(notYet.status).toBe(409);
    expect(notYet.body).toMatchObject({ error: { code: 'E_ACTION_NOT_RETRYABLE' } });

    const failure = { error: { code: 'E_ACTION_DISABLED', message: 'messages are off here' } };
    expect((await postUpdates([update(action.id, 1, 'failed', { result: failure })])).status).toBe(
      200,
    );
    clock += 60_000;
    const retried = await call(
      server.url,
      'POST',
      FLEET_API.actionRetry(action.id),
      bearer(operatorKey),
    );
    expect(retried.status).toBe(201);
    const fresh = retried.body as ActionView;
    expect(fresh).toMatchObject({
      machineId: agent.agentId,
      type: 'message',
      params: action.params,
      status: 'queued',
      retryOf: action.id,
      createdAt: clock,
      expiresAt: clock + 3_600_000,
    });
    expect(fresh.id).not.toBe(action.id);
    expect(fresh.batchId).not.toBe(action.batchId);
    const audit = (await call(server.url, 'GET', FLEET_API.audit, bearer(adminKey)))
      .body as AuditList;
    expect(audit.entries[0]).toMatchObject({ event: 'actions.retry', batchId: fresh.batchId });
  });

  it('retries an expired action', async () => {
    const action = await oneAction({ ...message([agent.agentId]), expiresInSeconds: 60 });
    clock += 61_000;
    await server.app.actionsService.sweepExpired();
    const retried = await call(
      server.url,
      'POST',
      FLEET_API.actionRetry(action.id),
      bearer(operatorKey),
    );
    expect(retried.status).toBe(201);
    expect((retried.body as ActionView).expiresAt).toBe(clock + 60_000);
  });
});

describe('list and detail', () => {
  it('lists newest first with filters and cursor paging', async () => {
    const other = await enrollMachine(server, orgId, { hostname: 'desk-10' });
    const sent: CreatedActions[] = [];
    for (let i = 0; i < 5; i += 1) {
      clock += 1000;
      sent.push(
        await sendAction(server.url, operatorKey, message([agent.agentId, other.agentId], `m${i}`)),
      );
    }
    const all = sent.flatMap((batch) => batch.actions.map((a) => a.id)).reverse();

    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ limit: '3', ...(before ? { before } : {}) });
      const page = (
        await call(server.url, 'GET', `${FLEET_API.actions}?${query}`, bearer(viewerKey))
      ).body as ActionList;
      seen.push(...page.actions.map((a) => a.id));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(seen).toEqual(all);

    const byMachine = (
      await call(
        server.url,
        'GET',
        `${FLEET_API.actions}?machineId=${other.agentId}&type=message&status=queued`,
        bearer(viewerKey),
      )
    ).body as ActionList;
    expect(byMachine.actions).toHaveLength(5);
    expect(byMachine.actions.every((a) => a.machineId === other.agentId)).toBe(true);
    const byBatch = (
      await call(
        server.url,
        'GET',
        `${FLEET_API.actions}?batchId=${sent[2]!.batchId}`,
        bearer(viewerKey),
      )
    ).body as ActionList;
    expect(byBatch.actions.map((a) => a.id).sort()).toEqual(
      sent[2]!.actions.map((a) => a.id).sort(),
    );
  });

  it.each([
    ['status=done', 'E_BAD_REQUEST'],
    ['limit=0', 'E_BAD_REQUEST'],
    ['limit=501', 'E_BAD_REQUEST'],
    ['before=garbage', 'E_BAD_REQUEST'],
    ['type=shell', 'E_BAD_REQUEST'],
  ])('refuses ?%s with 400 %s', async (query, code) => {
    const answer = await call(
      server.url,
      'GET',
      `${FLEET_API.actions}?${query}`,
      bearer(viewerKey),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code } });
  });

  it('pages the audit log', async () => {
    for (let i = 0; i < 3; i += 1) {
      clock += 1000;
      await sendAction(server.url, operatorKey, message([agent.agentId], `m${i}`));
    }
    const first = (await call(server.url, 'GET', `${FLEET_API.audit}?limit=2`, bearer(adminKey)))
      .body as AuditList;
    expect(first.entries.map((e) => e.summary)).toEqual(['m2', 'm1']);
    const second = (
      await call(
        server.url,
        'GET',
        `${FLEET_API.audit}?limit=2&before=${first.nextBefore}`,
        bearer(adminKey),
      )
    ).body as AuditList;
    expect(second.entries.map((e) => e.summary)).toEqual(['m0']);
    expect(second.nextBefore).toBeUndefined();
  });
});

describe('machine deletion', () => {
  it("removes the machine's actions and events but keeps the audit log", async () => {
    const action = await oneAction();
    await postUpdates([update(action.id, 1, 'delivered')]);
    const deleted = await call(
      server.url,
      'DELETE',
      FLEET_API.machine(agent.agentId),
      bearer(operatorKey),
    );
    expect(deleted.status).toBe(204);
    expect(
      (await call(server.url, 'GET', FLEET_API.action(action.id), bearer(viewerKey))).status,
    ).toBe(404);
    const events = await server.ctx.db.selectFrom('action_events').selectAll().execute();
    expect(events).toEqual([]);
    const audit = (await call(server.url, 'GET', FLEET_API.audit, bearer(adminKey)))
      .body as AuditList;
    expect(audit.entries).toHaveLength(1);
  });
});
