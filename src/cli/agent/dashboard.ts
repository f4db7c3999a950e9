import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Agent } from '../../agent/create-agent.js';
import { createFileSettings } from '../../agent/local-api/file-settings.js';
import type { ActionsPort, LinkPort, LocalApiDeps } from '../../agent/local-api/types.js';
import type { Logger } from '../../agent/logger.js';
import type { Store } from '../../agent/store/types.js';
import { AGENT_VERSION } from '../../agent/version.js';
import { CliError } from '../../shared/cli-error.js';

/** Where the running agent leaves its dashboard link for `dashfleet-agent open`. */
export const DASHBOARD_URL_FILE = 'dashboard.url';

export interface DashboardDeps {
  dataDir: string;
  port: number;
  agent: Agent;
  store: Store;
  link?: LinkPort;
  /** IT's actions: inbox, pending restart, history (empty until this PC is enrolled). */
  actions?: ActionsPort;
  logger: Logger;
  startedAt: number;
}

export interface RunningDashboard {
  url: string;
  /** Ends live streams, stops listening and removes the link file. */
  close(): Promise<void>;
}

/** The built page sits next to the bundled binary (dist/agent.mjs → dist/renderer/local). */
const STATIC_DIR = fileURLToPath(new URL('./renderer/local', import.meta.url));

/**
 * Serves the local dashboard on 127.0.0.1 only, behind a secret drawn for this launch. The
 * link is the one place the secret appears: logged once (it is the user's own loopback URL,
 * as with Jupyter) and written owner-only to the data dir for `dashfleet-agent open`.
 *
 * The port opens at once, but the HTTP framework behind it is loaded on the first request
 * (see load-at-run-time.ts): most agents are never looked at, and the agent has a 60 MB
 * resident-memory budget.
 */
export async function startDashboard(deps: DashboardDeps): Promise<RunningDashboard> {
  const secret = randomBytes(32).toString('base64url');
  const apiDeps: LocalApiDeps = {
    store: deps.store,
    agent: deps.agent,
    cycles: deps.agent,
    settings: createFileSettings({ dataDir: deps.dataDir, agent: deps.agent }),
    ...(deps.link ? { link: deps.link } : {}),
    ...(deps.actions ? { actions: deps.actions } : {}),
    version: AGENT_VERSION,
    startedAt: deps.startedAt,
    auth: { mode: 'secret', secret },
    staticDir: STATIC_DIR,
    logger: deps.logger,
  };
  let app: Promise<FastifyInstance> | undefined;
  const loadApp = () =>
    (app ??= import('../../agent/local-api/build-local-api.js').then(async (module) => {
      const built = await module.buildLocalApi(apiDeps);
      await built.ready();
      deps.logger.info('dashboard: first request, API loaded');
      return built;
    }));

  const server = createServer((request, response) => {
    loadApp().then(
      (built) => built.routing(request, response),
      (error: unknown) => {
        deps.logger.error({ err: error }, 'dashboard: cannot load the API');
        response.writeHead(500).end();
      },
    );
  });
  const port = await listen(server, deps.port);
  const url = `http://127.0.0.1:${port}/auth?secret=${secret}`;
  const urlFile = join(deps.dataDir, DASHBOARD_URL_FILE);
  writeFileSync(urlFile, `${url}\n`, { mode: 0o600 });
  deps.logger.info({ port }, `dashboard: ${url}`);
  return {
    url,
    async close() {
      rmSync(urlFile, { force: true });
      // The app first: it ends the live streams, which would otherwise hold the server open.
      if (app) await (await app).close();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Listens on 127.0.0.1 only; the port actually taken (a free one for 0). */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      reject(
        new CliError(`the dashboard cannot listen on 127.0.0.1:${port} (${error.message})`, 1),
      );
    });
    server.listen({ host: '127.0.0.1', port }, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
