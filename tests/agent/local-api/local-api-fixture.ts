import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { createCollector } from '../../../src/agent/collect/create-collector.js';
import { loadConfig } from '../../../src/agent/config/load-config.js';
import type { Agent } from '../../../src/agent/create-agent.js';
import { createAgent } from '../../../src/agent/create-agent.js';
import { buildLocalApi } from '../../../src/agent/local-api/build-local-api.js';
import { createFileSettings } from '../../../src/agent/local-api/file-settings.js';
import type { LocalApiAuth } from '../../../src/agent/local-api/types.js';
import { createLogger } from '../../../src/agent/logger.js';
import { openStore } from '../../../src/agent/store/open-store.js';
import type { Store } from '../../../src/agent/store/types.js';
import { tempDataDir } from '../../helpers/agent-process.js';
import { httpGet } from './http.js';

export const SECRET = 'the-secret-this-launch-printed';

export interface ApiFixture {
  dataDir: string;
  store: Store;
  agent: Agent;
  app: FastifyInstance;
}

export interface ApiOptions {
  auth?: LocalApiAuth;
  staticDir?: string;
  heartbeatMs?: number;
  /** Written to config.json before the agent reads it. */
  dataDir?: string;
}

/**
 * A real agent (real collector, real SQLite store in a temp dir) behind a real app; closed
 * after each test. The agent is not started: tests drive cycles themselves.
 */
export function apiFixture(): (options?: ApiOptions) => Promise<ApiFixture> {
  const open: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of open.splice(0)) await close();
  });
  return async (options = {}) => {
    const dataDir = options.dataDir ?? tempDataDir();
    const config = loadConfig(dataDir);
    if (!config.ok) throw new Error(config.error);
    const store = openStore({ path: join(dataDir, 'agent.db') });
    const collector = createCollector({ dataDir, agentVersion: 'test' });
    const logger = createLogger('silent');
    const agent = createAgent({ config: config.value, collector, store, logger });
    const app = await buildLocalApi({
      store,
      agent,
      cycles: agent,
      settings: createFileSettings({ dataDir, agent }),
      version: '1.2.3',
      startedAt: 1_000,
      auth: options.auth ?? { mode: 'secret', secret: SECRET },
      logger,
      ...(options.staticDir ? { staticDir: options.staticDir } : {}),
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    });
    open.push(async () => {
      await app.close();
      await agent.stop();
      store.close();
    });
    return { dataDir, store, agent, app };
  };
}

/**
 * Exchanges the secret for the session cookie, as the browser does; returns `name=value`.
 * Over real HTTP once the app listens (the Host check then expects the real port).
 */
export async function login(app: FastifyInstance): Promise<string> {
  const address = app.server.address();
  if (typeof address === 'object' && address) {
    const answer = await httpGet(address.port, `/auth?secret=${SECRET}`);
    const cookie = String(answer.headers['set-cookie']).split(';')[0];
    if (answer.status !== 302 || !cookie) throw new Error('login failed');
    return cookie;
  }
  const response = await app.inject({ url: `/auth?secret=${SECRET}` });
  const cookie = response.cookies[0];
  if (response.statusCode !== 302 || !cookie) throw new Error('login failed');
  return `${cookie.name}=${cookie.value}`;
}
