import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VISIBLE_METRICS } from '../../../src/agent/config/defaults.js';
import type { Settings } from '../../../src/shared/local-api.js';
import { METRICS } from '../../../src/shared/metrics.js';
import { tempDataDir } from '../../helpers/agent-process.js';
import { apiFixture, login } from './local-api-fixture.js';

const UNRELATED = {
  processIntervalSeconds: 120,
  retention: { rawHours: 24 },
  health: { diskPercent: { warn: 80, critical: 95 } },
};

describe('settings routes', () => {
  const openApi = apiFixture();

  async function withConfig(config: object | undefined) {
    const dataDir = tempDataDir();
    if (config) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
    const fixture = await openApi({ dataDir });
    const cookie = await login(fixture.app);
    const put = (body: unknown) =>
      fixture.app.inject({
        method: 'PUT',
        url: '/api/settings',
        headers: { cookie, 'content-type': 'application/json' },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const get = () => fixture.app.inject({ url: '/api/settings', headers: { cookie } });
    const file = () => readFileSync(join(dataDir, 'config.json'), 'utf8');
    return { ...fixture, put, get, file };
  }

  it('GET answers the defaults without a config file (language and autostart null)', async () => {
    const { get } = await withConfig(undefined);
    expect((await get()).json()).toEqual({
      language: null,
      intervalSeconds: 10,
      visibleMetrics: [...DEFAULT_VISIBLE_METRICS],
      autostart: null,
    } satisfies Settings);
  });

  it('PUT persists the change to config.json, keeps unrelated keys and applies the interval', async () => {
    const { put, file, agent, dataDir } = await withConfig(UNRELATED);

    const response = await put({
      language: 'fr',
      intervalSeconds: 5,
      visibleMetrics: [METRICS.cpuUsage, METRICS.netTx],
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      language: 'fr',
      intervalSeconds: 5,
      visibleMetrics: [METRICS.cpuUsage, METRICS.netTx],
      autostart: null,
    });
    expect(JSON.parse(file())).toEqual({
      ...UNRELATED,
      language: 'fr',
      intervalSeconds: 5,
      visibleMetrics: [METRICS.cpuUsage, METRICS.netTx],
    });
    if (process.platform !== 'win32') {
      expect(statSync(join(dataDir, 'config.json')).mode & 0o777).toBe(0o600);
    }
    expect(agent.intervalSeconds()).toBe(5);
  });

  it('PUT language null goes back to following the OS (the key leaves the file)', async () => {
    const { put, file } = await withConfig({ ...UNRELATED, language: 'ru' });
    const response = await put({ language: null });
    expect(response.json().language).toBeNull();
    expect(JSON.parse(file())).toEqual(UNRELATED);
  });

  it.each([
    [{ intervalSeconds: 0 }, /intervalSeconds must be >= 1/],
    [{ intervalSeconds: 1.5 }, /intervalSeconds must be integer/],
    [{ language: 'de' }, /language must be/],
    [{ visibleMetrics: ['cpu.nonsense'] }, /visibleMetrics.0 must be one of/],
    [{ visibleMetrics: 'cpu' }, /visibleMetrics must be array/],
    [{ colour: 'blue' }, /unknown setting "colour"/],
    [{ autostart: true }, /autostart can only be changed in the desktop app/],
    [[1, 2], /the body must be object/],
    ['{ "intervalSeconds": ', /JSON/],
  ])('PUT %j → 400 E_BAD_REQUEST and the file is untouched', async (body, message) => {
    const { put, file } = await withConfig(UNRELATED);
    const before = file();
    const response = await put(body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('E_BAD_REQUEST');
    expect(response.json().error.message).toMatch(message);
    expect(file()).toBe(before);
  });

  it('PUT refuses a change when the file as a whole is not valid, naming the setting', async () => {
    const { put, file, dataDir } = await withConfig(UNRELATED);
    // Edited by hand since the agent started: the coarser tier would keep less than the finer.
    writeFileSync(
      join(dataDir, 'config.json'),
      '{ "retention": { "rawHours": 48, "minuteDays": 1 } }',
    );
    const before = file();
    const response = await put({ intervalSeconds: 20 });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/retention.minuteDays \(1\) must keep/);
    expect(file()).toBe(before);
  });

  it('PUT on a config file that is not valid JSON refuses to overwrite it', async () => {
    const dataDir = tempDataDir();
    const fixture = await openApi({ dataDir });
    writeFileSync(join(dataDir, 'config.json'), '{ broken');
    const cookie = await login(fixture.app);
    const response = await fixture.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie },
      payload: { intervalSeconds: 5 },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('E_SETTINGS_UNAVAILABLE');
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe('{ broken');
  });
});
