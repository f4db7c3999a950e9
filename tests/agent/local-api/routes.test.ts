import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryResult, StatusResponse } from '../../../src/shared/local-api.js';
import { METRICS } from '../../../src/shared/metrics.js';
import {
  makeHealth,
  makeInventory,
  makeProcesses,
  makeSample,
} from '../../helpers/sample-factory.js';
import { apiFixture, login } from './local-api-fixture.js';

const MINUTE = 60_000;

describe('local API routes', () => {
  const openApi = apiFixture();

  async function signedIn(options?: Parameters<typeof openApi>[0]) {
    const fixture = await openApi(options);
    const cookie = await login(fixture.app);
    const get = (url: string) => fixture.app.inject({ url, headers: { cookie } });
    const post = (url: string) => fixture.app.inject({ method: 'POST', url, headers: { cookie } });
    return { ...fixture, cookie, get, post };
  }

  it('status answers the latest sample, health and processes the store holds', async () => {
    const { store, get } = await signedIn();
    const empty = (await get('/api/status')).json<StatusResponse>();
    expect(empty).toMatchObject({ sample: null, health: null, processes: null });

    const ts = Date.now() - 5_000;
    store.writeCycle(makeSample(ts - 10_000), makeHealth(ts - 10_000));
    store.writeCycle(makeSample(ts), makeHealth(ts, 'warn'));
    store.saveProcesses(makeProcesses(ts));
    const response = await get('/api/status');

    expect(response.statusCode).toBe(200);
    const status = response.json<StatusResponse>();
    expect(status.sample).toEqual(makeSample(ts));
    expect(status.health).toEqual(makeHealth(ts, 'warn'));
    expect(status.processes).toEqual(makeProcesses(ts));
    expect(status.outbox).toEqual({ size: 2, dropped: 0 });
    expect(status.agent).toEqual({
      version: '1.2.3',
      intervalSeconds: 10,
      isPaused: false,
      startedAt: 1_000,
    });
  });

  it('pause and resume answer the status with isPaused changed', async () => {
    const { agent, post } = await signedIn();
    const paused = await post('/api/pause');
    expect(paused.statusCode).toBe(200);
    expect(paused.json<StatusResponse>().agent.isPaused).toBe(true);
    expect(agent.isPaused()).toBe(true);
    const resumed = await post('/api/resume');
    expect(resumed.json<StatusResponse>().agent.isPaused).toBe(false);
    expect(agent.isPaused()).toBe(false);
  });

  it('history answers at most maxPoints points per series from the store', async () => {
    const { store, get } = await signedIn();
    const to = Date.now();
    const from = to - 60 * MINUTE;
    for (let ts = from; ts < to; ts += 30_000) store.writeCycle(makeSample(ts));
    const metrics = `${METRICS.cpuUsage},${METRICS.memoryUsedPercent}`;

    const response = await get(`/api/history?metrics=${metrics}&from=${from}&to=${to}&maxPoints=7`);

    expect(response.statusCode).toBe(200);
    const history = response.json<HistoryResult>();
    expect(history.series.map((s) => s.metric)).toEqual([
      METRICS.cpuUsage,
      METRICS.memoryUsedPercent,
    ]);
    for (const series of history.series) {
      expect(series.points.length).toBeGreaterThan(0);
      expect(series.points.length).toBeLessThanOrEqual(7);
    }
  });

  it.each([
    ['', /metrics is required/],
    ['?metrics=', /metrics must NOT have fewer than 1 characters/],
    ['?metrics=,,', /metrics must name a series/],
    ['?metrics=cpu.usagePercent&maxPoints=0', /maxPoints must be >= 1/],
    ['?metrics=cpu.usagePercent&maxPoints=2001', /maxPoints must be <= 2000/],
    ['?metrics=cpu.usagePercent&maxPoints=many', /maxPoints must be integer/],
    ['?metrics=cpu.usagePercent&from=yesterday', /from must be integer/],
    ['?metrics=cpu.usagePercent&from=-5', /from must be >= 0/],
    ['?metrics=cpu.usagePercent&from=2000&to=1000', /from \(2000\) must be before to/],
    ['?metrics=cpu.usagePercent&colour=red', /unknown query field "colour"/],
  ])('history%s → 400 E_BAD_REQUEST naming the field', async (query, message) => {
    const { get } = await signedIn();
    const response = await get(`/api/history${query}`);
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('E_BAD_REQUEST');
    expect(error.message).toMatch(message);
  });

  it('inventory is 404 E_NO_INVENTORY before the first read, 200 after', async () => {
    const { store, get } = await signedIn();
    const before = await get('/api/inventory');
    expect(before.statusCode).toBe(404);
    expect(before.json().error.code).toBe('E_NO_INVENTORY');

    const inventory = makeInventory(Date.now());
    store.saveInventory(inventory);
    const after = await get('/api/inventory');
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual(inventory);
  });

  it('export streams CSV with its header, as an attachment', async () => {
    const { store, get } = await signedIn();
    const to = Date.now();
    const from = to - 10 * MINUTE;
    for (let ts = from; ts < to; ts += 60_000) store.writeCycle(makeSample(ts));

    const response = await get(
      `/api/export?format=csv&from=${from}&to=${to}&metrics=${METRICS.cpuUsage},${METRICS.memoryUsedPercent}`,
    );

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="dashfleet-history-[\dT-]+Z-[\dT-]+Z\.csv"$/,
    );
    const [header, ...rows] = response.body.trim().split('\n');
    expect(header).toContain('timestamp');
    expect(header).toContain(METRICS.cpuUsage);
    expect(header).toContain(METRICS.memoryUsedPercent);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('export as JSON lines, and refuses an unknown format', async () => {
    const { store, get } = await signedIn();
    const ts = Date.now() - MINUTE;
    store.writeCycle(makeSample(ts));
    const jsonl = await get(`/api/export?format=jsonl&from=${ts - 1}&to=${ts + 1}`);
    expect(jsonl.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(JSON.parse(jsonl.body.trim()).values[METRICS.cpuUsage]).toBeDefined();

    const xml = await get('/api/export?format=xml');
    expect(xml.statusCode).toBe(400);
    expect(xml.json().error.message).toMatch(/format must be one of "csv", "jsonl"/);
  });

  it('answers unknown paths and methods with 404 E_NOT_FOUND', async () => {
    const { get, post } = await signedIn();
    expect((await get('/api/nothing')).json().error.code).toBe('E_NOT_FOUND');
    expect((await post('/api/status')).statusCode).toBe(404);
  });

  it('serves a page saying how to build it when the page is not built', async () => {
    const { get } = await signedIn({ staticDir: join(tmpdir(), 'no-such-dashboard') });
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('npm run build');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('serves the built page with its security headers', async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'dashfleet-page-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>DashFleet</title>');
    writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');
    const { get, app } = await signedIn({ staticDir });

    const page = await get('/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>DashFleet</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get('/app.js')).statusCode).toBe(200);
    expect((await app.inject({ url: '/app.js' })).statusCode).toBe(401);
  });
});
