import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentCore } from '../../../src/agent/agent-core.js';
import { startAgentCore } from '../../../src/agent/agent-core.js';
import { loadConfig } from '../../../src/agent/config/load-config.js';
import { writeLinkFile } from '../../../src/agent/link/link-file.js';
import { buildLocalApi } from '../../../src/agent/local-api/build-local-api.js';
import { createFileSettings } from '../../../src/agent/local-api/file-settings.js';
import { createLogger } from '../../../src/agent/logger.js';
import type { NotificationRequest } from '../../../src/agent/notify/notifier.js';
import type { ActionsState } from '../../../src/shared/local-api.js';
import { tempDataDir } from '../../helpers/agent-process.js';
import type { ActionServer } from './action-test-server.js';
import { TOKEN, actionServers } from './action-test-server.js';

const newServer = actionServers();
const cores: Array<AgentCore<{ app: FastifyInstance; close(): Promise<unknown> }>> = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  // Dry run: no OS command is ever run by these tests; one sample an hour keeps them quiet.
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ intervalSeconds: 3600, actions: { dryRun: true } }),
  );
  return dir;
}

function enrol(dir: string, server: ActionServer): void {
  writeLinkFile(dir, {
    serverUrl: server.url,
    agentId: 'agent-1',
    agentToken: TOKEN,
    orgName: 'Acme',
    enrolledAt: new Date().toISOString(),
  });
}

/** The real agent core, with the real local API in front of it; notifications recorded. */
async function startCore(dir: string) {
  const config = loadConfig(dir, {}, {});
  if (!config.ok) throw new Error(config.error);
  const shown: NotificationRequest[] = [];
  const started = await startAgentCore({
    dataDir: dir,
    config: config.value,
    logger: createLogger('silent'),
    label: 'test',
    notifier: { notify: async (notification) => void shown.push(notification) },
    startFrontEnd: async (parts) => {
      const app = await buildLocalApi({
        ...parts,
        cycles: parts.agent,
        settings: createFileSettings({ dataDir: dir, agent: parts.agent }),
        version: 'test',
        auth: { mode: 'none' },
      });
      return { app, close: () => app.close() };
    },
  });
  if (!started.ok) throw new Error(started.error);
  cores.push(started.value);
  const actions = async () =>
    (await started.value.frontEnd.app.inject({ url: '/api/actions' })).json<ActionsState>();
  return { core: started.value, shown, actions };
}

const message = (id: string) => ({
  id,
  type: 'message',
  params: { title: 'Patch day', body: 'Tonight at 8', level: 'info' },
  createdAt: Date.now(),
  expiresAt: Date.now() + 3_600_000,
  sentBy: 'Jane from IT',
});

describe('actions in the running agent', () => {
  it('has no engine and an empty inbox while the PC is not enrolled', async () => {
    const { core, actions } = await startCore(dataDir());

    expect(core.actions.engine()).toBeUndefined();
    expect(await actions()).toEqual({ inbox: [], unread: 0, pendingRestart: null, history: [] });
  });

  it('runs an action from the server, shows it, reports it, and keeps the inbox across a restart', async () => {
    const server = await newServer();
    const dir = dataDir();
    enrol(dir, server);
    const first = await startCore(dir);
    await expect.poll(() => server.connections.length).toBe(1);

    server.send(server.connections[0]!, {
      type: 'actions',
      protocolVersion: 1,
      actions: [message('m1')],
    });

    await expect
      .poll(() => server.updates.map((update) => `${update.status}/${update.stage ?? ''}`))
      .toEqual(['delivered/', 'running/shown', 'succeeded/shown']);
    expect(first.shown).toHaveLength(1);
    expect(first.shown[0]?.body).toContain('Tonight at 8');
    expect((await first.actions()).inbox).toMatchObject([{ id: 'm1', title: 'Patch day' }]);

    await first.core.stop();
    cores.splice(cores.indexOf(first.core), 1);
    await server.close();

    // Enrolled, server gone: the engine is there at start, with what the store kept.
    const second = await startCore(dir);
    await expect.poll(async () => (await second.actions()).unread).toBe(1);
    expect((await second.actions()).history).toMatchObject([{ id: 'm1', state: 'succeeded' }]);
  });

  it('starts the actions when the PC is enrolled while the agent runs', async () => {
    const server = await newServer();
    const dir = dataDir();
    const { core } = await startCore(dir);
    expect(core.actions.engine()).toBeUndefined();

    enrol(dir, server);
    core.link.afterCycle();

    await expect.poll(() => server.connections.length).toBe(1);
    expect(core.actions.engine()).toBeDefined();
  });
});
