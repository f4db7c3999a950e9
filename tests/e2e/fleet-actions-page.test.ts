import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { ActionUpdate } from '../../src/shared/protocol/action-schemas.js';
import { AGENT_API, PROTOCOL_VERSION } from '../../src/shared/protocol/agent-protocol.js';
import type { EnrollResponse } from '../../src/shared/protocol/agent-protocol.js';
import { ROOT } from '../helpers/agent-process.js';
import { launchBrowser } from '../helpers/browser.js';
import { postJson } from '../helpers/fleet-seed.js';
import { makeHealth, makeInventory, makeSample } from '../helpers/sample-factory.js';
import { freePort, serverCliJson, startServerProcess } from '../helpers/server-process.js';
import type { ServerProcess } from '../helpers/server-process.js';
import { login } from '../server/helpers/test-auth.js';

/** Screenshots for people to look at; kept out of git. */
const SHOTS = join(ROOT, 'test-output', 'fleet-actions');
/** A live change crosses the agent API, the database, the event stream and the page. */
const LIVE = { timeout: 15_000, interval: 100 };
const ORG = 'Clinique des Lilas';
const OWNER = { email: 'owner@lilas.test', password: 'owner-password-long', name: 'Odile Roux' };
const ADMIN = { email: 'admin@lilas.test', password: 'admin-password-long' };
const VIEWER = { email: 'viewer@lilas.test', password: 'viewer-password-long' };
const MARKUP = '<img src=x onerror=alert(1)>';

const heading = (page: Page): Promise<string | null> => page.locator('h1').textContent();
const row = (page: Page, hostname: string): Locator =>
  page.locator('.mt-body [role="row"]', { hasText: hostname });
const items = (within: Page | Locator): Locator => within.locator('.action-item');
const itemOf = (within: Page | Locator, hostname: string): Locator =>
  items(within).filter({ hasText: hostname });
const statusOf = (item: Locator): Promise<string | null> =>
  item.locator('.action-status').textContent();
const hasNoSidewaysScroll = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, url: string, who: { email: string; password: string }) {
  await page.context().clearCookies();
  await page.goto(`${url}/login`);
  await expect.poll(() => heading(page)).toBe('Sign in');
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => heading(page)).toBe('Fleet');
}

/** A machine enrolled over the agent protocol; `reports` false leaves it never heard from (offline). */
async function enrol(
  url: string,
  token: string,
  hostname: string,
  platform: 'linux' | 'win32',
  reports: boolean,
): Promise<EnrollResponse> {
  const os =
    platform === 'win32'
      ? { platform, distro: 'Microsoft Windows 11 Pro', release: '10.0.22631', arch: 'x64' }
      : { platform, distro: 'Debian GNU/Linux', release: '12', arch: 'x64' };
  const enrolled = await postJson<EnrollResponse>(`${url}${AGENT_API.enroll}`, {
    protocolVersion: PROTOCOL_VERSION,
    enrollmentToken: token,
    hardwareId: `hw-actions-${hostname}`,
    hostname,
    os,
    agentVersion: '0.1.0',
  });
  if (reports) {
    const now = Date.now();
    await postJson(
      `${url}${AGENT_API.reports}`,
      {
        protocolVersion: PROTOCOL_VERSION,
        samples: [{ seq: 1, sample: makeSample(now) }],
        inventory: { ...makeInventory(now, hostname), os: { ...os, kernel: '' } },
        health: makeHealth(now, 'ok'),
      },
      { authorization: `Bearer ${enrolled.agentToken}` },
    );
  }
  return enrolled;
}

