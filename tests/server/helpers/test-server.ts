import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { buildServer } from '../../../server/build-server.js';
import type { ServerConfig } from '../../../server/config/server-config.js';
import type { ServerContext } from '../../../server/context.js';
import { testServerConfig } from './test-config.js';

export interface TestServer {
  app: FastifyInstance;
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  ctx: ServerContext;
  config: ServerConfig;
  /** Closes the app (and its database) and deletes the temp data dir. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  now?: () => number;
  logStream?: DestinationStream;
}

/**
 * A real server on 127.0.0.1 with a free port and a fresh data dir. Logs are silent unless
 * `overrides.logLevel` says otherwise. `config.publicUrl` is the address it listens on
 * unless overridden.
 */
export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'dashfleet-server-')));
  const config = testServerConfig(dataDir, overrides);
  const app = await buildServer(config, options);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  if (overrides.publicUrl === undefined) config.publicUrl = url;
  return {
    app,
    url,
    ctx: app.ctx,
    config,
    close: async () => {
      await app.close();
      if (overrides.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
