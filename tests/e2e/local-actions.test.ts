import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionDetail, CreatedActions } from '../../src/shared/actions-api.js';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { CreatedApiKey, MachineList, Me } from '../../src/shared/fleet-api.js';
import type { RunningAgent } from '../helpers/agent-process.js';
import { ROOT, runAgentCli, startAgent, tempDataDir } from '../helpers/agent-process.js';
import { launchBrowser } from '../helpers/browser.js';
import type { DesktopSession } from '../helpers/desktop-session.js';
import { startDesktopSession } from '../helpers/desktop-session.js';
import {
  freePort,
  serverCliJson,
  startServerProcess,
  stopChild,
} from '../helpers/server-process.js';
import type { ServerProcess } from '../helpers/server-process.js';

/** Screenshots for people to look at; kept out of git. */
const SHOTS = join(ROOT, 'test-output', 'local-actions');
/** Actions travel server → live channel → agent → dashboard stream; a loaded CI box is slow. */
const LIVE = { timeout: 20_000, interval: 100 };

const OWNER = { org: 'Acme Clinic', email: 'owner@acme.test', password: 'acme-owner-password' };
/** Markup IT might paste (or an attacker might send): it must reach the person as text. */
const HOSTILE_TITLE = 'Printer <b>fixed</b>';
const HOSTILE_BODY =
  'The printer on floor 2 works again.\n<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';

