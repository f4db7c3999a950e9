import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { CreatedApiKey } from '../../src/shared/fleet-api.js';
import { postJson } from '../helpers/fleet-seed.js';
import { freePort, serverCliJson, startServerProcess } from '../helpers/server-process.js';
import { login } from '../server/helpers/test-auth.js';

/**
 * The real companion server for `npm run bench:actions`, set up the way an administrator would:
 * `dashfleet-server init` (org and owner) and `create-enrollment-token` on its data directory,
 * `start` as its own process, then the owner signs in over HTTP and mints an operator API key,
 * which sends every action. The data directory is a temp dir, removed on stop.
 */
const OWNER_EMAIL = 'bench-owner@example.com';

export interface BenchServer {
  url: string;
  pid: number;
  enrollmentToken: string;
  /** `Authorization: Bearer dfk_...` of an operator API key. */
  apiHeaders: Record<string, string>;
  stop(): Promise<void>;
}

export async function startBenchServer(agents: number): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dashfleet-bench-actions-'));
  const removeDataDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  try {
    const password = randomBytes(18).toString('base64url');
    const dir = ['--data-dir', dataDir];
    const { orgId } = serverCliJson([
      'init',
      '--org',
      'Bench',
      '--email',
      OWNER_EMAIL,
      '--password',
      password,
      ...dir,
    ]);
    const { token } = serverCliJson([
      'create-enrollment-token',
      '--org',
      String(orgId),
      '--max-uses',
      String(agents),
      ...dir,
    ]);
    const server = await startServerProcess(await freePort(), dataDir, ['--log-level', 'warn']);
    const stop = async (): Promise<void> => {
      await server.stop();
      removeDataDir();
    };
    try {
      const session = await login(server.url, OWNER_EMAIL, password);
      const key = await postJson<CreatedApiKey>(
        `${server.url}${FLEET_API.apiKeys}`,
        { name: 'bench actions', role: 'operator' },
        session.headers(),
      );
      return {
        url: server.url,
        pid: server.child.pid ?? 0,
        enrollmentToken: String(token),
        apiHeaders: { authorization: `Bearer ${key.key}` },
        stop,
      };
    } catch (error) {
      await stop();
      throw new Error(`${(error as Error).message}\nserver stderr: ${server.stderr()}`);
    }
  } catch (error) {
    removeDataDir();
    throw error;
  }
}
