import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLoginItem, linuxAutostartEntry } from '../../src/main/login-item.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function fakeApp() {
  const settings = { openAtLogin: false };
  const calls: unknown[] = [];
  return {
    calls,
    app: {
      getLoginItemSettings: (options?: unknown) => (calls.push(['get', options]), settings),
      setLoginItemSettings: (next: { openAtLogin: boolean }) => {
        calls.push(['set', next]);
        settings.openAtLogin = next.openAtLogin;
      },
    },
  };
}

describe('createLoginItem', () => {
  it.each(['win32', 'darwin'] as const)(
    'uses the OS login item on %s, started hidden',
    (platform) => {
      const { app, calls } = fakeApp();
      const item = createLoginItem({
        platform,
        app: app as never,
        execPath: 'x',
        configHome: '/nope',
      });

      item.setEnabled(true);

      expect(item.isEnabled()).toBe(true);
      expect(calls).toContainEqual(['set', { openAtLogin: true, args: ['--hidden'] }]);
      expect(calls).toContainEqual(['get', { args: ['--hidden'] }]);
    },
  );

  it('writes and removes an XDG autostart entry on Linux', () => {
    const configHome = mkdtempSync(join(tmpdir(), 'dashfleet-xdg-'));
    dirs.push(configHome);
    const { app, calls } = fakeApp();
    const item = createLoginItem({
      platform: 'linux',
      app: app as never,
      execPath: '/opt/DashFleet/dashfleet',
      configHome,
    });

    expect(item.isEnabled()).toBe(false);
    item.setEnabled(true);
    expect(item.isEnabled()).toBe(true);
    expect(readFileSync(join(configHome, 'autostart/dashfleet.desktop'), 'utf8')).toContain(
      'Exec="/opt/DashFleet/dashfleet" --hidden',
    );
    item.setEnabled(false);
    expect(item.isEnabled()).toBe(false);
    expect(calls).toEqual([]);
  });
});

describe('linuxAutostartEntry', () => {
  it('quotes paths with spaces and shell characters', () => {
    expect(linuxAutostartEntry('/home/ana/My Apps/Dash"$`\\.AppImage')).toContain(
      'Exec="/home/ana/My Apps/Dash\\"\\$\\`\\\\.AppImage" --hidden',
    );
  });
});
