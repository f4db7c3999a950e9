import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionView } from '../../../src/shared/actions-api.js';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { AGENT_API, PROTOCOL_VERSION } from '../../../src/shared/protocol/index.js';
import type { EnrollResponse } from '../../../src/shared/protocol/index.js';
import { enrollMachine, postJson } from '../agent/agent-client.js';
import { bearer, message, sendAction, update } from '../actions/action-test-kit.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';

interface Event {
  event: string;
  data: unknown;
}

/** Reads server-sent events from a real HTTP stream. */
async function openEvents(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(`${url}${FLEET_API.events}`, { headers, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: Event[] = [];
  const next = async (until: (event: Event) => boolean): Promise<Event> => {
    for (;;) {
      const found = events.findIndex(until);
      if (found >= 0) return events.splice(0, found + 1).at(-1)!;
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name && data) events.push({ event: name, data: JSON.parse(data) });
      }
    }
  };
  return { next, events, close: () => controller.abort() };
}

const actionsOf = (event: Event) => (event.data as { actions: ActionView[] }).actions;
const isActions = (event: Event) => event.event === 'actions';

let server: TestServer;
let clock: number;
let orgId: string;
let operatorKey: string;
let viewerKey: string;
let agent: EnrollResponse;

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 0, 0);
  server = await startTestServer({}, { now: () => clock });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner' }));
  operatorKey = await createApiKey(server.ctx, orgId, 'operator');
  viewerKey = await createApiKey(server.ctx, orgId, 'viewer');
  agent = await enrollMachine(server, orgId, { hostname: 'live-pc' });
});
afterEach(async () => server.close());

describe('GET /api/v1/events: actions', () => {
  it('sends created, delivered, finished and expired actions of the org only', async () => {
    const other = await createOrgWithUser(server.ctx, { role: 'owner' });
    const otherMachine = await enrollMachine(server, other.orgId);
    const otherKey = await createApiKey(server.ctx, other.orgId, 'operator');
    const mine = await openEvents(server.url, bearer(viewerKey));
    const theirs = await openEvents(server.url, bearer(otherKey));
    try {
      const created = await sendAction(server.url, operatorKey, message([agent.agentId], 'Live'));
      const id = created.actions[0]!.id;
      const queued = await mine.next(isActions);
      expect(actionsOf(queued)).toEqual([
        expect.objectContaining({ id, status: 'queued', hostname: 'live-pc' }),
      ]);

      await postJson(
        `${server.url}${AGENT_API.actionUpdates}`,
        {
          protocolVersion: PROTOCOL_VERSION,
          updates: [update(id, 1, 'delivered'), update(id, 2, 'running', { stage: 'shown' })],
        },
        bearer(agent.agentToken),
      );
      const running = await mine.next(isActions);
      expect(actionsOf(running)).toEqual([
        expect.objectContaining({ id, status: 'running', stage: 'shown', deliveredAt: clock }),
      ]);

      const short = await sendAction(server.url, operatorKey, {
        ...message([agent.agentId]),
        expiresInSeconds: 10,
      });
      await mine.next(isActions);
      clock += 11_000;
      await server.app.actionsService.sweepExpired();
      const expired = await mine.next(isActions);
      expect(actionsOf(expired)).toEqual([
        expect.objectContaining({ id: short.actions[0]!.id, status: 'expired' }),
      ]);

      // The other org hears about its own actions only.
      await sendAction(server.url, otherKey, message([otherMachine.agentId]));
      const own = await theirs.next(isActions);
      expect(actionsOf(own).map((a) => a.machineId)).toEqual([otherMachine.agentId]);
    } finally {
      mine.close();
      theirs.close();
    }
  });
});
