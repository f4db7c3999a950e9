import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
  const profile = mkdtempSync(join(tmpdir(), 'dashfleet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
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
  // The profile goes with the browser. Chromium's helpers may still be writing into it for a
  // moment after the close, hence the retries; a profile left behind is only a temp folder.
  context.on('close', () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // Left for the OS to clear with the rest of the temp folder.
    }
  });
  return context;
}
