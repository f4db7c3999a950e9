import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedServer } from '../agent/link/scripted-server.js';
import { scriptedServers } from '../agent/link/scripted-server.js';
import type { RunningAgent } from '../helpers/agent-process.js';
import { isStoredCycle, ROOT, startAgent, tempDataDir } from '../helpers/agent-process.js';
import { launchBrowser } from '../helpers/browser.js';

const SHOTS = join(ROOT, 'test-output', 'dashboard');
const newServer = scriptedServers();

/** An enrolment endpoint that refuses "spent" and accepts anything else, and stores reports. */
function acceptEnrolments(server: ScriptedServer): void {
  const storeReports = server.script;
  server.script = (request, self) => {
    if (request.path !== '/api/v1/agent/enroll') return storeReports(request, self);
    const { enrollmentToken } = request.body as { enrollmentToken: string };
    if (enrollmentToken === 'spent') {
      return {
        status: 401,
        body: { error: { code: 'E_ENROLL_TOKEN_USED_UP', message: 'no uses left' } },
      };
    }
    return {
      status: 200,
      body: {
        protocolVersion: 1,
        agentId: 'agt_browser',
        agentToken: 'tok',
        orgName: 'Acme Clinic',
        reportIntervalSeconds: 10,
      },
    };
  };
}

describe('connecting the agent to a server from the local dashboard, in real Chromium', () => {
  let agent: RunningAgent;
  let url: string;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    agent = startAgent(['--data-dir', tempDataDir(), '--interval', '1', '--log-level', 'debug']);
    await agent.waitForLog((line) => /^dashboard: http/.test(String(line.msg)));
    url = String(agent.logs.find((line) => /^dashboard: http/.test(String(line.msg)))?.msg).slice(
      'dashboard: '.length,
    );
    await agent.waitForLog(isStoredCycle, 1);
    browser = await launchBrowser({ locale: 'en-US' });
    page = await browser.newPage();
    await page.goto(url);
  });

  afterAll(async () => {
    await browser?.close();
    agent?.child.kill('SIGTERM');
    await agent?.exited;
  });

  it('shows on the overview that this PC is not connected', async () => {
    const card = page.getByRole('region', { name: 'Server' });
    await expect.poll(() => card.textContent()).toContain('not connected to a DashFleet server');
    await page.screenshot({ path: join(SHOTS, 'link-not-enrolled.png'), fullPage: true });
  });

  it('enrols from the settings, with the refusal in plain words first', async () => {
    const server = await newServer();
    acceptEnrolments(server);
    await page.goto(`${new URL('/', url).href}#/settings`);
    const form = page.getByRole('form', { name: 'Connect to a server' });
    await form.getByLabel('Server address').fill(server.url);
    await form.getByLabel('Enrolment token').fill('spent');
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toBe(
        'Could not connect: this enrolment token has been used as many times as it allows. Ask for a new one.',
      );

    await form.getByLabel('Enrolment token').fill('good-token');
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect
      .poll(() => form.locator('.link-result').textContent())
      .toBe(`Connected to Acme Clinic as agt_browser. This PC now reports to ${server.url}.`);
    await page.screenshot({ path: join(SHOTS, 'link-enrolled-settings.png'), fullPage: true });

    await page.goto(`${new URL('/', url).href}#/overview`);
    const card = page.getByRole('region', { name: 'Server' });
    await expect
      .poll(() => card.textContent(), { timeout: 15_000 })
      .toContain(`Connected to ${server.url} (Acme Clinic)`);
    await expect.poll(() => card.textContent()).toMatch(/Last upload (now|\d+ seconds? ago)/);
    expect(server.stored.size).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'link-connected.png'), fullPage: true });

    // The server goes away: the overview says so, and sampling goes on.
    await server.close();
    await expect
      .poll(() => card.textContent(), { timeout: 20_000 })
      .toContain(`Cannot reach ${server.url} (first failure`);
    await expect
      .poll(() => card.textContent(), { timeout: 10_000 })
      .toMatch(/samples? waiting to be sent/);
    await page.screenshot({ path: join(SHOTS, 'link-retrying.png'), fullPage: true });
  });
});
