import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../helpers/agent-process.js';
import { isStoredCycle, ROOT, startAgent, tempDataDir } from '../helpers/agent-process.js';
import { launchBrowser } from '../helpers/browser.js';
import { hasDrawing } from './canvas-drawing.js';

/** Screenshots for people to look at; kept out of git. */
const SHOTS = join(ROOT, 'test-output', 'dashboard');

const LANGUAGES = [
  // language, the overview's title, how a percentage looks
  { code: 'fr', title: 'Vue d’ensemble', percent: /\d[\u00a0\u202f]%/ },
  { code: 'es', title: 'Resumen', percent: /\d[\u00a0\u202f]%/ },
  { code: 'ru', title: 'Обзор', percent: /\d[\u00a0\u202f]%/ },
  { code: 'en', title: 'Overview', percent: /\d%/ },
] as const;

async function cardTexts(page: Page): Promise<string> {
  return (await page.locator('.card-value').allTextContents()).join(' | ');
}

describe('the local dashboard in real Chromium, against the real headless agent', () => {
  let agent: RunningAgent;
  let url: string;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    agent = startAgent(['--data-dir', tempDataDir(), '--interval', '1', '--log-level', 'debug']);
    await agent.waitForLog((line) => /^dashboard: http/.test(String(line.msg)));
    url = String(agent.logs.find((line) => /^dashboard: http/.test(String(line.msg)))?.msg).slice(
      'dashboard: '.length,
    );
    await agent.waitForLog(isStoredCycle, 4);
    browser = await launchBrowser({ locale: 'en-US' });
    page = await browser.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  afterAll(async () => {
    await browser?.close();
    agent?.child.kill('SIGTERM');
    await agent?.exited;
  });

  it('refuses the page without the secret', async () => {
    const response = await page.goto(new URL('/', url).href);
    expect(response?.status()).toBe(401);
    await page.screenshot({ path: join(SHOTS, 'refused.png') });
  });

  it('opens with the secret and shows live values that change', async () => {
    await page.goto(url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overview');
    await expect.poll(() => page.locator('.score-value').textContent()).toMatch(/^\d+\/100$/);
    // Processor, memory, each disk volume and the network have a card by default.
    for (const title of ['Processor', 'Memory', 'Disk /', 'Network']) {
      await expect.poll(() => page.getByRole('article', { name: title }).count()).toBe(1);
    }
    const before = await cardTexts(page);
    await expect.poll(() => cardTexts(page), { timeout: 15_000 }).not.toBe(before);
    await page.screenshot({ path: join(SHOTS, 'overview-en.png'), fullPage: true });
  });

  it('draws the last 24 hours from the stored history', async () => {
    await page.goto(`${new URL('/', url).href}#/history`);
    await page.getByRole('button', { name: 'Last 24 hours' }).click();
    const cpuChart = page.locator('.charts canvas[data-metric="cpu.usagePercent"]');
    await expect.poll(() => cpuChart.count()).toBe(1);
    await expect
      .poll(() => hasDrawing(page, '.charts canvas[data-metric="cpu.usagePercent"]'))
      .toBe(true);
    // The chart holds what the agent's store answers for the same question.
    const drawn = Number(await cpuChart.getAttribute('data-points'));
    const stored = await page.evaluate(async () => {
      const to = Date.now();
      const query = `metrics=cpu.usagePercent&from=${to - 86_400_000}&to=${to}&maxPoints=500`;
      const body = await (await fetch(`api/history?${query}`)).json();
      return body.series[0].points.length as number;
    });
    expect(drawn).toBeGreaterThanOrEqual(1);
    expect(Math.abs(drawn - stored)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(SHOTS, 'history-24h.png'), fullPage: true });
  });

  it('shows the inventory of this PC', async () => {
    await page.goto(`${new URL('/', url).href}#/this-pc`);
    await expect.poll(() => page.locator('main').textContent()).toContain('0.1.0');
    await page.screenshot({ path: join(SHOTS, 'this-pc.png'), fullPage: true });
  });

  it('switches language from the settings, text and number formats included', async () => {
    for (const language of LANGUAGES) {
      await page.goto(`${new URL('/', url).href}#/settings`);
      await page.locator('select').first().selectOption(language.code);
      await page.goto(`${new URL('/', url).href}#/overview`);
      await expect.poll(() => page.locator('h1').textContent()).toBe(language.title);
      await expect.poll(() => cardTexts(page)).toMatch(language.percent);
      if (language.code !== 'en') {
        await page.screenshot({
          path: join(SHOTS, `overview-${language.code}.png`),
          fullPage: true,
        });
      }
    }
    await page.goto(`${new URL('/', url).href}#/settings`);
    await page.screenshot({ path: join(SHOTS, 'settings.png'), fullPage: true });
  });

  it('fits a 360 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    for (const route of ['overview', 'history', 'this-pc', 'settings']) {
      await page.goto(`${new URL('/', url).href}#/${route}`);
      await expect.poll(() => page.locator('h1').count()).toBe(1);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, route).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, `narrow-${route}.png`), fullPage: true });
    }
  });
});
