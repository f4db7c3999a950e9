import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import type { MachineSummary } from '../../../src/shared/fleet-api.js';
import type { EnrollResponse } from '../../../src/shared/protocol/index.js';
import { enrollMachine, reportOf, sendReport } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser, login } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import type { StreamEvent } from '../helpers/event-stream.js';
import { openEvents } from '../helpers/event-stream.js';

let server: TestServer;
let clock: number;
let orgId: string;
let agent: EnrollResponse;
let viewerKey: string;

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 0, 0);
  server = await startTestServer({ onlineSeconds: 60, offlineSeconds: 300 }, { now: () => clock });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner' }));
  agent = await enrollMachine(server, orgId, { hostname: 'live-pc' });
  viewerKey = await createApiKey(server.ctx, orgId, 'viewer');
});
afterEach(async () => server.close());

const machinesOf = (event: StreamEvent) => (event.data as { machines: MachineSummary[] }).machines;

describe('GET /api/v1/events', () => {
  it('needs a viewer: 401 without credentials', async () => {
    const response = await fetch(`${server.url}${FLEET_API.events}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'E_UNAUTHENTICATED' } });
  });

  it('sends the machine after a report, then its status change as time passes', async () => {
    const stream = await openEvents(server.url, { authorization: `Bearer ${viewerKey}` });
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    try {
      await sendReport(server.url, agent.agentToken, reportOf([{ seq: 1, ts: clock - 1000 }]));
      const reported = await stream.next(
        (e) => e.event === 'machines' && machinesOf(e).some((m) => m.status === 'online'),
      );
      expect(machinesOf(reported)).toEqual([
        expect.objectContaining({ id: agent.agentId, hostname: 'live-pc', lastSeenAt: clock }),
      ]);

      clock += 61_000;
      const stale = await stream.next((e) => e.event === 'machines');
      expect(machinesOf(stale)).toEqual([
        expect.objectContaining({ id: agent.agentId, status: 'stale' }),
      ]);
      clock += 300_000;
      const offline = await stream.next((e) => e.event === 'machines');
      expect(machinesOf(offline)).toEqual([
        expect.objectContaining({ id: agent.agentId, status: 'offline' }),
      ]);
    } finally {
      stream.close();
    }
  });

  it('sends tag changes and removals to a session, and nothing of another org', async () => {
    const owner = await createOrgWithUser(server.ctx, { role: 'operator' });
    const otherOrgMachine = await enrollMachine(server, owner.orgId);
    const session = await login(server.url, owner.email, owner.password);
    const theirs = await openEvents(server.url, session.headers());
    const mine = await openEvents(server.url, { authorization: `Bearer ${viewerKey}` });
    const operator = await createApiKey(server.ctx, orgId, 'operator');
    try {
      await fetch(`${server.url}${FLEET_API.machineTags(agent.agentId)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tags: ['moved'] }),
      });
      const tagged = await mine.next((e) => e.event === 'machines');
      expect(machinesOf(tagged)[0]).toMatchObject({ id: agent.agentId, tags: ['moved'] });

      await fetch(`${server.url}${FLEET_API.machine(agent.agentId)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${operator}` },
      });
      const removed = await mine.next((e) => e.event === 'removed');
      expect(removed.data).toEqual({ ids: [agent.agentId] });

      // The other org hears about its own machine only.
      await sendReport(server.url, otherOrgMachine.agentToken, reportOf([{ seq: 1, ts: clock }]));
      const own = await theirs.next((e) => e.event === 'machines' || e.event === 'removed');
      expect(own.event).toBe('machines');
      expect(machinesOf(own).map((m) => m.id)).toEqual([otherOrgMachine.agentId]);
    } finally {
      mine.close();
      theirs.close();
    }
  });
});
