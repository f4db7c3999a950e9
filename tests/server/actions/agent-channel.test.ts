import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { CHANNEL_CLOSE_CODES } from '../../../src/shared/protocol/index.js';
import type { EnrollResponse } from '../../../src/shared/protocol/index.js';
import { enroll, enrollMachine, enrollRequest } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestChannel } from './action-test-kit.js';
import {
  bearer,
  call,
  getAction,
  message,
  openChannel,
  sendAction,
  tryChannel,
  update,
} from './action-test-kit.js';
import { createEnrollmentToken } from '../../../server/enrollment/enrollment-tokens.js';

let server: TestServer;
let clock: number;
let orgId: string;
let operatorKey: string;
let agent: EnrollResponse & { hardwareId: string };
const channels: TestChannel[] = [];

async function connect(token = agent.agentToken, options = {}): Promise<TestChannel> {
  const channel = await openChannel(server.url, token, options);
  channels.push(channel);
  return channel;
}

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 0, 0);
  server = await startTestServer({}, { now: () => clock });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner' }));
  operatorKey = await createApiKey(server.ctx, orgId, 'operator');
  agent = await enrollMachine(server, orgId, { hostname: 'desk-1' });
});
afterEach(async () => {
  for (const channel of channels.splice(0)) await channel.close();
  await server.close();
});

describe('the live channel: authentication', () => {
  it('refuses an unknown, a malformed or a missing token with 401 before any upgrade', async () => {
    for (const headers of [
      bearer('dfa_' + 'x'.repeat(43)),
      bearer('nonsense'),
      { authorization: 'Basic abc' },
      {},
    ]) {
      const answer = await tryChannel(server.url, headers);
      expect(answer).not.toBe('open');
      if (answer === 'open') continue;
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'E_AGENT_TOKEN_INVALID' } });
    }
    expect(server.app.actionsService.channels.size).toBe(0);
  });

  it('answers a plain GET (no upgrade) with 426 E_UPGRADE_REQUIRED', async () => {
    const answer = await call(server.url, 'GET', '/api/v1/agent/channel', bearer(agent.agentToken));
    expect(answer.status).toBe(426);
    expect(answer.body).toMatchObject({ error: { code: 'E_UPGRADE_REQUIRED' } });
  });
});

describe('the live channel: delivery', () => {
  it('sends an empty actions frame on connect, then pushes a new action at once', async () => {
    const channel = await connect();
    expect(await channel.next('actions')).toEqual({
      type: 'actions',
      protocolVersion: 1,
      actions: [],
    });
    const created = await sendAction(server.url, operatorKey, message([agent.agentId], 'Now'));
    const pushed = await channel.next('actions');
    expect(pushed.actions).toEqual([
      {
        id: created.actions[0]!.id,
        type: 'message',
        params: { title: 'Now', body: 'Please save your work.', level: 'info' },
        createdAt: clock,
        expiresAt: clock + 7 * 24 * 3600 * 1000,
        sentBy: 'test operator key',
      },
    ]);
    // Pushed is not delivered: only the agent's acknowledgement says so.
    expect((await getAction(server.url, operatorKey, created.actions[0]!.id)).status).toBe(
      'queued',
    );
  });

  it('queues while the machine is offline and delivers on connect, until acknowledged', async () => {
    const first = await sendAction(server.url, operatorKey, message([agent.agentId], 'One'));
    const second = await sendAction(server.url, operatorKey, {
      type: 'restart',
      params: { reason: 'Updates' },
      target: { machineIds: [agent.agentId] },
    });
    const ids = [first.actions[0]!.id, second.actions[0]!.id];

    const channel = await connect();
    const opening = await channel.next('actions');
    expect(opening.actions.map((a) => a.id)).toEqual(ids);
    expect(opening.actions[1]!.params).toEqual({
      reason: 'Updates',
      delaySeconds: 300,
      snooze: { maxCount: 1, lengthSeconds: 600 },
    });

    channel.sendUpdates([update(ids[0]!, 1, 'delivered')]);
    expect(await channel.next('stored')).toEqual({ type: 'stored', protocolVersion: 1, seqs: [1] });
    const delivered = await getAction(server.url, operatorKey, ids[0]!);
    expect(delivered).toMatchObject({ status: 'delivered', deliveredAt: clock });
    await channel.close();

    // Delivered but not running is sent again (the agent ignores what it has); running is not.
    const again = await connect();
    again.sendUpdates([update(ids[1]!, 2, 'running', { stage: 'scheduled' })]);
    expect((await again.next('actions')).actions.map((a) => a.id)).toEqual(ids);
    await again.next('stored');
    await again.close();
    const third = await connect();
    expect((await third.next('actions')).actions.map((a) => a.id)).toEqual([ids[0]]);
  });

  it('never delivers an expired action, even before the sweep has marked it', async () => {
    const created = await sendAction(server.url, operatorKey, {
      ...message([agent.agentId]),
      expiresInSeconds: 60,
    });
    clock += 61_000;
    const channel = await connect();
    expect((await channel.next('actions')).actions).toEqual([]);

    await server.app.actionsService.sweepExpired();
    const expired = await getAction(server.url, operatorKey, created.actions[0]!.id);
    expect(expired).toMatchObject({ status: 'expired', finishedAt: clock });
    expect(expired.events.map((e) => e.status)).toEqual(['queued', 'expired']);
  });

  it('a newer socket of the same machine replaces the older one (4000)', async () => {
    const older = await connect();
    await older.next('actions');
    const newer = await connect();
    await newer.next('actions');
    expect(await older.closed).toEqual({
      code: CHANNEL_CLOSE_CODES.replaced,
      reason: 'replaced by a newer connection',
    });
    await sendAction(server.url, operatorKey, message([agent.agentId]));
    expect((await newer.next('actions')).actions).toHaveLength(1);
    expect(server.app.actionsService.channels.size).toBe(1);
  });
});

