import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

/** Debian's Chromium, installed by .ci/run; playwright-core only drives it. */
export function chromiumPath(): string {
  return (
    process.env.CHROMIUM_PATH ?? execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim()
  );
}

/**
 * A fresh headless Chromium profile. The flags keep it from reaching out to the network
 * (only loopback is reachable here) and from running first-run chores.
 */
export async function launchBrowser(options: { locale?: string } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'dashfleet-chromium-')), {
    executablePath: chromiumPath(),
    headless: true,
    locale: options.locale ?? 'en-US',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
