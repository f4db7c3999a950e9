import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../../../server/context.js';
import { registerErrorHandling } from '../../../server/http/error-handler.js';
import { fleetPageRoot, registerFleetPage } from '../../../server/web/fleet-page.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

/** A built page of our own, so these checks do not depend on the last `npm run build`. */
async function fakeBuild(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'dashfleet-fleet-page-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>fleet</title>');
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  return root;
}

async function appWith(root: string | null) {
  const app = Fastify();
  registerErrorHandling(app);
  const ctx = { log: app.log } as unknown as ServerContext;
  await registerFleetPage(app, ctx, { root });
  return app;
}

describe('the fleet page plugin', () => {
  let root: string;
  beforeAll(async () => {
    root = await fakeBuild();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('serves index.html uncached for the page paths, reloads included', async () => {
    const app = await appWith(root);
    for (const url of ['/', '/machines/abc', '/admin?x=1', '/setup']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('<title>fleet</title>');
    }
  });

  it('caches hashed assets for a year and answers 404 JSON for what is not a page', async () => {
    const app = await appWith(root);
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
    for (const url of ['/assets/missing.js', '/api/v1/nothing', '/api', '/healthz']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('E_NOT_FOUND');
    }
  });

  it('says plainly when the page is not built', async () => {
    const app = await appWith(null);
    const response = await app.inject({ url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toMatch(/npm run build/);
  });

  it('finds the build next to the compiled server, never the source folder', () => {
    const found = fleetPageRoot(join(import.meta.dirname, '../../../server/web'));
    if (found !== null) expect(found).toMatch(/dist[/\\]renderer[/\\]fleet$/);
    expect(fleetPageRoot(join(root, 'nowhere/deeper'))).toBeNull();
  });
});

describe('the real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps the API and health check its own while serving the page', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const api = await fetch(`${server.url}/api/v1/auth/me`);
    expect(api.status).toBe(401);
    const missing = await fetch(`${server.url}/api/v1/no-such-route`);
    expect(missing.status).toBe(404);
    const page = await fetch(`${server.url}/machines/anything`);
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });
});