describe('the live channel: cancel', () => {
  it('sends cancel at once to a connected agent, and again on reconnect until it stops', async () => {
    const created = await sendAction(server.url, operatorKey, {
      type: 'restart',
      params: { reason: 'Patch', delaySeconds: 600 },
      target: { machineIds: [agent.agentId] },
    });
    const id = created.actions[0]!.id;
    const channel = await connect();
    await channel.next('actions');
    channel.sendUpdates([
      update(id, 1, 'delivered'),
      update(id, 2, 'running', { stage: 'scheduled' }),
    ]);
    await channel.next('stored');

    const cancelled = await call(
      server.url,
      'POST',
      FLEET_API.actionCancel(id),
      bearer(operatorKey),
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled', finishedAt: clock });
    expect(await channel.next('cancel')).toEqual({
      type: 'cancel',
      protocolVersion: 1,
      actionIds: [id],
    });
    await channel.close();

    // An agent that missed it (offline during the cancel) hears it on connect.
    const back = await connect();
    expect((await back.next('actions')).actions).toEqual([]);
    expect((await back.next('cancel')).actionIds).toEqual([id]);
    back.sendUpdates([update(id, 3, 'cancelled', { stage: 'stopped' })]);
    await back.next('stored');
    await back.close();

    // Confirmed: no more cancels. A cancel would come right behind the opening frame, before
    // the answer to an update sent after it.
    const after = await connect();
    await after.next('actions');
    after.sendUpdates([update('unrelated', 4, 'delivered')]);
    await after.next('stored');
    expect(after.frames.some((f) => f.type === 'cancel')).toBe(false);
    const detail = await getAction(server.url, operatorKey, id);
    expect(detail.status).toBe('cancelled');
    expect(detail.events.map((e) => [e.status, e.stage])).toEqual([
      ['queued', null],
      ['delivered', null],
      ['running', 'scheduled'],
      ['cancelled', null],
      ['cancelled', 'stopped'],
    ]);
  });

  it('tells an agent again when it works on an action cancelled before it acknowledged', async () => {
    const created = await sendAction(server.url, operatorKey, message([agent.agentId]));
    const id = created.actions[0]!.id;
    await call(server.url, 'POST', FLEET_API.actionCancel(id), bearer(operatorKey));
    const channel = await connect();
    await channel.next('actions');
    channel.sendUpdates([update(id, 1, 'running', { stage: 'shown' })]);
    await channel.next('stored');
    expect((await channel.next('cancel')).actionIds).toEqual([id]);
    expect((await getAction(server.url, operatorKey, id)).status).toBe('cancelled');
  });
});

describe('the live channel: updates', () => {
  it('stores updates once by seq and moves status forward only', async () => {
    const created = await sendAction(server.url, operatorKey, message([agent.agentId]));
    const id = created.actions[0]!.id;
    const channel = await connect();
    await channel.next('actions');

    channel.sendUpdates([
      update(id, 1, 'delivered'),
      update(id, 2, 'running', { stage: 'shown' }),
      update(id, 3, 'succeeded', { stage: 'shown', result: { detail: { shownAt: 1 } } }),
    ]);
    expect((await channel.next('stored')).seqs).toEqual([1, 2, 3]);
    // Resent after a lost answer: stored again, changes nothing.
    channel.sendUpdates([update(id, 2, 'running', { stage: 'shown' })]);
    expect((await channel.next('stored')).seqs).toEqual([2]);
    // Backwards and sideways moves are recorded but change nothing; `read` moves the stage on.
    channel.sendUpdates([
      update(id, 4, 'delivered'),
      update(id, 5, 'failed', { result: { error: { code: 'E_X', message: 'late' } } }),
      update(id, 6, 'succeeded', { stage: 'read' }),
    ]);
    expect((await channel.next('stored')).seqs).toEqual([4, 5, 6]);

    const detail = await getAction(server.url, operatorKey, id);
    expect(detail).toMatchObject({
      status: 'succeeded',
      stage: 'read',
      deliveredAt: clock,
      startedAt: clock,
      finishedAt: clock,
      result: { detail: { shownAt: 1 } },
    });
    expect(detail.events.map((e) => [e.status, e.stage])).toEqual([
      ['queued', null],
      ['delivered', null],
      ['running', 'shown'],
      ['succeeded', 'shown'],
      ['delivered', null],
      ['failed', null],
      ['succeeded', 'read'],
    ]);
  });

  it("ignores updates about another machine's actions but reports them stored", async () => {
    const other = await enrollMachine(server, orgId);
    const created = await sendAction(server.url, operatorKey, message([other.agentId]));
    const id = created.actions[0]!.id;
    const channel = await connect();
    await channel.next('actions');
    channel.sendUpdates([update(id, 1, 'failed'), update('no-such-action', 2, 'succeeded')]);
    expect((await channel.next('stored')).seqs).toEqual([1, 2]);
    const detail = await getAction(server.url, operatorKey, id);
    expect(detail.status).toBe('queued');
    expect(detail.events).toHaveLength(1);
  });

  it.each([
    ['not JSON', 'hello'],
    ['not an agent frame', JSON.stringify({ type: 'updates', protocolVersion: 1, updates: [] })],
    ['not an agent frame', JSON.stringify({ type: 'shell', command: 'rm -rf /' })],
    [
      'protocol version 99 is not accepted',
      JSON.stringify({
        type: 'updates',
        protocolVersion: 99,
        updates: [{ seq: 1, actionId: 'a', status: 'delivered', at: 1 }],
      }),
    ],
  ])('closes with 1008 (%s) on a bad frame, without harm', async (reason, text) => {
    const channel = await connect();
    await channel.next('actions');
    channel.socket.send(text);
    expect(await channel.closed).toEqual({ code: CHANNEL_CLOSE_CODES.policy, reason });
    // The server carries on.
    const again = await connect();
    await again.next('actions');
  });

  it('closes with 1008 on a binary frame, and with 1009 on one over 256 KiB', async () => {
    const channel = await connect();
    await channel.next('actions');
    channel.socket.send(Buffer.from([1, 2, 3]));
    expect((await channel.closed).code).toBe(CHANNEL_CLOSE_CODES.policy);

    const big = await connect();
    await big.next('actions');
    big.socket.send('x'.repeat(300 * 1024));
    expect((await big.closed).code).toBe(1009);
  });
});

describe('the live channel: lifetime', () => {
  it('terminates a socket that does not answer pings, keeps one that does', async () => {
    const other = await enrollMachine(server, orgId);
    const silent = await connect(agent.agentToken, { autoPong: false });
    await silent.next('actions');
    const lively = await connect(other.agentToken);
    await lively.next('actions');
    const pongs = new Promise<void>((resolve) => lively.socket.once('ping', () => resolve()));

    server.app.actionsService.channels.heartbeat();
    await pongs;
    // The pong went out before this frame on the same connection: once the frame is answered,
    // the server has seen the pong.
    lively.sendUpdates([update('unrelated', 1, 'delivered')]);
    await lively.next('stored');
    server.app.actionsService.channels.heartbeat();

    expect((await silent.closed).code).toBe(1006);
    await expect
      .poll(() => server.app.actionsService.channels.isConnected(agent.agentId))
      .toBe(false);
    expect(lively.socket.readyState).toBe(lively.socket.OPEN);
    expect(server.app.actionsService.channels.isConnected(other.agentId)).toBe(true);
  });

  it('closes the socket of a deleted machine (4001) and refuses its token after', async () => {
    const channel = await connect();
    await channel.next('actions');
    const deleted = await call(
      server.url,
      'DELETE',
      FLEET_API.machine(agent.agentId),
      bearer(operatorKey),
    );
    expect(deleted.status).toBe(204);
    expect((await channel.closed).code).toBe(CHANNEL_CLOSE_CODES.revoked);
    expect(await tryChannel(server.url, bearer(agent.agentToken))).toMatchObject({ status: 401 });
  });

  it('closes the socket when the machine enrols again (its old token is revoked)', async () => {
    const channel = await connect();
    await channel.next('actions');
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
    expect((await channel.closed).code).toBe(CHANNEL_CLOSE_CODES.revoked);
  });

  it('closes every socket with 1001 when the server stops; queued actions survive a restart', async () => {
    const channel = await connect();
    await channel.next('actions');
    const created = await sendAction(server.url, operatorKey, message([agent.agentId]));
    await channel.next('actions');
    const dataDir = server.config.dataDir;
    await server.app.close();
    expect(await channel.closed).toEqual({ code: 1001, reason: 'server shutting down' });

    const restarted = await startTestServer({ dataDir }, { now: () => clock });
    try {
      const back = await openChannel(restarted.url, agent.agentToken);
      channels.push(back);
      expect((await back.next('actions')).actions.map((a) => a.id)).toEqual([
        created.actions[0]!.id,
      ]);
    } finally {
      for (const c of channels.splice(0)) await c.close();
      await restarted.close();
    }
  });
});
