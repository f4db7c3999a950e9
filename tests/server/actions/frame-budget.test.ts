import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_LIMITS, AGENT_API, PROTOCOL_VERSION } from '../../../src/shared/protocol/index.js';
import type { ActionPollResponse, EnrollResponse } from '../../../src/shared/protocol/index.js';
import { enrollMachine, postJson } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestChannel } from './action-test-kit.js';
import { bearer, openChannel, sendAction, update } from './action-test-kit.js';

const BUDGET = ACTION_LIMITS.maxFrameBytesToAgent;

let server: TestServer;
let operatorKey: string;
let agent: EnrollResponse;
const channels: TestChannel[] = [];

beforeEach(async () => {
  server = await startTestServer({}, { now: () => Date.UTC(2026, 2, 2, 10, 0, 0) });
  const { orgId } = await createOrgWithUser(server.ctx, { role: 'owner' });
  operatorKey = await createApiKey(server.ctx, orgId, 'operator');
  agent = await enrollMachine(server, orgId);
});
afterEach(async () => {
  for (const channel of channels.splice(0)) await channel.close();
  await server.close();
});

/**
 * Messages of the largest size in the text that weighs most on the wire: a control character
 * is escaped as `\u00XX` (six bytes), a Cyrillic letter takes two. 40 of each are about
 * 1.3 MiB of JSON: more than two frames' worth, and more than the agent takes in one answer.
 */
async function sendHeavyMessages(count = 80): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const fill = i % 2 === 0 ? '\u0001\u001b' : 'Жё';
    const text = (chars: number) => `${i} ${fill.repeat(chars)}`.slice(0, chars);
    const created = await sendAction(server.url, operatorKey, {
      type: 'message',
      params: {
        title: text(ACTION_LIMITS.titleChars),
        body: text(ACTION_LIMITS.bodyChars),
        level: 'warning',
      },
      target: { machineIds: [agent.agentId] },
    });
    ids.push(created.actions[0]!.id);
  }
  return ids;
}

/** A long poll, with the size of its answer as it came over the wire. */
async function poll(wait: number): Promise<{ bytes: number; body: ActionPollResponse }> {
  const response = await fetch(`${server.url}${AGENT_API.actions}?wait=${wait}`, {
    headers: bearer(agent.agentToken),
  });
  const raw = Buffer.from(await response.arrayBuffer());
  expect(response.status).toBe(200);
  return { bytes: raw.length, body: JSON.parse(raw.toString('utf8')) as ActionPollResponse };
}

describe('actions sent to an agent stay within the byte budget', () => {
  it('cuts what waits into several frames on connect; all arrive, in order, intact', async () => {
    const ids = await sendHeavyMessages();
    const channel = await openChannel(server.url, agent.agentToken);
    channels.push(channel);

    const received: string[] = [];
    let frames = 0;
    while (received.length < ids.length) {
      const frame = await channel.next('actions');
      frames += 1;
      expect(frame.actions.length).toBeGreaterThan(0);
      received.push(...frame.actions.map((action) => action.id));
    }

    expect(received).toEqual(ids);
    expect(frames).toBeGreaterThanOrEqual(3);
    expect(channel.frameBytes).toHaveLength(frames);
    for (const bytes of channel.frameBytes) expect(bytes).toBeLessThanOrEqual(BUDGET);
    const first = channel.frames[0];
    const title =
      first?.type === 'actions' ? (first.actions[0]?.params as { title: string }).title : '';
    expect(title.startsWith('0 \u0001\u001b\u0001')).toBe(true);
    expect(title).toHaveLength(ACTION_LIMITS.titleChars);
  });

  it('answers each poll with what fits, at once again while the rest waits', async () => {
    const ids = await sendHeavyMessages();

    const received: string[] = [];
    let polls = 0;
    let seq = 0;
    // Never more polls than actions: each must bring something new.
    while (received.length < ids.length && polls < ids.length) {
      // Answered at once while actions wait unacknowledged (a held poll would outlast the test).
      const { bytes, body } = await poll(25);
      polls += 1;
      expect(bytes).toBeLessThanOrEqual(BUDGET);
      const fresh = body.actions.filter((action) => !received.includes(action.id));
      expect(fresh.length).toBeGreaterThan(0);
      received.push(...fresh.map((action) => action.id));
      // Acknowledged, not yet running: they stay due, yet the queued ones come first.
      const answer = await postJson(
        `${server.url}${AGENT_API.actionUpdates}`,
        {
          protocolVersion: PROTOCOL_VERSION,
          updates: fresh.map((action) => update(action.id, (seq += 1), 'delivered')),
        },
        bearer(agent.agentToken),
      );
      expect(answer.status).toBe(200);
    }

    expect(received).toEqual(ids);
    expect(polls).toBeGreaterThanOrEqual(3);
  });
});
