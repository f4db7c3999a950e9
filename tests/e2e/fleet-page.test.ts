import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/agent-process.js';
import { launchBrowser } from '../helpers/browser.js';
import { hasDrawing } from './canvas-drawing.js';
import { createEnrollmentTokenOverHttp, seedMachine } from '../helpers/fleet-seed.js';
import type { SeedMachine } from '../helpers/fleet-seed.js';
import { createOrgWithUser, login } from '../server/helpers/test-auth.js';
import type { TestUser } from '../server/helpers/test-auth.js';
import { startTestServer } from '../server/helpers/test-server.js';
import type { TestServer } from '../server/helpers/test-server.js';

/** Screenshots for people to look at; kept out of git. */
const SHOTS = join(ROOT, 'test-output', 'fleet-page');
const MINUTE = 60_000;

/** The last hour every 2 minutes: enough for the charts to draw a line. */
const recentTimes = (now: number): number[] =>
  Array.from({ length: 30 }, (_, i) => now - (29 - i) * 2 * MINUTE);

const rowHostnames = (page: Page): Promise<string[]> =>
  page.locator('.mt-body [role="row"] .c-hostname').allTextContents();

const hasNoSidewaysScroll = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('the fleet page in real Chromium, against the real server', () => {
  let server: TestServer;
  let owner: TestUser;
  let browser: BrowserContext;
  let page: Page;
  let labToken: string;
  let apiHeaders: Record<string, string>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The server's clock, moved back two hours to let one machine report "long ago".
    let clockOffsetMs = -120 * MINUTE;
    server = await startTestServer({}, { now: () => Date.now() + clockOffsetMs });
    owner = await createOrgWithUser(server.ctx, { role: 'owner', orgName: 'Clinique du Parc' });
    const earlier = await login(server.url, owner.email, owner.password);
    const kioskToken = await createEnrollmentTokenOverHttp(server.url, earlier.headers(), {
      tags: ['kiosk'],
    });
    await seedMachine(server.url, kioskToken.token, {
      hostname: 'old-kiosk',
      platform: 'linux',
      health: 'ok',
      hardwareId: 'hw-e2e-old',
      sampleTimes: [Date.now() - 122 * MINUTE, Date.now() - 120 * MINUTE],
    });
    clockOffsetMs = 0;
    const session = await login(server.url, owner.email, owner.password);
    const office = await createEnrollmentTokenOverHttp(server.url, session.headers(), {
      tags: ['office'],
    });
    const lab = await createEnrollmentTokenOverHttp(server.url, session.headers(), {
      tags: ['lab'],
    });
    labToken = lab.token;
    apiHeaders = session.headers();
    const now = Date.now();
    const machines: Array<SeedMachine & { token: string }> = [
      { hostname: 'reception-pc', platform: 'win32', health: 'ok', token: office.token },
      { hostname: 'accounting-01', platform: 'win32', health: 'warn', token: office.token },
      { hostname: 'director-mac', platform: 'darwin', health: 'ok', token: office.token },
      { hostname: 'lab-analyser', platform: 'linux', health: 'critical', token: lab.token },
      { hostname: 'lab-printer-host', platform: 'linux', health: 'ok', token: lab.token },
    ].map((machine, i) => ({
      ...(machine as Omit<SeedMachine, 'hardwareId' | 'sampleTimes'> & { token: string }),
      hardwareId: `hw-e2e-${i}`,
      sampleTimes: recentTimes(now),
    }));
    for (const machine of machines) await seedMachine(server.url, machine.token, machine);

    browser = await launchBrowser({ locale: 'en-US' });
    page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends a visitor to the login page, and signs in', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
    await page.screenshot({ path: join(SHOTS, 'login.png'), fullPage: true });
    await page.getByLabel('Email', { exact: true }).fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Fleet');
    expect(await page.locator('.org-name').textContent()).toBe('Clinique du Parc');
  });

  it('shows every machine with its status, and counts per status', async () => {
    await expect.poll(() => rowHostnames(page)).toHaveLength(6);
    expect(await performanceMarkCount(page)).toBe(1);
    const offline = page.locator('.mt-body [role="row"]', { hasText: 'old-kiosk' });
    await expect.poll(() => offline.locator('.c-status').textContent()).toBe('Offline');
    await expect
      .poll(() => page.locator('.counts').textContent())
      .toMatch(/Online\s*5.*Offline\s*1/);
    await page.screenshot({ path: join(SHOTS, 'fleet-en.png'), fullPage: true });
  });

  it('searches, filters and sorts', async () => {
    await page.getByLabel('Search', { exact: true }).fill('lab');
    await expect
      .poll(async () => (await rowHostnames(page)).sort())
      .toEqual(['lab-analyser', 'lab-printer-host']);
    await page.getByLabel('Search', { exact: true }).fill('windows');
    await expect
      .poll(async () => (await rowHostnames(page)).sort())
      .toEqual(['accounting-01', 'reception-pc']);
    await page.getByLabel('Search', { exact: true }).fill('');

    await page.getByRole('button', { name: /^Offline/ }).click();
    await expect.poll(() => rowHostnames(page)).toEqual(['old-kiosk']);
    await page.getByRole('button', { name: /^All/ }).click();
    await page.getByLabel('Health', { exact: true }).selectOption('critical');
    await expect.poll(() => rowHostnames(page)).toEqual(['lab-analyser']);
    await page.getByLabel('Health', { exact: true }).selectOption('');
    await page.getByLabel('Tag', { exact: true }).selectOption('office');
    await expect.poll(() => rowHostnames(page)).toHaveLength(3);
    await page.getByLabel('Tag', { exact: true }).selectOption('');

    const header = page.locator('[role="columnheader"].c-hostname');
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await expect
      .poll(() => rowHostnames(page))
      .toEqual([
        'accounting-01',
        'director-mac',
        'lab-analyser',
        'lab-printer-host',
        'old-kiosk',
        'reception-pc',
      ]);
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await rowHostnames(page))[0]).toBe('reception-pc');
    await page.screenshot({ path: join(SHOTS, 'fleet-sorted.png'), fullPage: true });
  });

  it('follows the live stream: a new machine appears, a removed one goes, without reload', async () => {
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const id = await seedMachine(server.url, labToken, {
      hostname: 'lab-newcomer',
      platform: 'linux',
      health: 'ok',
      hardwareId: 'hw-e2e-new',
      sampleTimes: [Date.now()],
    });
    await expect.poll(() => rowHostnames(page), { timeout: 10_000 }).toContain('lab-newcomer');
    const removed = await fetch(`${server.url}/api/v1/machines/${id}`, {
      method: 'DELETE',
      headers: apiHeaders,
    });
    expect(removed.status).toBe(204);
    await expect.poll(() => rowHostnames(page), { timeout: 10_000 }).not.toContain('lab-newcomer');
    expect(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
  });

  it('opens a machine and draws its history', async () => {
    await page.getByRole('link', { name: 'lab-analyser' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Disk /home is 94% full');
    expect(await page.locator('h1').textContent()).toBe('lab-analyser');
    await expect
      .poll(() => page.locator('.reasons').textContent())
      .toContain('Disk /home is 94% full');
    await page.getByRole('button', { name: 'Last hour' }).click();
    const cpu = '.charts canvas[data-metric="cpu.usagePercent"]';
    await expect.poll(() => page.locator(cpu).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => hasDrawing(page, cpu)).toBe(true);
    expect(Number(await page.locator(cpu).getAttribute('data-points'))).toBeGreaterThan(1);
    await page.screenshot({ path: join(SHOTS, 'machine.png'), fullPage: true });
  });

  it('creates an enrolment token and shows the command to run', async () => {
    await page.getByRole('link', { name: 'Add a machine' }).click();
    await page.getByLabel('Maximum machines', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Create token' }).click();
    const linux = page.getByLabel('Command for Linux', { exact: true });
    await expect
      .poll(() => linux.textContent())
      .toMatch(new RegExp(`^sudo dashfleet-agent enroll --server ${server.url} --token \\S+$`));
    await page.screenshot({ path: join(SHOTS, 'add-machine.png'), fullPage: true });
  });

  it('edits the tags of a machine and removes one after confirmation', async () => {
    await page.getByRole('link', { name: 'Fleet', exact: true }).click();
    await page.getByRole('link', { name: 'director-mac' }).click();
    await page.getByLabel('Tags, separated by commas').fill('office, vip');
    await page.getByRole('button', { name: 'Save tags' }).click();
    await expect.poll(() => page.locator('.tags').textContent()).toBe('officevip');
    await page.getByRole('button', { name: 'Remove machine' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove machine' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Fleet');
    await expect.poll(() => rowHostnames(page)).not.toContain('director-mac');
    await expect.poll(() => rowHostnames(page)).toHaveLength(5);
  });

  it('adds a user from the administration page', async () => {
    await page.getByRole('link', { name: 'Administration' }).click();
    await page
      .locator('form')
      .first()
      .getByLabel('Email', { exact: true })
      .fill('nurse@example.test');
    await page.locator('form').first().getByLabel('Role', { exact: true }).selectOption('operator');
    await page.getByLabel('Initial password', { exact: true }).fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Add user' }).click();
    await expect
      .poll(() => page.locator('table').first().textContent())
      .toContain('nurse@example.test');
    await page.screenshot({ path: join(SHOTS, 'admin.png'), fullPage: true });
  });

  it('speaks French once chosen, and remembers it', async () => {
    await page.getByLabel('Language', { exact: true }).selectOption('fr');
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Parc');
    await expect.poll(() => page.locator('.counts').textContent()).toContain('En ligne');
    await page.screenshot({ path: join(SHOTS, 'fleet-fr.png'), fullPage: true });
  });

  it('fits a 360 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/', '/add', '/admin']) {
      await page.goto(`${server.url}${path}`);
      await expect.poll(() => page.locator('h1').count()).toBe(1);
      expect(await hasNoSidewaysScroll(page), path).toBe(true);
      await page.screenshot({
        path: join(SHOTS, `narrow${path.replace('/', '-') || '-fleet'}.png`),
        fullPage: true,
      });
    }
    await page.goto(`${server.url}/`);
    await page.locator('.mt-body a').first().click();
    await expect.poll(() => page.locator('.charts canvas').count()).toBeGreaterThan(0);
    expect(await hasNoSidewaysScroll(page)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'narrow-machine.png'), fullPage: true });
  });
});

function performanceMarkCount(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByName('fleet-first-rows').length);
}
