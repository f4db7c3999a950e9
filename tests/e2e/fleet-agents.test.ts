import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARDWARE_ID_ENV } from '../../src/agent/collect/hardware-id.js';
import { ROOT, runAgentCli, startAgent, tempDataDir } from '../helpers/agent-process.js';
import type { RunningAgent } from '../helpers/agent-process.js';
import { launchBrowser } from '../helpers/browser.js';
import {
  freePort,
  serverCliJson,
  startServerProcess,
  stopChild,
} from '../helpers/server-process.js';
import type { ServerProcess } from '../helpers/server-process.js';

/** Screenshots for people to look at; kept out of git. */
const SHOTS = join(ROOT, 'test-output', 'fleet-agents');
/** Generous bounds: the agents report every second, the server decides within a second. */
const LIVE = { timeout: 20_000, interval: 100 };

const A = { org: 'Acme Clinic', email: 'owner@acme.test', password: 'acme-owner-password' };
const B = { org: 'Bravo Labs', email: 'owner@bravo.test', password: 'bravo-owner-password' };

/** Three agents on this one host: each its own data dir, hardware id and enrolment tag. */
const AGENTS = [
  { name: 'front', tag: 'front-desk' },
  { name: 'lab-1', tag: 'lab' },
  { name: 'lab-2', tag: 'lab' },
] as const;

const rows = (page: Page): Locator => page.locator('.mt-body [role="row"]');
const rowTagged = (page: Page, tag: string): Locator =>
  rows(page).filter({ has: page.locator('.c-tags .tag', { hasText: tag }) });
const statuses = (page: Page): Promise<string[]> =>
  rows(page).locator('.c-status').allTextContents();
const heading = (page: Page): Promise<string | null> => page.locator('h1').textContent();

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** True once the canvas holds at least one painted pixel. */
function hasDrawing(canvas: Locator): Promise<boolean> {
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const context = element.getContext('2d');
    if (!context || element.width === 0 || element.height === 0) return false;
    const { data } = context.getImageData(0, 0, element.width, element.height);
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });
}

async function signIn(page: Page, url: string, who: { email: string; password: string }) {
  await page.goto(`${url}/`);
  await expect.poll(() => heading(page)).toBe('Sign in');
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => heading(page)).toBe('Fleet');
}

/** `dashfleet-agent run` with its own hardware id (the variable is read by the child only). */
function startAgentAs(hardwareId: string, dataDir: string): RunningAgent {
  const before = process.env[HARDWARE_ID_ENV];
  process.env[HARDWARE_ID_ENV] = hardwareId;
  try {
    return startAgent(['--data-dir', dataDir, '--interval', '1']);
  } finally {
    if (before === undefined) delete process.env[HARDWARE_ID_ENV];
    else process.env[HARDWARE_ID_ENV] = before;
  }
}

