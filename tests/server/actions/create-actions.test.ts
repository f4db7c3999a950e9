import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditList, CreatedActions } from '../../../src/shared/actions-api.js';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { enrollMachine } from '../agent/agent-client.js';
import { addUserToOrg, createApiKey, createOrgWithUser, login } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { bearer, call, getAction, message } from './action-test-kit.js';

let server: TestServer;
let clock: number;
let orgId: string;
let operatorKey: string;
let adminKey: string;
let machines: string[];

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 0, 0);
  server = await startTestServer({}, { now: () => clock });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner' }));
  operatorKey = await createApiKey(server.ctx, orgId, 'operator');
  adminKey = await createApiKey(server.ctx, orgId, 'admin');
  machines = [
    (await enrollMachine(server, orgId, { hostname: 'front-1', tags: ['front'] })).agentId,
    (await enrollMachine(server, orgId, { hostname: 'front-2', tags: ['front', 'lab'] })).agentId,
    (await enrollMachine(server, orgId, { hostname: 'back-1' })).agentId,
  ];
});
afterEach(async () => server.close());

const create = (body: unknown, key = operatorKey) =>
  call(server.url, 'POST', FLEET_API.actions, bearer(key), body);

describe('POST /api/v1/actions: targets', () => {
  it('creates one queued action per machine in one batch, with one audit entry', async () => {
    const answer = await create(message(machines.slice(0, 2), 'Fire drill at 3'));
    expect(answer.status).toBe(201);
    const created = answer.body as CreatedActions;
    expect(created.actions).toHaveLength(2);
    expect(created.actions.map((a) => a.machineId)).toEqual(machines.slice(0, 2));
    expect(created.actions[0]).toMatchObject({
      batchId: created.batchId,
      hostname: 'front-1',
      type: 'message',
      status: 'queued',
      stage: null,
      createdAt: clock,
      createdBy: 'test operator key',
      expiresAt: clock + 7 * 86_400_000,
      deliveredAt: null,
      result: null,
      retryOf: null,
      hasArtifact: false,
    });

    const audit = await call(server.url, 'GET', FLEET_API.audit, bearer(adminKey));
    expect(audit.status).toBe(200);
    expect((audit.body as AuditList).entries).toEqual([
      expect.objectContaining({
        actorType: 'api-key',
        actorName: 'test operator key',
        ip: '127.0.0.1',
        event: 'actions.create',
        actionType: 'message',
        batchId: created.batchId,
        machineIds: machines.slice(0, 2),
        target: '2 machines',
        summary: 'Fire drill at 3',
        at: clock,
      }),
    ]);
  });

  it('targets a tag and the whole org', async () => {
    const byTag = (await create({ ...message([]), target: { tag: 'front' } }))
      .body as CreatedActions;
    expect(byTag.actions.map((a) => a.hostname).sort()).toEqual(['front-1', 'front-2']);
    const all = (await create({ type: 'flush-dns', target: { all: true } })).body as CreatedActions;
    expect(all.actions).toHaveLength(3);
    expect(all.actions[0]!.params).toEqual({});
    const audit = (await call(server.url, 'GET', FLEET_API.audit, bearer(adminKey)))
      .body as AuditList;
    expect(audit.entries.map((e) => [e.target, e.summary])).toEqual([
      ['all machines', 'flush-dns'],
      ['tag front', 'Hello'],
    ]);
  });

  it('refuses a target that names nobody: 400 E_ACTION_NO_TARGET', async () => {
    for (const target of [{ machineIds: [] }, { tag: 'nobody-has-this' }]) {
      const answer = await create({ ...message([]), target });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'E_ACTION_NO_TARGET' } });
    }
    const empty = await createOrgWithUser(server.ctx, { role: 'owner' });
    const emptyKey = await createApiKey(server.ctx, empty.orgId, 'operator');
    const answer = await create({ ...message([]), target: { all: true } }, emptyKey);
    expect(answer.body).toMatchObject({ error: { code: 'E_ACTION_NO_TARGET' } });
  });

  it("refuses ids that are not the org's machines, whole request, 404 E_ACTION_UNKNOWN_MACHINES", async () => {
    const other = await createOrgWithUser(server.ctx, { role: 'owner' });
    const theirs = await enrollMachine(server, other.orgId);
    for (const ids of [[machines[0]!, theirs.agentId], ['no-such-machine']]) {
      const answer = await create(message(ids));
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ error: { code: 'E_ACTION_UNKNOWN_MACHINES' } });
    }
    const list = await call(server.url, 'GET', FLEET_API.actions, bearer(operatorKey));
    expect(list.body).toEqual({ actions: [] });
  });

  it('refuses more than 10,000 ids and a body over the limit (413 E_BODY_TOO_LARGE)', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => `m${i}`);
    const tooMany = await create(message(many));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ error: { code: 'E_BAD_REQUEST' } });

    const huge = await create({ ...message(machines), padding: 'x'.repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: 'E_BODY_TOO_LARGE' } });
  });
});

