import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { buildServer } from '../../../server/build-server.js';
import { testServerConfig } from '../helpers/test-config.js';

let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

it('lets an in-flight request finish, then closes the port and the database', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dashfleet-shutdown-'));
  const app = await buildServer(testServerConfig(dataDir, { publicUrl: 'http://localhost:8080' }));
  let started = (): void => {};
  const isStarted = new Promise<void>((resolve) => (started = resolve));
  let release = (): void => {};
  const isReleased = new Promise<void>((resolve) => (release = resolve));
  app.get('/test/slow', async () => {
    started();
    await isReleased;
    // The database must still be open for a request that began before close().
    const orgs = await app.ctx.db.selectFrom('orgs').select('id').execute();
    return { orgs: orgs.length };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const inFlight = fetch(`http://127.0.0.1:${port}/test/slow`);
  await isStarted;
  const closing = app.close();
  await until(() => !app.server.listening);
  expect(await canConnect(port)).toBe(false);

  release();
  const response = await inFlight;
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ orgs: 0 });

  await closing;
  expect(await canConnect(port)).toBe(false);
  await expect(app.ctx.db.selectFrom('orgs').select('id').execute()).rejects.toThrow();
});
