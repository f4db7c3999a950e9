import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { CreatedApiKey } from '../../src/shared/fleet-api.js';
import { postJson } from '../helpers/fleet-seed.js';
import { freePort, stopChild } from '../helpers/server-process.js';
import { login } from '../server/helpers/test-auth.js';

/**
 * The real companion server for `npm run bench:actions`, set up the way an administrator would:
 * `dashfleet-server init` (org and owner) and `create-enrollment-token` on its data directory,
 * `start` as its own process, then the owner signs in over HTTP and mints an operator API key,
 * which sends every action. The data directory is a temp dir, removed on stop.
 */
const DIST = resolve(import.meta.dirname, '../..');
const SERVER_CLI = join(DIST, 'server/cli.js');
const OWNER_EMAIL = 'bench-owner@example.com';

export interface BenchServer {
  url: string;
  pid: number;
  enrollmentToken: string;
  /** `Authorization: Bearer dfk_...` of an operator API key. */
  apiHeaders: Record<string, string>;
  stop(): Promise<void>;
}

function cliJson(args: string[]): Record<string, unknown> {
  const stdout = execFileSync(process.execPath, [SERVER_CLI, ...args, '--json'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

export async function startBenchServer(agents: number): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dashfleet-bench-actions-'));
  const removeDataDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  try {
    const password = randomBytes(18).toString('base64url');
    const dir = ['--data-dir', dataDir];
    const { orgId } = cliJson([
      'init',
      '--org',
      'Bench',
      '--email',
      OWNER_EMAIL,
      '--password',
      password,
      ...dir,
    ]);
    const { token } = cliJson([
      'create-enrollment-token',
      '--org',
      String(orgId),
      '--max-uses',
      String(agents),
      ...dir,
    ]);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      process.execPath,
      [SERVER_CLI, 'start', '--port', String(port), ...dir, '--log-level', 'warn'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const stop = async (): Promise<void> => {
      await stopChild(child, 'SIGTERM', 10_000);
      removeDataDir();
    };
    try {
      await waitHealthy(url, () => child.exitCode !== null);
      const session = await login(url, OWNER_EMAIL, password);
      const key = await postJson<CreatedApiKey>(
        `${url}${FLEET_API.apiKeys}`,
        { name: 'bench actions', role: 'operator' },
        session.headers(),
      );
      return {
        url,
        pid: child.pid ?? 0,
        enrollmentToken: String(token),
        apiHeaders: { authorization: `Bearer ${key.key}` },
        stop,
      };
    } catch (error) {
      await stop();
      throw new Error(`${(error as Error).message}\nserver stderr: ${stderr}`);
    }
  } catch (error) {
    removeDataDir();
    throw error;
  }
}

async function waitHealthy(url: string, hasExited: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (hasExited()) throw new Error('the server exited while starting');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error('the server did not answer /healthz within 20 s');
}
