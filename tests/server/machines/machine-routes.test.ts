import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import type {
  HistoryResult,
  MachineDetail,
  MachineList,
  MachineSummary,
} from '../../../src/shared/fleet-api.js';
import type { EnrollResponse } from '../../../src/shared/protocol/index.js';
import { makeHealth, makeInventory, makeSample } from '../../helpers/sample-factory.js';
import { enrollMachine, reportOf, sendReport } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';

const MINUTE = 60_000;
let server: TestServer;
let clock: number;
let orgId: string;
let agent: EnrollResponse;

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 0, 0);
  server = await startTestServer({ onlineSeconds: 60, offlineSeconds: 300 }, { now: () => clock });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner' }));
  agent = await enrollMachine(server, orgId, { hostname: 'reception-pc', tags: ['front'] });
});
afterEach(async () => server.close());

async function call(
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

describe('GET /api/v1/machines', () => {
  it('lists the org machines with status, thresholds and server time', async () => {
    const key = await createApiKey(server.ctx, orgId, 'viewer');
    const answer = await call('GET', FLEET_API.machines, key);
    expect(answer.status).toBe(200);
    const list = answer.body as MachineList;
    expect(list.thresholds).toEqual({ onlineSeconds: 60, offlineSeconds: 300 });
    expect(list.serverTime).toBe(clock);
    expect(list.machines).toEqual([
      expect.objectContaining({
        id: agent.agentId,
        hostname: 'reception-pc',
        status: 'offline',
        lastSeenAt: null,
        health: null,
        tags: ['front'],
        agentVersion: '0.1.0',
        enrolledAt: clock,
      }),
    ]);
  });

  it('follows reports: online, then stale, then offline as time passes', async () => {
    const key = await createApiKey(server.ctx, orgId, 'viewer');
    const sample = makeSample(clock - 5_000);
    await sendReport(
      server.url,
      agent.agentToken,
      reportOf([{ seq: 1, sample }], { health: makeHealth(clock, 'warn') }),
    );
    const status = async () =>
      ((await call('GET', FLEET_API.machines, key)).body as MachineList).machines[0]!;

    expect(await status()).toMatchObject({
      status: 'online',
      lastSeenAt: clock,
      health: { score: 70, status: 'warn' },
      cpuPercent: sample.cpu!.usagePercent,
      memoryPercent: sample.memory!.usedPercent,
    });
    clock += 61_000;
    expect((await status()).status).toBe('stale');
    clock += 300_000;
    expect((await status()).status).toBe('offline');
  });
});

describe('GET /api/v1/machines/:id', () => {
  it('answers the detail with health, inventory and latest sample', async () => {
    const key = await createApiKey(server.ctx, orgId, 'viewer');
    const sample = makeSample(clock - 1_000);
    const inventory = makeInventory(clock);
    const health = makeHealth(clock, 'critical');
    await sendReport(
      server.url,
      agent.agentToken,
      reportOf([{ seq: 1, sample }], { inventory, health }),
    );
    const answer = await call('GET', FLEET_API.machine(agent.agentId), key);
    expect(answer.status).toBe(200);
    const detail = answer.body as MachineDetail;
    expect(detail.machine).toMatchObject({
      id: agent.agentId,
      hostname: inventory.hostname,
      status: 'online',
    });
    expect(detail.inventory).toEqual(inventory);
    expect(detail.health).toEqual(health);
    expect(detail.latestSample).toEqual(sample);
  });

  it('answers 404 for an unknown id', async () => {
    const key = await createApiKey(server.ctx, orgId, 'viewer');
    expect(await call('GET', FLEET_API.machine('nope'), key)).toMatchObject({
      status: 404,
      body: { error: { code: 'E_NOT_FOUND' } },
    });
  });
});

describe('GET /api/v1/machines/:id/history', () => {
  beforeEach(async () => {
    // Two hours of samples every 30 s with known values: cpu = minute index within the hour.
    const start = clock - 2 * 60 * MINUTE;
    const samples = Array.from({ length: 240 }, (_, i) => {
      const sample = makeSample(start + i * 30_000);
      sample.cpu!.usagePercent = Math.floor(i / 2) % 60;
      return { seq: i + 1, sample };
    });
    const answer = await sendReport(server.url, agent.agentToken, reportOf(samples));
    expect(answer.status).toBe(200);
  });

  it('answers one point per minute when the range fits', async () => {
    const key = await createApiKey(server.ctx, orgId, 'viewer');
    const from = clock - 60 * MINUTE;
    const answer = await call(
      'GET',
      `${FLEET_API.machineHistory(agent.agentId)}?metrics=cpu.usagePercent&from=${from}&to=${clock}`,
      key,
    );
    expect(answer.status).toBe(200);
    const history = answer.body as HistoryResult;
    expect(history).toMatchObject({ tier: 'minute', stepMs: MINUTE });
    const points = history.series[0]!.points;
    expect(points).toHaveLength(60);
    expect(points[0]).toEqual({ ts: from, avg: 0, max: 0 });
    expect(points[59]).toEqual({ ts: clock - MINUTE, avg: 59, max: 59 });
  });

  it('merges buckets so no series has more than maxPoints points', async () => {
    const key = await createApiKey(server.ctx, orgId, 'viewer');
    const from = clock - 60 * MINUTE;
    const answer = await call(
      'GET',
      `${FLEET_API.machineHistory(agent.agentId)}?metrics=cpu.usagePercent,memory.usedPercent&from=${from}&to=${clock}&maxPoints=6`,
      key,
    );
    const history = answer.body as HistoryResult;
    expect(history.stepMs).toBe(10 * MINUTE);
    expect(history.series.map((s) => s.metric)).toEqual(['cpu.usagePercent', 'memory.usedPercent']);
    const cpu = history.series[0]!.points;
    expect(cpu).toHaveLength(6);
    // Minutes 0..9 of the hour: avg 4.5, max 9.
    expect(cpu[0]).toEqual({ ts: from, avg: 4.5, max: 9 });
    expect(cpu[5]).toEqual({ ts: from + 50 * MINUTE, avg: 54.5, max: 59 });
  });

  it('refuses unknown metrics, a reversed range and maxPoints out of bounds', async () => {
    const key = await createApiKey(server.ctx, orgId, 'viewer');
    const path = FLEET_API.machineHistory(agent.agentId);
    for (const query of [
      'metrics=disk.usedPercent:/home',
      'metrics=nonsense',
      `from=${clock}&to=${clock - 1}`,
      'maxPoints=0',
      'maxPoints=2001',
      'from=-5',
      'surprise=1',
    ]) {
      expect(await call('GET', `${path}?${query}`, key), query).toMatchObject({
        status: 400,
        body: { error: { code: 'E_BAD_REQUEST' } },
      });
    }
  });
});

describe('PUT /api/v1/machines/:id/tags and DELETE /api/v1/machines/:id', () => {
  it('replaces tags (trimmed, repeats dropped) for an operator, not a viewer', async () => {
    const viewer = await createApiKey(server.ctx, orgId, 'viewer');
    const operator = await createApiKey(server.ctx, orgId, 'operator');
    const path = FLEET_API.machineTags(agent.agentId);
    expect(await call('PUT', path, viewer, { tags: ['x'] })).toMatchObject({
      status: 403,
      body: { error: { code: 'E_FORBIDDEN' } },
    });
    const answer = await call('PUT', path, operator, { tags: [' lab ', 'floor-2', 'lab', 'Café'] });
    expect(answer.status).toBe(200);
    expect((answer.body as MachineSummary).tags).toEqual(['lab', 'floor-2', 'Café']);
    for (const tags of [
      ['bad/tag'],
      [''],
      ['x'.repeat(41)],
      Array.from({ length: 21 }, (_, i) => `t${i}`),
    ]) {
      expect(await call('PUT', path, operator, { tags })).toMatchObject({
        status: 400,
        body: { error: { code: 'E_BAD_REQUEST' } },
      });
    }
  });

  it('deletes the machine, its aggregates and its token', async () => {
    const operator = await createApiKey(server.ctx, orgId, 'operator');
    await sendReport(server.url, agent.agentToken, reportOf([{ seq: 1, ts: clock - 1000 }]));
    expect((await call('DELETE', FLEET_API.machine(agent.agentId), operator)).status).toBe(204);

    expect((await call('GET', FLEET_API.machine(agent.agentId), operator)).status).toBe(404);
    const counts = await Promise.all(
      (['machines', 'machine_minutes', 'agent_tokens'] as const).map(
        async (table) => (await server.ctx.db.selectFrom(table).selectAll().execute()).length,
      ),
    );
    expect(counts).toEqual([0, 0, 0]);
    expect(
      await sendReport(server.url, agent.agentToken, reportOf([{ seq: 2, ts: clock }])),
    ).toMatchObject({
      status: 401,
      body: { error: { code: 'E_AGENT_TOKEN_INVALID' } },
    });
  });
});

describe('two orgs', () => {
  it('never shows or touches another org machines: 404 everywhere, lists apart', async () => {
    const other = await createOrgWithUser(server.ctx, { role: 'owner' });
    const theirs = await enrollMachine(server, other.orgId, { hostname: 'their-pc' });
    const key = await createApiKey(server.ctx, other.orgId, 'owner');
    const id = agent.agentId;

    const list = (await call('GET', FLEET_API.machines, key)).body as MachineList;
    expect(list.machines.map((m) => m.id)).toEqual([theirs.agentId]);
    for (const [method, path, body] of [
      ['GET', FLEET_API.machine(id), undefined],
      ['GET', FLEET_API.machineHistory(id), undefined],
      ['PUT', FLEET_API.machineTags(id), { tags: ['stolen'] }],
      ['DELETE', FLEET_API.machine(id), undefined],
    ] as const) {
      expect(await call(method, path, key, body), `${method} ${path}`).toMatchObject({
        status: 404,
        body: { error: { code: 'E_NOT_FOUND' } },
      });
    }
    const row = await server.ctx.db
      .selectFrom('machines')
      .select('tags_json')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.tags_json).toBe('["front"]');
  });
});
