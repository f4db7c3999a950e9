import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionList, AuditList, CreatedActions } from '../../../src/shared/actions-api.js';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { AGENT_API, PROTOCOL_VERSION } from '../../../src/shared/protocol/index.js';
import type { EnrollResponse } from '../../../src/shared/protocol/index.js';
import { enrollMachine, postJson } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import {
  bearer,
  call,
  getAction,
  message,
  openChannel,
  sendAction,
  update,
} from './action-test-kit.js';

let server: TestServer;
let a: { key: string; agent: EnrollResponse; admin: string };
let b: { key: string; agent: EnrollResponse; admin: string };

beforeEach(async () => {
  server = await startTestServer();
  const orgA = await createOrgWithUser(server.ctx, { role: 'owner' });
  const orgB = await createOrgWithUser(server.ctx, { role: 'owner' });
  a = {
    key: await createApiKey(server.ctx, orgA.orgId, 'operator'),
    admin: await createApiKey(server.ctx, orgA.orgId, 'owner'),
    agent: await enrollMachine(server, orgA.orgId, { tags: ['shared-tag'] }),
  };
  b = {
    key: await createApiKey(server.ctx, orgB.orgId, 'operator'),
    admin: await createApiKey(server.ctx, orgB.orgId, 'owner'),
    agent: await enrollMachine(server, orgB.orgId, { tags: ['shared-tag'] }),
  };
});
afterEach(async () => server.close());

describe('two orgs on one server', () => {
  it("never shows, changes or delivers one org's actions to the other", async () => {
    const channelB = await openChannel(server.url, b.agent.agentToken);
    await channelB.next('actions');
    const created = (await sendAction(server.url, a.key, {
      ...message([]),
      target: { tag: 'shared-tag' },
    })) as CreatedActions;
    expect(created.actions.map((x) => x.machineId)).toEqual([a.agent.agentId]);
    const id = created.actions[0]!.id;

    // Fleet API: 404 for every path with the other org's id; lists and audit stay apart.
    for (const [method, path] of [
      ['GET', FLEET_API.action(id)],
      ['POST', FLEET_API.actionCancel(id)],
      ['POST', FLEET_API.actionRetry(id)],
      ['GET', FLEET_API.actionArtifact(id)],
    ] as const) {
      const answer = await call(server.url, method, path, bearer(b.admin));
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body).toMatchObject({ error: { code: 'E_NOT_FOUND' } });
    }
    const listB = (await call(server.url, 'GET', FLEET_API.actions, bearer(b.key)))
      .body as ActionList;
    expect(listB.actions).toEqual([]);
    const filtered = (
      await call(
        server.url,
        'GET',
        `${FLEET_API.actions}?machineId=${a.agent.agentId}`,
        bearer(b.key),
      )
    ).body as ActionList;
    expect(filtered.actions).toEqual([]);
    const auditB = (await call(server.url, 'GET', FLEET_API.audit, bearer(b.admin)))
      .body as AuditList;
    expect(auditB.entries).toEqual([]);

    // Agent side: B's machine gets nothing, cannot update or upload for A's action.
    const pollB = await call(
      server.url,
      'GET',
      `${AGENT_API.actions}?wait=0`,
      bearer(b.agent.agentToken),
    );
    expect(pollB.body).toEqual({ protocolVersion: 1, actions: [], cancelled: [] });
    const updated = await postJson(
      `${server.url}${AGENT_API.actionUpdates}`,
      { protocolVersion: PROTOCOL_VERSION, updates: [update(id, 1, 'failed')] },
      bearer(b.agent.agentToken),
    );
    expect(updated.body).toEqual({ protocolVersion: 1, stored: [1] });
    channelB.sendUpdates([update(id, 2, 'succeeded')]);
    await channelB.next('stored');
    expect(channelB.frames.filter((f) => f.type === 'actions')).toHaveLength(1);
    await channelB.close();

    const detail = await getAction(server.url, a.key, id);
    expect(detail.status).toBe('queued');
    expect(detail.events).toHaveLength(1);
  });
});
