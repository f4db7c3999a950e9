import { afterEach, describe, expect, it } from 'vitest';
import type { ActionLink } from '../../../src/agent/link/action-link.js';
import { createActionLink } from '../../../src/agent/link/action-link.js';
import { ACTION_LIMITS } from '../../../src/shared/protocol/action-constants.js';
import type { ActionServer } from './action-test-server.js';
import { TOKEN, actionServers, envelope, fakeEngine, manualClock } from './action-test-server.js';
import { memoryLogger } from './scripted-server.js';

const newServer = actionServers();
const running: ActionLink[] = [];
afterEach(async () => {
  for (const link of running.splice(0)) await link.stop();
});

function start(server: ActionServer) {
  const engine = fakeEngine();
  const link = createActionLink({
    link: { serverUrl: server.url, agentToken: TOKEN },
    engine,
    logger: memoryLogger().logger,
    clock: manualClock(),
    random: () => 0.5,
  });
  running.push(link);
  return { link, engine };
}

/**
 * Messages of the largest size, all control characters (six bytes each once escaped), as many
 * as the server puts in one frame or poll answer: just under its byte budget.
 */
function fullLoad(): unknown[] {
  const body = '\u0001'.repeat(ACTION_LIMITS.bodyChars);
  const actions: unknown[] = [];
  for (let i = 0; ; i += 1) {
    const next = envelope(`big-${i}`, 'message', { title: 'Update', body, level: 'warning' });
    const frame = { type: 'actions', protocolVersion: 1, actions: [...actions, next] };
    if (Buffer.byteLength(JSON.stringify(frame)) > ACTION_LIMITS.maxFrameBytesToAgent) {
      return actions;
    }
    actions.push(next);
  }
}

describe('the actions link takes what the server sends at its largest', () => {
  it('over the live channel', async () => {
    const server = await newServer();
    const { link, engine } = start(server);
    await expect.poll(() => link.state()).toBe('live');
    await expect.poll(() => server.connections.length).toBe(1);
    const actions = fullLoad();

    server.send(server.connections[0]!, { type: 'actions', protocolVersion: 1, actions });

    await expect.poll(() => engine.received).toEqual([actions]);
    expect(link.state()).toBe('live');
    expect(server.connections).toHaveLength(1);
  });

  it('over long-polling', async () => {
    const server = await newServer();
    server.defaultUpgrade = { status: 426 };
    const { link, engine } = start(server);
    await expect.poll(() => link.state()).toBe('polling');
    const actions = fullLoad();

    server.queue(actions);

    await expect.poll(() => engine.received).toEqual([actions]);
    expect(link.state()).toBe('polling');
  });
});