describe('POST /api/v1/actions: types and params', () => {
  it('applies the restart defaults and keeps what is given', async () => {
    const defaults = (
      await create({
        type: 'restart',
        params: { reason: 'Patch Tuesday' },
        target: { machineIds: [machines[0]] },
      })
    ).body as CreatedActions;
    expect(defaults.actions[0]!.params).toEqual({
      reason: 'Patch Tuesday',
      delaySeconds: 300,
      snooze: { maxCount: 1, lengthSeconds: 600 },
    });
    const given = (
      await create({
        type: 'restart',
        params: { reason: '', delaySeconds: 60, snooze: { maxCount: 0, lengthSeconds: 60 } },
        target: { machineIds: [machines[0]] },
        expiresInSeconds: 3600,
      })
    ).body as CreatedActions;
    expect(given.actions[0]).toMatchObject({
      params: { reason: '', delaySeconds: 60, snooze: { maxCount: 0, lengthSeconds: 60 } },
      expiresAt: clock + 3_600_000,
    });
  });

  it.each([
    [{ type: 'shell', params: { command: 'rm -rf /' } }, 'E_ACTION_UNKNOWN_TYPE'],
    [{ type: 'message', params: { title: '', body: '', level: 'info' } }, 'E_ACTION_INVALID'],
    [{ type: 'message', params: { title: 'x', body: '', level: 'loud' } }, 'E_ACTION_INVALID'],
    [{ type: 'message' }, 'E_ACTION_INVALID'],
    [{ type: 'message', params: 'hello' }, 'E_ACTION_INVALID'],
    [{ type: 'restart', params: { reason: 'x', delaySeconds: 5 } }, 'E_ACTION_INVALID'],
    [{ type: 'restart', params: { reason: 'x', command: 'halt' } }, 'E_ACTION_INVALID'],
    [{ type: 'restart', params: {} }, 'E_ACTION_INVALID'],
    [{ type: 'flush-dns', params: { server: '8.8.8.8' } }, 'E_ACTION_INVALID'],
    [{ type: 'message', params: {}, expiresInSeconds: 31 * 86_400 }, 'E_BAD_REQUEST'],
    [{ type: 'message', params: {}, extra: true }, 'E_BAD_REQUEST'],
  ])('refuses %j with 400 %s', async (body, code) => {
    const answer = await create({ target: { machineIds: [machines[0]] }, ...body });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code, message: expect.any(String) } });
  });

  it('names the wrong field', async () => {
    const answer = await create({
      type: 'restart',
      params: { reason: 'x', snooze: { maxCount: 99, lengthSeconds: 600 } },
      target: { machineIds: [machines[0]] },
    });
    expect((answer.body as { error: { message: string } }).error.message).toContain(
      'params.snooze.maxCount',
    );
  });

  it('stores markup as text, never interpreted', async () => {
    const title = '<img src=x onerror=alert(1)>';
    const body = '<script>alert("hi")</script> & <b>bold</b>';
    const created = (
      await create({
        type: 'message',
        params: { title, body, level: 'warning' },
        target: { machineIds: [machines[0]] },
      })
    ).body as CreatedActions;
    const detail = await getAction(server.url, operatorKey, created.actions[0]!.id);
    expect(detail.params).toEqual({ title, body, level: 'warning' });
    const audit = (await call(server.url, 'GET', FLEET_API.audit, bearer(adminKey)))
      .body as AuditList;
    expect(audit.entries[0]!.summary).toBe(title);
  });
});

describe('POST /api/v1/actions: roles', () => {
  it('a viewer cannot send; an operator can; a session needs its CSRF token', async () => {
    const viewerKey = await createApiKey(server.ctx, orgId, 'viewer');
    const refused = await create(message([machines[0]!]), viewerKey);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'E_FORBIDDEN' } });

    const operator = await addUserToOrg(server.ctx, orgId, 'operator');
    const session = await login(server.url, operator.email, operator.password);
    const withoutCsrf = await call(
      server.url,
      'POST',
      FLEET_API.actions,
      { cookie: session.cookie },
      message([machines[0]!]),
    );
    expect(withoutCsrf.body).toMatchObject({ error: { code: 'E_CSRF' } });
    const sent = await call(
      server.url,
      'POST',
      FLEET_API.actions,
      session.headers(),
      message([machines[0]!]),
    );
    expect(sent.status).toBe(201);
    expect((sent.body as CreatedActions).actions[0]!.createdBy).toBe(session.me.user.name);

    const audit = (await call(server.url, 'GET', FLEET_API.audit, bearer(adminKey)))
      .body as AuditList;
    expect(audit.entries[0]).toMatchObject({
      actorType: 'user',
      actorId: session.me.user.id,
      actorName: session.me.user.name,
    });
    expect(
      await call(server.url, 'POST', FLEET_API.actions, {}, message([machines[0]!])),
    ).toMatchObject({
      status: 401,
    });
  });

  it('the audit log is for admins only', async () => {
    const answer = await call(server.url, 'GET', FLEET_API.audit, bearer(operatorKey));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: 'E_FORBIDDEN' } });
  });
});
