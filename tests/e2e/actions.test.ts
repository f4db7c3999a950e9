import { mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { ActionsRig, RigAgent } from '../helpers/actions-rig.js';
import { startActionsRig } from '../helpers/actions-rig.js';
import { ROOT } from '../helpers/agent-process.js';
import { launchBrowser } from '../helpers/browser.js';

/** Screenshots for people to look at; kept out of git. */
const SHOTS = join(ROOT, 'test-output', 'actions');
/** Server -> live channel -> agent -> notification -> update -> server -> page; CI boxes are slow. */
const LIVE = { timeout: 20_000, interval: 100 };
const OWNER = { org: 'Acme Clinic', email: 'owner@acme.test', password: 'acme-owner-password' };

/** What IT might paste, or an attacker send: it must reach people as text and run nowhere. */
const MARKUP_TITLE = 'Printer <b>fixed</b>';
const MARKUP_BODY = 'Floor 2 works again & <i>faster</i>; rm -rf / $(reboot) `id`';
/** How a daemon that renders Pango markup must receive that body: as entities, not tags. */
const ESCAPED_BODY = 'Floor 2 works again &amp; &lt;i&gt;faster&lt;/i&gt;; rm -rf / $(reboot) `id`';

const rebootLines = (agent: RigAgent, logs = agent.process?.logs ?? []): number =>
  logs.filter((line) => /dry-run, would run: .*reboot/.test(String(line.msg))).length;

describe('actions end to end: a real server, two real agents, a real desktop, real Chromium', () => {
  let rig: ActionsRig;
  let front: RigAgent;
  let back: RigAgent;
  let browser: BrowserContext | undefined;
  let fleetPage: Page;
  let restartId: string;
  /** Every log line `back` wrote, across its restarts. */
  const backLogs: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    rig = await startActionsRig({ owner: OWNER, agents: ['front', 'back'] });
    [front, back] = rig.agents as [RigAgent, RigAgent];
    await Promise.all([front.start(), back.start()]);
    browser = await launchBrowser({ locale: 'en-US' });
    fleetPage = await browser.newPage();
    await fleetPage.setViewportSize({ width: 1280, height: 900 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await rig?.stop();
  });

  it('schedules a restart (60 s, one 60 s snooze) and the person snoozes it on the local dashboard', async () => {
    [restartId] = (await rig.fleet.send([front.machineId], {
      type: 'restart',
      params: {
        reason: 'Security updates',
        delaySeconds: 60,
        snooze: { maxCount: 1, lengthSeconds: 60 },
      },
    })) as [string];
    await expect.poll(() => rig.fleet.stage(restartId), LIVE).toBe('running/scheduled');
    await rig.desktop.waitForNotify((call) => /restart/i.test(call.summary + call.body));

    const local = (await browser?.newPage()) as Page;
    await local.goto(front.dashboardUrl);
    const banner = local.locator('.restart-banner');
    await expect.poll(() => banner.count(), LIVE).toBe(1);
    await banner.getByRole('button', { name: /^Snooze/ }).click();
    await expect.poll(() => rig.fleet.stage(restartId), LIVE).toBe('running/snoozed');
    await local.screenshot({ path: join(SHOTS, '1-restart-snoozed.png'), fullPage: true });
    await local.close();
  }, 60_000);

  it('sends a message from the fleet page: the real Notify call carries it escaped, the page follows shown then read', async () => {
    await fleetPage.goto(`${rig.serverUrl}/login`);
    await fleetPage.getByLabel('Email', { exact: true }).fill(OWNER.email);
    await fleetPage.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await fleetPage.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => fleetPage.locator('h1').textContent()).toBe('Fleet');
    for (const agent of [front, back]) {
      const row = fleetPage
        .locator('.mt-body [role="row"]')
        .filter({ has: fleetPage.locator('.c-tags .tag', { hasText: agent.name }) });
      await expect.poll(() => row.locator('.c-status').textContent(), LIVE).toBe('Online');
      await row.getByRole('checkbox').check();
    }
    await fleetPage.getByRole('button', { name: 'Send message' }).click();
    const dialog = fleetPage.getByRole('dialog', { name: 'Send a message' });
    await dialog.getByLabel('Title').fill(MARKUP_TITLE);
    await dialog.getByLabel('Message', { exact: true }).fill(MARKUP_BODY);
    await dialog.getByRole('button', { name: 'Review' }).click();
    await expect.poll(() => dialog.textContent()).toContain('2 machines');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();

    // Each PC's notification daemon got it: the title as plain text (daemons do not render
    // markup in titles), the body with its markup escaped, the shell syntax untouched as text.
    const sent = fleetPage.locator('.just-sent .action-item');
    await expect.poll(() => sent.count(), LIVE).toBe(2);
    const calls = () =>
      rig.desktop.calls.filter((call) => call.summary === `Message from IT: ${MARKUP_TITLE}`);
    await expect.poll(() => calls().length, LIVE).toBe(2);
    for (const call of calls()) {
      expect(call.appName).toBe('DashFleet');
      expect(call.body.startsWith(ESCAPED_BODY)).toBe(true);
    }
    await expect
      .poll(() => sent.locator('.action-status').allTextContents(), LIVE)
      .toEqual(['Succeeded · Shown', 'Succeeded · Shown']);
    expect(await sent.locator('.action-summary b').count()).toBe(0);
    await fleetPage.screenshot({ path: join(SHOTS, '2-fleet-shown.png'), fullPage: true });

    // The person at `front` opens it in the dashboard's inbox; `back`'s person does not.
    const ids = await sent.evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-id')),
    );
    const details = await Promise.all(ids.map((id) => rig.fleet.detail(String(id))));
    const idOf = (agent: RigAgent) => details.find((d) => d.machineId === agent.machineId)?.id;
    const statusOf = (agent: RigAgent) =>
      fleetPage
        .locator(`.just-sent .action-item[data-id="${idOf(agent)}"] .action-status`)
        .textContent();
    const local = (await browser?.newPage()) as Page;
    await local.goto(front.dashboardUrl);
    // Straight to the Messages page, as the tray's Messages entry opens it, even while the
    // page is still loading from the secret link.
    await local.goto(`${new URL('/', front.dashboardUrl).href}#/messages`);
    await expect.poll(() => local.locator('h1').textContent()).toBe('Messages');
    const message = local.locator('.message', { hasText: MARKUP_TITLE });
    await message.getByRole('button', { name: MARKUP_TITLE }).click();
    await expect.poll(() => message.locator('.message-body').textContent()).toBe(MARKUP_BODY);
    await local.close();
    await expect.poll(() => statusOf(front), LIVE).toBe('Succeeded · Read');
    expect(await statusOf(back)).toBe('Succeeded · Shown');
    await fleetPage.screenshot({ path: join(SHOTS, '3-fleet-read.png'), fullPage: true });
  }, 60_000);

  it('queues a message for a PC that is offline and delivers it when it comes back; an expired one never arrives', async () => {
    backLogs.push(...(back.process?.logs ?? []));
    await back.stop();
    const [queued] = (await rig.fleet.send([back.machineId], {
      type: 'message',
      params: { title: 'While you were away', body: 'Welcome back.', level: 'info' },
    })) as [string];
    const [expiring] = (await rig.fleet.send([back.machineId], {
      type: 'message',
      expiresInSeconds: 1,
      params: { title: 'Too late to matter', body: 'This expires first.', level: 'info' },
    })) as [string];
    expect(await rig.fleet.stage(queued)).toBe('queued/');
    await expect.poll(() => rig.fleet.stage(expiring), LIVE).toBe('expired/');

    const running = await back.start();
    await rig.desktop.waitForNotify((call) => call.summary.includes('While you were away'));
    await expect.poll(() => rig.fleet.stage(queued), LIVE).toBe('succeeded/shown');
    // The expired one: never sent, never shown, never even seen by the agent.
    expect(rig.desktop.calls.some((call) => call.summary.includes('Too late'))).toBe(false);
    expect(running.logs.some((line) => JSON.stringify(line).includes(expiring))).toBe(false);
    const events = (await rig.fleet.detail(expiring)).events.map((event) => event.status);
    expect(events).toEqual(['queued', 'expired']);
  }, 60_000);

  it('never reboots for a restart cancelled while its PC was offline', async () => {
    const [cancelled] = (await rig.fleet.send([back.machineId], {
      type: 'restart',
      params: {
        reason: 'Will be called off',
        delaySeconds: 60,
        snooze: { maxCount: 0, lengthSeconds: 60 },
      },
    })) as [string];
    await expect.poll(() => rig.fleet.stage(cancelled), LIVE).toBe('running/scheduled');
    backLogs.push(...(back.process?.logs ?? []));
    await back.stop();
    const answer = await rig.fleet.call(FLEET_API.actionCancel(cancelled), { body: {} });
    expect(answer.status).toBe(200);
    expect(await rig.fleet.stage(cancelled)).toMatch(/^cancelled\//);

    const running = await back.start();
    // Back online, the agent hears of the cancel, stops its countdown and says so.
    await running.waitForLog((line) => String(line.msg).includes(`restart ${cancelled} cancelled`));
    await rig.desktop.waitForNotify((call) => /cancel/i.test(call.summary + call.body));
    await expect.poll(() => rig.fleet.stage(cancelled), LIVE).toBe('cancelled/stopped');
  }, 60_000);

  it('collects the logs of a PC: the bundle is uploaded and downloads from the fleet API', async () => {
    const [id] = (await rig.fleet.send([front.machineId], { type: 'collect-logs' })) as [string];
    await expect.poll(() => rig.fleet.stage(id), LIVE).toMatch(/^succeeded\//);
    const detail = await rig.fleet.detail(id);
    expect(detail.hasArtifact).toBe(true);
    const download = await fetch(`${rig.serverUrl}${FLEET_API.actionArtifact(id)}`, {
      headers: { authorization: `Bearer ${rig.fleet.apiKey}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/gzip');
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="dashfleet-logs-/,
    );
    const text = gunzipSync(Buffer.from(await download.arrayBuffer())).toString('utf8');
    expect(text).toContain('DashFleet diagnostics');
    // The agent's own log lines, as its log file keeps them.
    expect(text).toContain('"msg":"agent: sampling every 1 s"');
  }, 40_000);

  it('refuses hostile requests with clear codes and runs nothing', async () => {
    const unknown = await rig.fleet.call(FLEET_API.actions, {
      body: { type: 'shell', params: { command: 'rm -rf /' }, target: { all: true } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'E_ACTION_UNKNOWN_TYPE' } });

    const extra = await rig.fleet.call(FLEET_API.actions, {
      body: { type: 'flush-dns', params: { command: 'rm -rf /' }, target: { all: true } },
    });
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ error: { code: 'E_ACTION_INVALID' } });

    const huge = await rig.fleet.call(FLEET_API.actions, {
      body: {
        type: 'message',
        params: { title: 'Big', body: 'x'.repeat(1024 * 1024), level: 'info' },
        target: { all: true },
      },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: 'E_BODY_TOO_LARGE' } });

    const tooLong = await rig.fleet.call(FLEET_API.actions, {
      body: {
        type: 'message',
        params: { title: 'Long', body: 'x'.repeat(5000), level: 'info' },
        target: { all: true },
      },
    });
    expect(tooLong.status).toBe(400);

    // Shell syntax in a message's text (the fleet-page step sent some) is only ever text.
    for (const agent of [front, back]) {
      const logs = [...(agent === back ? backLogs : []), ...(agent.process?.logs ?? [])];
      expect(logs.some((line) => /would run: .*rm -rf/.test(String(line.msg)))).toBe(false);
    }
  });

  it('loses nothing across a server restart: both agents reconnect by themselves and get what was queued', async () => {
    await rig.restartServer();
    const ids = await rig.fleet.send([front.machineId, back.machineId], {
      type: 'message',
      params: { title: 'After the server restart', body: 'Still here.', level: 'info' },
    });
    await expect
      .poll(() => Promise.all(ids.map((id) => rig.fleet.stage(id))), {
        timeout: 60_000,
        interval: 250,
      })
      .toEqual(['succeeded/shown', 'succeeded/shown']);
    const shown = rig.desktop.calls.filter((call) =>
      call.summary.includes('After the server restart'),
    );
    expect(shown).toHaveLength(2);
  }, 90_000);

  it('reports the snoozed restart in order, ending with one (dry-run) reboot', async () => {
    await expect
      .poll(() => rig.fleet.stage(restartId), { timeout: 150_000, interval: 500 })
      .toBe('succeeded/rebooted');
    const steps = (await rig.fleet.detail(restartId)).events.map(
      (event) => `${event.status}${event.stage ? `/${event.stage}` : ''}`,
    );
    expect(steps).toEqual([
      'queued',
      'delivered',
      'running/scheduled',
      'running/snoozed',
      'running/rebooting',
      'succeeded/rebooted',
    ]);
    expect(rebootLines(front)).toBe(1);
    // The restart cancelled while `back` was offline never rebooted it.
    expect(rebootLines(back, [...backLogs, ...(back.process?.logs ?? [])])).toBe(0);
  }, 160_000);
});
