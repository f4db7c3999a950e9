import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../server/build-server.js';
import type { ServerConfig } from '../../../server/config/server-config.js';
import { testServerConfig } from '../helpers/test-config.js';

export interface TestApp {
  app: FastifyInstance;
  /** Every log line, parsed. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** buildServer on a temp data dir, not listening (inject()), with its log captured. */
export async function buildTestApp(overrides: Partial<ServerConfig> = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dashfleet-http-'));
  const logs: Array<Record<string, unknown>> = [];
  const app = await buildServer(
    testServerConfig(dataDir, {
      publicUrl: 'http://localhost:8080',
      logLevel: 'info',
      ...overrides,
    }),
    { logStream: { write: (line: string) => void logs.push(JSON.parse(line)) } },
  );
  return {
    app,
    logs,
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