describe('messages and a restart from IT, in the local dashboard, end to end', () => {
  const serverDir = mkdtempSync(join(tmpdir(), 'dashfleet-server-'));
  const agentDir = tempDataDir();
  let server: ServerProcess | undefined;
  let agent: RunningAgent | undefined;
  /** Where the agent's notifications go, as on a person's desktop. */
  let desktop: DesktopSession | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let serverUrl: string;
  let dashboardUrl: string;
  let apiKey: string;
  let machineId: string;

  /** A call to the fleet API as the operator's API key. */
  async function fleet<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${serverUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  const send = async (request: Record<string, unknown>): Promise<string> => {
    const created = await fleet<CreatedActions>(FLEET_API.actions, {
      target: { machineIds: [machineId] },
      ...request,
    });
    const id = created.actions[0]?.id;
    if (id === undefined) throw new Error('the server created no action');
    return id;
  };
  const serverStage = async (id: string): Promise<string> => {
    const detail = await fleet<ActionDetail>(FLEET_API.action(id));
    return `${detail.status}/${detail.stage ?? ''}`;
  };
  const badge = (): Promise<string[]> => page.locator('.nav .badge').allTextContents();
  const shot = (name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    serverCliJson([
      'init',
      '--org',
      OWNER.org,
      '--email',
      OWNER.email,
      '--password',
      OWNER.password,
      '--data-dir',
      serverDir,
    ]);
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    server = await startServerProcess(port, serverDir, [
      '--public-url',
      serverUrl,
      '--log-level',
      'warn',
    ]);

    // The owner signs in and mints an operator's API key, as an IT admin would.
    const login = await fetch(`${serverUrl}${FLEET_API.login}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: OWNER.email, password: OWNER.password }),
    });
    expect(login.status).toBe(200);
    const me = (await login.json()) as Me;
    const cookie = login.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const minted = await fetch(`${serverUrl}${FLEET_API.apiKeys}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ name: 'Helpdesk script', role: 'operator' }),
    });
    expect(minted.status, await minted.clone().text()).toBeLessThan(300);
    apiKey = ((await minted.json()) as CreatedApiKey).key;

    const token = serverCliJson([
      'create-enrollment-token',
      '--org',
      OWNER.org,
      '--data-dir',
      serverDir,
    ]);
    const enrolled = runAgentCli([
      '--data-dir',
      agentDir,
      'enroll',
      '--server',
      serverUrl,
      '--token',
      String(token.token),
    ]);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    desktop = await startDesktopSession();
    // Dry run: the restart is scheduled, snoozed and reported for real, but never reboots this box.
    agent = startAgent(['--data-dir', agentDir, '--interval', '1', '--log-level', 'debug'], {
      ...desktop.env,
      DASHFLEET_ACTIONS_DRY_RUN: '1',
    });
    const isDashboardLine = (line: Record<string, unknown>) =>
      /^dashboard: http/.test(String(line.msg));
    await agent.waitForLog(isDashboardLine);
    dashboardUrl = String(agent.logs.find(isDashboardLine)?.msg).slice('dashboard: '.length);

    // Enrolment created the machine on the server.
    machineId = (await fleet<MachineList>(FLEET_API.machines)).machines[0]?.id ?? '';

    browser = await launchBrowser({ locale: 'en-US' });
    page = await browser.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(dashboardUrl);
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([
      browser?.close(),
      agent ? stopChild(agent.child, 'SIGTERM') : undefined,
    ]);
    await server?.stop().catch(() => undefined);
    await desktop?.stop().catch(() => undefined);
    for (const dir of [serverDir, agentDir]) rmSync(dir, { recursive: true, force: true });
  });

  it('shows a message with markup as text, and reports it read when it is opened', async () => {
    const home = new URL('/', dashboardUrl).href;
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overview');
    expect(machineId).not.toBe('');
    // The page is already open: the message has to arrive live, without a reload.
    const id = await send({
      type: 'message',
      params: { title: HOSTILE_TITLE, body: HOSTILE_BODY, level: 'warning' },
    });
    await expect.poll(badge, LIVE).toEqual(['1']);
    await desktop?.waitForNotify((call) => call.summary.includes('Printer'));
    await expect
      .poll(() => page.getByRole('link', { name: 'Messages, 1 unread message' }).count())
      .toBe(1);

    await page.goto(`${home}#/messages`);
    const message = page.locator(`.message[data-message-id="${id}"]`);
    await expect.poll(() => message.locator('.message-title').textContent()).toBe(HOSTILE_TITLE);
    expect(await message.locator('.message-title b').count()).toBe(0);
    expect(await message.locator('.level-tag').textContent()).toBe('Warning');
    expect(await message.locator('.new-tag').textContent()).toBe('New');
    const body = message.locator('.message-body');
    expect(await body.isVisible()).toBe(false);
    await shot('1-message-unread');

    const toggle = message.getByRole('button', { name: HOSTILE_TITLE });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => body.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await body.textContent()).toBe(HOSTILE_BODY);
    expect(await body.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();

    await expect.poll(badge, LIVE).toEqual([]);
    await expect.poll(() => message.locator('.new-tag').count()).toBe(0);
    await expect.poll(() => serverStage(id), LIVE).toBe('succeeded/read');

    // Closing and opening again reports nothing more: still one read, still read.
    await toggle.click();
    await toggle.click();
    expect(await serverStage(id)).toBe('succeeded/read');
    const entry = page.locator(`.action-entry[data-action-id="${id}"]`);
    await expect.poll(() => entry.textContent()).toContain('Step: read');
    await shot('2-message-read');
  }, 60_000);

  it('counts a restart down on every page, snoozes it once, and drops it when IT cancels', async () => {
    const home = new URL('/', dashboardUrl).href;
    await page.goto(`${home}#/history`);
    const id = await send({
      type: 'restart',
      params: {
        reason: 'Security updates',
        delaySeconds: 60,
        snooze: { maxCount: 1, lengthSeconds: 300 },
      },
    });
    const banner = page.locator('.restart-banner');
    await expect.poll(() => banner.count(), LIVE).toBe(1);
    expect(await banner.getAttribute('data-restart-id')).toBe(id);
    await expect
      .poll(() => banner.locator('.restart-countdown').textContent())
      .toMatch(/^Your PC will restart in 0[01]:\d\d$/);
    expect(await banner.textContent()).toContain('Reason: Security updates');
    expect(await banner.textContent()).toContain('Requested by');
    await expect.poll(() => serverStage(id), LIVE).toBe('running/scheduled');

    // It ticks, from the absolute time the agent gave.
    const first = await banner.locator('.restart-time').textContent();
    await expect.poll(() => banner.locator('.restart-time').textContent()).not.toBe(first);
    const rebootAt = Number(await banner.getAttribute('data-reboot-at'));
    expect(rebootAt).toBeGreaterThan(Date.now());
    expect(rebootAt).toBeLessThanOrEqual(Date.now() + 61_000);
    await shot('3-restart-banner');

    // The banner is on every page.
    await page.goto(`${home}#/messages`);
    await expect.poll(() => banner.count()).toBe(1);

    const snooze = banner.getByRole('button', { name: 'Snooze for 5 minutes' });
    expect(await banner.locator('.restart-snoozes').textContent()).toBe('1 snooze left');
    await snooze.click();
    await expect.poll(() => snooze.count()).toBe(0);
    await expect
      .poll(async () => Number(await banner.getAttribute('data-reboot-at')))
      .toBeGreaterThan(rebootAt + 200_000);
    await expect.poll(() => banner.locator('.restart-time').textContent()).toMatch(/^0[45]:\d\d$/);
    expect(await banner.locator('.restart-snoozes').textContent()).toBe(
      'You have used every snooze IT allowed.',
    );
    await expect.poll(() => serverStage(id), LIVE).toBe('running/snoozed');
    await shot('4-restart-snoozed');

    await page.setViewportSize({ width: 360, height: 780 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('5-narrow-messages');
    await page.setViewportSize({ width: 1200, height: 900 });

    // IT cancels: the banner goes, live, and the record says so.
    await fleet(FLEET_API.actionCancel(id), {});
    await expect.poll(() => banner.count(), LIVE).toBe(0);
    const entry = page.locator(`.action-entry[data-action-id="${id}"]`);
    await expect.poll(() => entry.locator('.state-tag').textContent(), LIVE).toBe('Cancelled');
    expect(await entry.locator('strong').textContent()).toBe('Restart');
    await shot('6-restart-cancelled');
  }, 90_000);
});
