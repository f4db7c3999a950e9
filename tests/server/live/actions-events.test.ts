import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionView } from '../../../src/shared/actions-api.js';
import { AGENT_API, PROTOCOL_VERSION } from '../../../src/shared/protocol/index.js';
import type { EnrollResponse } from '../../../src/shared/protocol/index.js';
import { enrollMachine, postJson } from '../agent/agent-client.js';
import { bearer, message, sendAction, update } from '../actions/action-test-kit.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import type { StreamEvent } from '../helpers/event-stream.js';
import { openEvents } from '../helpers/event-stream.js';

const actionsOf = (event: StreamEvent) => (event.data as { actions: ActionView[] }).actions;
const isActions = (event: StreamEvent) => event.event === 'actions';

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
