import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { AGENT_API, PROTOCOL_VERSION } from '../../../src/shared/protocol/index.js';
import type { ActionPollResponse, EnrollResponse } from '../../../src/shared/protocol/index.js';
import { createEnrollmentToken } from '../../../server/enrollment/enrollment-tokens.js';
import { enroll, enrollMachine, enrollRequest, postJson } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { bearer, call, getAction, message, sendAction, update } from './action-test-kit.js';

let server: TestServer;
let clock: number;
let orgId: string;
let operatorKey: string;
let agent: EnrollResponse & { hardwareId: string };

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 0, 0);
  server = await startTestServer({}, { now: () => clock });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner' }));
  operatorKey = await createApiKey(server.ctx, orgId, 'operator');
  agent = await enrollMachine(server, orgId);
});
afterEach(async () => server.close());

const poll = (wait: number | string, token = agent.agentToken) =>
  call(server.url, 'GET', `${AGENT_API.actions}?wait=${wait}`, bearer(token));

describe('GET /api/v1/agent/actions (long-poll)', () => {
  it('answers at once with what waits, and again until acknowledged', async () => {
    const created = await sendAction(server.url, operatorKey, message([agent.agentId]));
    const first = await poll(30);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      protocolVersion: 1,
      actions: [{ id: created.actions[0]!.id, type: 'message', sentBy: 'test operator key' }],
      cancelled: [],
    });
    expect((await poll(0)).body).toMatchObject({ actions: [{ id: created.actions[0]!.id }] });
  });

  it('holds until an action arrives, then answers with it', async () => {
    const held = poll(30);
    // The poll is held once the server has registered it.
    await expect.poll(() => pollsHeld()).toBe(1);
    const created = await sendAction(server.url, operatorKey, message([agent.agentId], 'Wake'));
    const answer = await held;
    expect((answer.body as ActionPollResponse).actions.map((a) => a.id)).toEqual([
      created.actions[0]!.id,
    ]);
  });

  it('wakes on a cancel with the cancelled id, and answers empty lists when the wait ends', async () => {
    const created = await sendAction(server.url, operatorKey, message([agent.agentId]));
    const id = created.actions[0]!.id;
    await postJson(
      `${server.url}${AGENT_API.actionUpdates}`,
      {
        protocolVersion: PROTOCOL_VERSION,
        updates: [update(id, 1, 'running', { stage: 'shown' })],
      },
      bearer(agent.agentToken),
    );
    const quiet = await poll(1);
    expect(quiet.body).toEqual({ protocolVersion: 1, actions: [], cancelled: [] });

    const held = poll(30);
    await expect.poll(() => pollsHeld()).toBe(1);
    await call(server.url, 'POST', FLEET_API.actionCancel(id), bearer(operatorKey));
    expect((await held).body).toEqual({ protocolVersion: 1, actions: [], cancelled: [id] });
  });

  it('answers a held poll at once when the server closes', async () => {
    const held = poll(30);
    await expect.poll(() => pollsHeld()).toBe(1);
    const closing = server.app.close();
    expect((await held).body).toEqual({ protocolVersion: 1, actions: [], cancelled: [] });
    await closing;
  });

  it('answers a poll held when the token is revoked with 401, not the waiting actions', async () => {
    const created = await sendAction(server.url, operatorKey, message([agent.agentId]));
    const id = created.actions[0]!.id;
    // Acknowledged, not yet running: still due, but nothing new, so the poll is held.
    await postJson(
      `${server.url}${AGENT_API.actionUpdates}`,
      { protocolVersion: PROTOCOL_VERSION, updates: [update(id, 1, 'delivered')] },
      bearer(agent.agentToken),
    );
    const held = poll(30);
    await expect.poll(() => pollsHeld()).toBe(1);

    // The machine enrols again (a reinstall, a clone): the old token is revoked.
    const { token } = await createEnrollmentToken(
      server.ctx.db,
      { orgId, createdBy: null },
      server.ctx.now(),
    );
    const again = await enroll(server.url, {
      ...enrollRequest(token),
      hardwareId: agent.hardwareId,
    });
    expect(again.status).toBe(200);

    const answer = await held;
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: 'E_AGENT_TOKEN_INVALID' } });
    // The new token gets them.
    const renewed = (again.body as EnrollResponse).agentToken;
    expect(((await poll(0, renewed)).body as ActionPollResponse).actions.map((a) => a.id)).toEqual([
      id,
    ]);
  });

  it.each(['31', '-1', 'soon', '1e9'])('refuses wait=%s with 400', async (wait) => {
    const answer = await poll(wait);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'E_BAD_REQUEST' } });
  });

  it('refuses an unknown token with 401', async () => {
    const answer = await poll(0, 'dfa_' + 'y'.repeat(43));
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: 'E_AGENT_TOKEN_INVALID' } });
  });
});

describe('POST /api/v1/agent/actions/updates', () => {
  const post = (body: unknown, token = agent.agentToken) =>
    postJson(`${server.url}${AGENT_API.actionUpdates}`, body, bearer(token));

  it('stores updates idempotently by seq and answers the stored seqs', async () => {
    const created = await sendAction(server.url, operatorKey, {
      type: 'clear-temp',
      target: { machineIds: [agent.agentId] },
    });
    const id = created.actions[0]!.id;
    const result = { exitCode: 0, output: 'removed 12 files', detail: { bytesFreed: 1024 } };
    const updates = [
      update(id, 7, 'delivered'),
      update(id, 8, 'running'),
      update(id, 9, 'succeeded', { result }),
    ];
    expect(await post({ protocolVersion: 1, updates })).toEqual({
      status: 200,
      body: { protocolVersion: 1, stored: [7, 8, 9] },
    });
    expect(await post({ protocolVersion: 1, updates })).toEqual({
      status: 200,
      body: { protocolVersion: 1, stored: [7, 8, 9] },
    });
    const detail = await getAction(server.url, operatorKey, id);
    expect(detail).toMatchObject({ status: 'succeeded', result });
    expect(detail.events).toHaveLength(4);
  });

  const one = (fields: Record<string, unknown>) => ({
    protocolVersion: 1,
    updates: [{ seq: 1, actionId: 'a', status: 'running', at: 1, ...fields }],
  });
  it.each([
    ['no updates', { protocolVersion: 1, updates: [] }, 'E_BAD_REQUEST'],
    ['a status agents cannot send', one({ status: 'queued' }), 'E_BAD_REQUEST'],
    ['seq 0', one({ seq: 0 }), 'E_BAD_REQUEST'],
    ['a stage with spaces', one({ stage: 'X Y' }), 'E_BAD_REQUEST'],
    ['output over 8192 characters', one({ result: { output: 'x'.repeat(9000) } }), 'E_BAD_REQUEST'],
    ['an unknown field', one({ command: 'reboot' }), 'E_BAD_REQUEST'],
    ['protocol version 7', { ...one({}), protocolVersion: 7 }, 'E_PROTOCOL_VERSION'],
  ])('refuses %s with 400 %s', async (_what, body, code) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code } });
  });
});

const pollsHeld = (): number => server.app.actionsService.heldPolls;