describe('actions on the fleet page: a real server process, machines over the agent protocol, real Chromium', () => {
  const serverDir = mkdtempSync(join(tmpdir(), 'dashfleet-actions-'));
  let server: ServerProcess | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let url: string;
  /** The online machine's agent token: its agent reports action updates over HTTP. */
  let frontToken: string;
  let frontId: string;
  let benchId: string;
  let seq = 0;
  const alerts: string[] = [];

  /** What the front desk's agent would post as it works through an action. */
  const agentUpdate = async (
    actionId: string,
    update: Omit<ActionUpdate, 'seq' | 'actionId' | 'at'>,
  ): Promise<void> => {
    seq += 1;
    await postJson(
      `${url}${AGENT_API.actionUpdates}`,
      {
        protocolVersion: PROTOCOL_VERSION,
        updates: [{ seq, actionId, at: Date.now(), ...update }],
      },
      { authorization: `Bearer ${frontToken}` },
    );
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = await startServerProcess(port, serverDir, [
      '--public-url',
      url,
      // Long thresholds: the machines that reported stay online for the whole test.
      '--online-seconds',
      '3600',
      '--offline-seconds',
      '7200',
      '--log-level',
      'warn',
    ]);
    const dataDir = ['--data-dir', serverDir];
    serverCliJson([
      'init',
      '--org',
      ORG,
      '--email',
      OWNER.email,
      '--password',
      OWNER.password,
      '--name',
      OWNER.name,
      ...dataDir,
    ]);
    for (const [who, role] of [
      [ADMIN, 'admin'],
      [VIEWER, 'viewer'],
    ] as const) {
      serverCliJson([
        'create-user',
        '--org',
        ORG,
        '--email',
        who.email,
        '--role',
        role,
        '--password',
        who.password,
        ...dataDir,
      ]);
    }
    const front = serverCliJson([
      'create-enrollment-token',
      '--org',
      ORG,
      '--tags',
      'front',
      ...dataDir,
    ]);
    const lab = serverCliJson([
      'create-enrollment-token',
      '--org',
      ORG,
      '--tags',
      'lab',
      ...dataDir,
    ]);
    const frontDesk = await enrol(url, String(front.token), 'front-desk', 'win32', true);
    frontToken = frontDesk.agentToken;
    frontId = frontDesk.agentId;
    await enrol(url, String(lab.token), 'lab-kiosk', 'linux', false);
    benchId = (await enrol(url, String(lab.token), 'lab-bench', 'linux', true)).agentId;

    browser = await launchBrowser({ locale: 'en-US' });
    page = await browser.newPage();
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(serverDir, { recursive: true, force: true });
  });

  it('sends a message to two selected machines, naming the offline one before it goes', async () => {
    await signIn(page, url, OWNER);
    await expect.poll(() => page.locator('.mt-body [role="row"]').count()).toBe(3);
    await expect
      .poll(() => row(page, 'lab-kiosk').locator('.c-status').textContent())
      .toBe('Offline');

    // Keyboard: the checkboxes are ordinary controls, reached with Tab and ticked with Space.
    await row(page, 'front-desk').getByRole('checkbox').focus();
    await page.keyboard.press('Space');
    await row(page, 'lab-kiosk').getByRole('checkbox').check();
    await expect.poll(() => page.getByLabel('Selected machines (2)').isChecked()).toBe(true);
    await shot(page, '1-selected');

    await page.getByRole('button', { name: 'Send message' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send a message' });
    await expect.poll(() => dialog.textContent()).toContain('This goes to 2 machines.');
    await dialog.getByRole('button', { name: 'Review' }).click();
    // Nothing is sent without a title: the field says so.
    await expect.poll(() => dialog.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.textContent()).toContain('Required.');
    await dialog.getByLabel('Title').fill(MARKUP);
    await dialog
      .getByLabel('Message', { exact: true })
      .fill('The printer on floor 2 is <b>down</b>.');
    await dialog.getByLabel('Level').selectOption('warning');
    await dialog.getByRole('button', { name: 'Review' }).click();

    const note = dialog.getByRole('note');
    await expect.poll(() => note.textContent()).toContain('1 machine is offline.');
    expect(await note.locator('li').allTextContents()).toEqual(['lab-kiosk']);
    expect(await dialog.textContent()).toContain(`Message — ${MARKUP}`);
    await shot(page, '2-confirm');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();

    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    const sent = page.locator('.just-sent');
    await expect.poll(() => sent.locator('.action-item').count(), LIVE).toBe(2);
    await expect
      .poll(() => sent.locator('.action-status').allTextContents())
      .toEqual(['Queued', 'Queued']);
    expect(await sent.locator('.action-meta').first().textContent()).toContain(
      `Sent by ${OWNER.name}`,
    );
    // The title is text: no element was made of it, and nothing ran.
    expect(await sent.locator('.action-summary').allTextContents()).toEqual([MARKUP, MARKUP]);
    expect(await sent.locator('img').count()).toBe(0);
    expect(alerts).toEqual([]);
    await shot(page, '3-sent');
  });

  it('cancels the offline machine’s copy after confirmation', async () => {
    const kiosk = itemOf(page.locator('.just-sent'), 'lab-kiosk');
    await kiosk.getByRole('button', { name: 'Cancel action' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel action' }).click();
    await expect.poll(() => statusOf(kiosk)).toBe('Cancelled');
    expect(await kiosk.getByRole('button', { name: 'Cancel action' }).count()).toBe(0);
    expect(await statusOf(itemOf(page.locator('.just-sent'), 'front-desk'))).toBe('Queued');
  });

  it('follows what the agent reports, live, without reloading', async () => {
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const front = itemOf(page.locator('.just-sent'), 'front-desk');
    const id = await front.getAttribute('data-id');
    expect(id).toBeTruthy();
    await agentUpdate(id as string, { status: 'delivered' });
    await expect.poll(() => statusOf(front), LIVE).toBe('Delivered');
    await agentUpdate(id as string, { status: 'running', stage: 'shown' });
    await expect.poll(() => statusOf(front), LIVE).toBe('Running · Shown');
    await agentUpdate(id as string, { status: 'succeeded', stage: 'read' });
    await expect.poll(() => statusOf(front), LIVE).toBe('Succeeded · Read');
    expect(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    await shot(page, '4-live');
  });

  it('runs maintenance from a machine’s page, shows its failure and retries it', async () => {
    await page.getByRole('link', { name: 'front-desk' }).first().click();
    await expect.poll(() => heading(page)).toBe('front-desk');
    await page.getByRole('button', { name: 'Maintenance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Maintenance' });
    await dialog.getByLabel(/^Restart print spooler/).check();
    await dialog.getByLabel('Expires after (days)').fill('45');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await expect.poll(() => dialog.textContent()).toContain('A whole number from 1 to 30.');
    await dialog.getByLabel('Expires after (days)').fill('2');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await expect.poll(() => dialog.textContent()).toContain('This goes to 1 machine.');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();

    const spooler = items(page).filter({ hasText: 'Restart print spooler' });
    await expect.poll(() => spooler.count(), LIVE).toBe(1);
    await expect.poll(() => statusOf(spooler)).toBe('Queued');
    // The message sent before is this machine's too.
    await expect.poll(() => items(page).count()).toBe(2);

    const id = (await spooler.getAttribute('data-id')) as string;
    await agentUpdate(id, { status: 'delivered' });
    await agentUpdate(id, {
      status: 'failed',
      result: {
        exitCode: 2,
        output: 'net stop spooler\n<script>alert(2)</script>\nAccess is denied.',
        error: { code: 'E_ACTION_COMMAND_FAILED', message: 'The command exited with code 2.' },
      },
    });
    await expect.poll(() => statusOf(spooler), LIVE).toBe('Failed');
    await expect.poll(() => spooler.locator('.action-facts dd').allTextContents()).toEqual(['2']);
    expect(await spooler.locator('.action-facts dt').allTextContents()).toEqual(['Exit code']);
    expect(await spooler.locator('.error').textContent()).toBe(
      'E_ACTION_COMMAND_FAILED The command exited with code 2.',
    );
    await spooler.getByText('Output').click();
    expect(await spooler.locator('pre').textContent()).toBe(
      'net stop spooler\n<script>alert(2)</script>\nAccess is denied.',
    );
    expect(await spooler.locator('pre script').count()).toBe(0);
    await shot(page, '5-machine-failed');

    await spooler.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => spooler.count(), LIVE).toBe(2);
    await expect
      .poll(() => spooler.locator('.action-status').allTextContents())
      .toEqual(['Queued', 'Failed']);
    expect(alerts).toEqual([]);
  });

  it('lists the org’s actions on their own page, filtered by status, type and machine', async () => {
    await page.getByRole('link', { name: 'Actions', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Actions');
    await expect.poll(() => items(page).count()).toBe(4);
    await page.getByLabel('Status').selectOption('cancelled');
    await expect
      .poll(() => items(page).locator('.action-meta a').allTextContents())
      .toEqual(['lab-kiosk']);
    expect(new URL(page.url()).search).toBe('?status=cancelled');
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Type').selectOption('restart-print-spooler');
    await expect.poll(() => items(page).count()).toBe(2);
    await page.getByLabel('Type').selectOption('');
    await page.getByLabel('Machine').selectOption({ label: 'lab-kiosk' });
    await expect.poll(() => items(page).count()).toBe(1);
    await page.getByLabel('Machine').selectOption('');
    await expect.poll(() => items(page).count()).toBe(4);
    await shot(page, '6-actions-page');
  });

  it('selects every machine the filters show, and counts a tag from the fleet it has', async () => {
    await page.getByRole('link', { name: 'Fleet', exact: true }).click();
    const selected = page.getByText(/^Selected machines/);
    await expect.poll(() => selected.textContent()).toBe('Selected machines (2)');
    await page.getByLabel('Search', { exact: true }).fill('lab');
    await expect.poll(() => page.locator('.mt-body [role="row"]').count()).toBe(2);
    const shown = page.getByLabel('Select all shown machines');
    expect(await shown.evaluate((box: HTMLInputElement) => box.indeterminate)).toBe(true);
    await shown.check();
    // The machine the search hides stays selected.
    await expect.poll(() => selected.textContent()).toBe('Selected machines (3)');
    await shown.uncheck();
    await expect.poll(() => selected.textContent()).toBe('Selected machines (1)');
    await page.getByLabel('Search', { exact: true }).fill('');

    await page.locator('.actions-bar').getByLabel('Tag to send to').selectOption('lab');
    expect(await page.getByLabel('Machines tagged').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Send message' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send a message' });
    await dialog.getByLabel('Title').fill('Lab closes early');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await expect.poll(() => dialog.textContent()).toContain('This goes to 2 machines.');
    expect(await dialog.getByRole('note').locator('li').allTextContents()).toEqual(['lab-kiosk']);
    await dialog.getByRole('button', { name: 'Back' }).click();
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Lab closes early');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('fits a 360 px wide screen', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    const pages: Array<[string, string, () => Promise<number>, number]> = [
      ['/actions', 'actions', () => items(page).count(), 4],
      [`/machines/${frontId}`, 'machine', () => items(page).count(), 3],
      ['/', 'fleet', () => page.locator('.mt-body [role="row"]').count(), 3],
    ];
    for (const [path, name, count, expected] of pages) {
      await page.goto(`${url}${path}`);
      await expect.poll(count).toBe(expected);
      expect(await hasNoSidewaysScroll(page), path).toBe(true);
      await shot(page, `7-narrow-${name}`);
    }
    await row(page, 'lab-bench').getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Restart' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restart' });
    await expect
      .poll(() => dialog.getByLabel('Delay before restarting (minutes)').inputValue())
      .toBe('5');
    expect(await dialog.getByLabel('Snoozes allowed').inputValue()).toBe('1');
    expect(await dialog.getByLabel('Snooze length (minutes)').inputValue()).toBe('10');
    expect(await hasNoSidewaysScroll(page)).toBe(true);
    await shot(page, '7-narrow-restart');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows a viewer the history but no way to send, cancel or retry', async () => {
    await signIn(page, url, VIEWER);
    await expect.poll(() => page.locator('.mt-body [role="row"]').count()).toBe(3);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send message' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Actions', exact: true }).click();
    await expect.poll(() => items(page).count()).toBe(4);
    expect(await page.getByRole('button', { name: /Cancel action|Retry/ }).count()).toBe(0);
    await page.goto(`${url}/machines/${frontId}`);
    await expect.poll(() => items(page).count()).toBe(3);
    expect(
      await page.getByRole('button', { name: /Send message|Restart|Maintenance/ }).count(),
    ).toBe(0);
  });

  it('shows an admin the audit log: who sent what, from which address', async () => {
    await signIn(page, url, ADMIN);
    await page.getByRole('link', { name: 'Administration' }).click();
    const audit = page.locator('table.audit');
    await expect.poll(() => audit.locator('tbody tr').count()).toBe(4);
    const sent = audit
      .locator('tbody tr')
      .filter({ hasText: 'Message' })
      .filter({ hasText: 'Sent' });
    const cells = await sent.locator('td').allTextContents();
    expect(cells.slice(1)).toEqual([OWNER.name, '127.0.0.1', 'Sent', 'Message', '2', MARKUP]);
    expect(cells[0]).toMatch(/\d{4}/);
    expect(await audit.locator('img').count()).toBe(0);
    const events = await audit.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(events.sort()).toEqual(['Cancelled', 'Retried', 'Sent', 'Sent']);
    await shot(page, '8-audit');
    expect(alerts).toEqual([]);
  });

  it('pages through a machine’s older actions', async () => {
    await signIn(page, url, OWNER);
    const session = await login(url, OWNER.email, OWNER.password);
    for (let i = 1; i <= 11; i++) {
      await postJson(
        `${url}${FLEET_API.actions}`,
        {
          target: { machineIds: [benchId] },
          type: 'message',
          params: { title: `Note ${i}`, body: '', level: 'info' },
        },
        session.headers(),
      );
    }
    await page.goto(`${url}/machines/${benchId}`);
    await expect.poll(() => items(page).count()).toBe(10);
    expect(await items(page).first().locator('.action-summary').textContent()).toBe('Note 11');
    await page.getByRole('button', { name: 'Show older' }).click();
    await expect.poll(() => items(page).count()).toBe(11);
    expect(await items(page).last().locator('.action-summary').textContent()).toBe('Note 1');
    expect(await page.getByRole('button', { name: 'Show older' }).count()).toBe(0);

    await page.getByLabel('Language', { exact: true }).selectOption('fr');
    await page.goto(`${url}/actions?machineId=${encodeURIComponent(frontId)}`);
    await expect.poll(() => heading(page)).toBe('Actions');
    await expect
      .poll(() => items(page).locator('.action-status').allTextContents())
      .toEqual(['En attente', 'Échouée', 'Réussie · Lu']);
    expect(await items(page).first().locator('.action-meta').first().textContent()).toContain(
      'nouvel essai',
    );
    await shot(page, '9-actions-fr');
  });
});