describe('three real agents, a real server process, the fleet page in real Chromium', () => {
  const serverDir = mkdtempSync(join(tmpdir(), 'dashfleet-server-'));
  const agentDirs = AGENTS.map(() => tempDataDir());
  const agents: RunningAgent[] = [];
  let server: ServerProcess | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let url: string;
  /** The page of the machine whose agent is stopped, opened again as org B. */
  let frontMachinePath: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = await startServerProcess(port, serverDir, [
      '--public-url',
      url,
      // The smallest thresholds the server accepts: late after 5 s of silence, offline after 10.
      '--online-seconds',
      '5',
      '--offline-seconds',
      '10',
      '--log-level',
      'warn',
    ]);
    browser = await launchBrowser({ locale: 'en-US' });
    page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  afterAll(async () => {
    // Everything is attempted, whatever failed before.
    await Promise.allSettled([
      ...agents.map((agent) => stopChild(agent.child, 'SIGKILL')),
      browser?.close(),
    ]);
    await server?.stop().catch(() => undefined);
    for (const dir of [serverDir, ...agentDirs]) rmSync(dir, { recursive: true, force: true });
  });

  it('creates two organisations and enrols three agents in the first one', () => {
    const acme = serverCliJson([
      'init',
      '--org',
      A.org,
      '--email',
      A.email,
      '--password',
      A.password,
      '--data-dir',
      serverDir,
    ]);
    expect(acme).toMatchObject({ orgName: A.org, email: A.email, role: 'owner' });
    const bravo = serverCliJson([
      'init',
      '--org',
      B.org,
      '--email',
      B.email,
      '--password',
      B.password,
      '--data-dir',
      serverDir,
    ]);
    expect(bravo.orgId).not.toBe(acme.orgId);

    const tokens = new Map<string, string>();
    for (const tag of new Set(AGENTS.map((agent) => agent.tag))) {
      const created = serverCliJson([
        'create-enrollment-token',
        '--org',
        A.org,
        '--tags',
        tag,
        '--data-dir',
        serverDir,
      ]);
      tokens.set(tag, String(created.token));
    }
    AGENTS.forEach(({ name, tag }, i) => {
      const dataDir = agentDirs[i] as string;
      const enrolled = runAgentCli(
        ['--data-dir', dataDir, 'enroll', '--server', url, '--token', tokens.get(tag) as string],
        { [HARDWARE_ID_ENV]: `e2e-rig-${name}` },
      );
      expect(enrolled.code, enrolled.stderr).toBe(0);
      agents.push(startAgentAs(`e2e-rig-${name}`, dataDir));
    });
  });

  it("shows A's three machines, all online", async () => {
    await signIn(page, url, A);
    expect(await page.locator('.org-name').textContent()).toBe(A.org);
    await expect.poll(() => statuses(page), LIVE).toEqual(['Online', 'Online', 'Online']);
    expect(await rows(page).locator('.c-hostname').allTextContents()).toEqual(
      AGENTS.map(() => hostname()),
    );
    // Each agent enrolled under the hardware id it was given, not this host's shared one.
    const db = new Database(join(serverDir, 'server.db'), { readonly: true });
    try {
      const stored = db.prepare('SELECT hardware_id FROM machines ORDER BY hardware_id').all();
      expect(stored).toEqual(AGENTS.map(({ name }) => ({ hardware_id: `e2e-rig-${name}` })));
    } finally {
      db.close();
    }
    await expect.poll(() => rowTagged(page, 'lab').count()).toBe(2);
    await expect.poll(() => rowTagged(page, 'front-desk').count()).toBe(1);
    await shot(page, '1-fleet-online');
  }, 40_000);

  it('narrows the table with the search box and the status filter', async () => {
    const search = page.getByLabel('Search', { exact: true });
    await search.fill('front-desk');
    await expect
      .poll(() => rows(page).locator('.c-tags').allTextContents())
      .toEqual(['front-desk']);
    await search.fill('lab');
    await expect
      .poll(() => rows(page).locator('.c-tags').allTextContents())
      .toEqual(['lab', 'lab']);
    await shot(page, '2-search-lab');
    await search.fill('');

    await page.getByRole('button', { name: /^Offline/ }).click();
    await expect.poll(() => rows(page).count()).toBe(0);
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('No machine matches these filters.');
    await shot(page, '3-filter-offline');
    await page.getByRole('button', { name: /^All/ }).click();
    await expect.poll(() => rows(page).count()).toBe(3);
  });

  it('opens a machine: charts drawn from its reports, its health and inventory', async () => {
    await rowTagged(page, 'front-desk').locator('.c-hostname a').click();
    await expect.poll(() => heading(page)).toBe(hostname());
    frontMachinePath = new URL(page.url()).pathname;
    expect(frontMachinePath).toMatch(/^\/machines\/[^/]+$/);

    await page.getByRole('button', { name: 'Last hour' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Last hour' }).getAttribute('aria-pressed'))
      .toBe('true');
    const cpu = page.locator('.charts canvas[data-metric="cpu.usagePercent"]');
    await expect.poll(() => cpu.count(), LIVE).toBe(1);
    await expect.poll(() => hasDrawing(cpu)).toBe(true);
    expect(Number(await cpu.getAttribute('data-points'))).toBeGreaterThanOrEqual(1);

    const cards = (title: string) =>
      page.locator(`h2:text-is("${title}") + .card, h2:text-is("${title}") + dl.card`);
    // A real machine may or may not have something to report: either way, it has been judged.
    const health = cards('Health');
    await expect
      .poll(
        async () =>
          (await health.locator('.reasons li').count()) > 0 ||
          /Nothing to report/.test((await health.textContent()) ?? ''),
        LIVE,
      )
      .toBe(true);
    await expect.poll(() => cards('Inventory').textContent(), LIVE).toContain(hostname());
    expect(await page.locator('.tags').textContent()).toContain('front-desk');
    await shot(page, '4-machine');
  });

  it('creates an enrolment token on Add a machine and shows the command with it', async () => {
    await page.getByRole('link', { name: 'Add a machine' }).click();
    await expect.poll(() => heading(page)).toBe('Add a machine');
    await page.getByRole('button', { name: 'Create token' }).click();
    const linux = page.getByLabel('Command for Linux', { exact: true });
    await expect
      .poll(() => linux.textContent())
      .toMatch(new RegExp(`^sudo dashfleet-agent enroll --server ${url} --token \\S{16,}$`));
    await shot(page, '5-add-machine');
  });

  it('shows a stopped agent late, then offline, without a reload', async () => {
    await page.getByRole('link', { name: 'Fleet', exact: true }).click();
    await expect.poll(() => statuses(page), LIVE).toEqual(['Online', 'Online', 'Online']);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const front = agents[0] as RunningAgent;
    const exited = front.exited;
    front.child.kill('SIGTERM');
    expect((await exited).code).toBe(0);

    const frontStatus = rowTagged(page, 'front-desk').locator('.c-status');
    await expect.poll(() => frontStatus.textContent(), LIVE).toBe('Late');
    await shot(page, '6-late');
    await expect.poll(() => frontStatus.textContent(), LIVE).toBe('Offline');
    // Its figures are the last report's: still shown, but faded; the online rows are not.
    const opacity = (cell: string, tag: string) =>
      rowTagged(page, tag)
        .first()
        .locator(cell)
        .evaluate((element) => Number(getComputedStyle(element).opacity));
    expect(await opacity('.c-cpu', 'front-desk')).toBeLessThan(1);
    expect(await opacity('.c-cpu', 'lab')).toBe(1);
    expect(await rowTagged(page, 'lab').locator('.c-status').allTextContents()).toEqual([
      'Online',
      'Online',
    ]);
    await expect
      .poll(() => page.locator('.counts').textContent())
      .toMatch(/Online\s*2.*Offline\s*1/);
    expect(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    await shot(page, '7-offline');
  }, 40_000);

  it("keeps A's machines from org B: empty fleet, and A's machine page not found", async () => {
    await page.locator('.user-menu summary').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => heading(page)).toBe('Sign in');

    await signIn(page, url, B);
    expect(await page.locator('.org-name').textContent()).toBe(B.org);
    await expect
      .poll(() => page.locator('main').textContent(), LIVE)
      .toContain('No machines yet. Add one to see it here.');
    expect(await rows(page).count()).toBe(0);
    await shot(page, '8-org-b-empty');

    await page.goto(`${url}${frontMachinePath}`);
    await expect
      .poll(() => page.locator('main').textContent(), LIVE)
      .toContain('This machine does not exist or was removed.');
    expect(await heading(page)).toBe('Machine');
    await shot(page, '9-org-b-not-found');
  });
});
