import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  createWindowOptions,
  denyAllPermissions,
  guardNavigation,
  isInAppUrl,
} from '../../src/main/window.js';

const MAIN_DIR = resolve(import.meta.dirname, '../../src/main');

describe('createWindowOptions', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security on, no preload', () => {
    const { webPreferences, show } = createWindowOptions();

    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(webPreferences?.preload).toBeUndefined();
    expect(show).toBe(false);
  });

  it('is the only way src/main creates a BrowserWindow', () => {
    const files = readdirSync(MAIN_DIR, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.ts'),
    );
    const offenders: string[] = [];
    let created = 0;
    for (const file of files) {
      const source = readFileSync(join(MAIN_DIR, file), 'utf8');
      for (const match of source.matchAll(/new\s+BrowserWindow\s*\(([^)]*)\)/g)) {
        created += 1;
        if (!/^\s*createWindowOptions\(/.test(match[1] ?? ''))
          offenders.push(`${file}: ${match[0]}`);
      }
      if (/new\s+BrowserWindow\s*[^\s(]/.test(source)) offenders.push(`${file}: indirect`);
    }

    expect(offenders).toEqual([]);
    expect(created).toBeGreaterThan(0);
  });
});

describe('isInAppUrl', () => {
  it.each([
    ['dashfleet://app/', true],
    ['dashfleet://app/history?range=24h', true],
    ['dashfleet://other/', false],
    ['dashfleet://user@app/', false],
    ['https://app/', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isInAppUrl(url)).toBe(expected);
  });
});

describe('guardNavigation', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    return {
      contents: {
        on: (name: string, listener: never) => {
          listeners.set(name, listener);
        },
        setWindowOpenHandler: (handler: never) => {
          openHandler = handler;
        },
      },
      fire(name: string, url: string) {
        let isPrevented = false;
        listeners.get(name)?.({ preventDefault: () => (isPrevented = true) }, url);
        return isPrevented;
      },
      open: (url: string) => openHandler?.({ url }),
    };
  }

  function setup() {
    const fake = fakeContents();
    const opened: string[] = [];
    guardNavigation(fake.contents as never, {
      openExternal: (url) => opened.push(url),
      isAllowedExternal: (url) => url.startsWith('https://dashfleet.app/'),
    });
    return { ...fake, opened };
  }

  it('lets in-app navigation through', () => {
    const { fire, opened } = setup();

    expect(fire('will-navigate', 'dashfleet://app/settings')).toBe(false);
    expect(fire('will-redirect', 'dashfleet://app/')).toBe(false);
    expect(opened).toEqual([]);
  });

  it('cancels navigation away and opens only allowed links outside', () => {
    const { fire, opened } = setup();

    expect(fire('will-navigate', 'https://dashfleet.app/docs')).toBe(true);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-redirect', 'https://dashfleet.app/docs')).toBe(true);
    expect(opened).toEqual(['https://dashfleet.app/docs']);
  });

  it('denies every new window, opening allowed links in the browser', () => {
    const { open, opened } = setup();

    expect(open('https://dashfleet.app/help')).toEqual({ action: 'deny' });
    expect(open('dashfleet://app/')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://dashfleet.app/help']);
  });

  it('refuses webviews', () => {
    const { fire } = setup();

    expect(fire('will-attach-webview', 'dashfleet://app/')).toBe(true);
  });
});

describe('denyAllPermissions', () => {
  it('refuses every request and every check', () => {
    let request: ((...args: unknown[]) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (handler: never) => (request = handler),
      setPermissionCheckHandler: (handler: never) => (check = handler),
    } as never);
    const answers: boolean[] = [];

    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      request?.({}, permission, (granted: boolean) => answers.push(granted), {});
      answers.push(check?.({}, permission, 'dashfleet://app', {}) ?? true);
    }

    expect(answers).toEqual(Array(8).fill(false));
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows only the app itself and nothing inline', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:/);
  });
});
