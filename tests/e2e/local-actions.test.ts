import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { ActionsRig, RigAgent } from '../helpers/actions-rig.js';
import { startActionsRig } from '../helpers/actions-rig.js';
import { ROOT } from '../helpers/agent-process.js';
import { launchBrowser } from '../helpers/browser.js';

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
  /** A real server, one real enrolled agent (dry-run) notifying on a real desktop session. */
  let rig: ActionsRig;
  let browser: BrowserContext | undefined;
  let page: Page;
  let dashboardUrl: string;
  let machineId: string;

  /** A call to the fleet API as the operator's API key. */
  const fleet = <T>(path: string, body?: unknown): Promise<T> => rig.fleet.json<T>(path, body);
  const send = async (request: Record<string, unknown>): Promise<string> =>
    (await rig.fleet.send([machineId], request))[0] as string;
  const serverStage = (id: string): Promise<string> => rig.fleet.stage(id);
  const badge = (): Promise<string[]> => page.locator('.nav .badge').allTextContents();
  const shot = (name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    rig = await startActionsRig({ owner: OWNER, agents: ['desk'] });
    const agent = rig.agents[0] as RigAgent;
    await agent.start();
    dashboardUrl = agent.dashboardUrl;
    machineId = agent.machineId;
    browser = await launchBrowser({ locale: 'en-US' });
    page = await browser.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(dashboardUrl);
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await rig?.stop();
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
    await rig.desktop.waitForNotify((call) => call.summary.includes('Printer'));
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
