import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Started by the session rather than by the user: stay in the tray, open no window. */
export const HIDDEN_FLAG = '--hidden';

/** Start-with-the-session, as the settings port wants it. */
export interface LoginItem {
  isEnabled(): boolean;
  setEnabled(isEnabled: boolean): void;
}

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  /** Electron's login items (macOS and Windows only). */
  app: Pick<Electron.App, 'getLoginItemSettings' | 'setLoginItemSettings'>;
  /** What the session should start: the AppImage file itself when there is one. */
  execPath: string;
  /** XDG config home (~/.config) for the Linux autostart entry. */
  configHome: string;
}

/**
 * macOS and Windows have login items; Linux desktops start what `~/.config/autostart` lists
 * (XDG Autostart), where Electron's login-item calls do nothing.
 */
export function createLoginItem(deps: LoginItemDeps): LoginItem {
  if (deps.platform !== 'linux') {
    // Windows keys the entry by its arguments: ask about the same entry that is written.
    const args = [HIDDEN_FLAG];
    return {
      isEnabled: () => deps.app.getLoginItemSettings({ args }).openAtLogin,
      setEnabled: (isEnabled) => deps.app.setLoginItemSettings({ openAtLogin: isEnabled, args }),
    };
  }
  const entryPath = join(deps.configHome, 'autostart', 'dashfleet.desktop');
  return {
    isEnabled() {
      try {
        return readFileSync(entryPath, 'utf8').includes('X-DashFleet-Autostart=true');
      } catch {
        return false;
      }
    },
    setEnabled(isEnabled) {
      if (!isEnabled) return rmSync(entryPath, { force: true });
      mkdirSync(dirname(entryPath), { recursive: true });
      writeFileSync(entryPath, linuxAutostartEntry(deps.execPath));
    },
  };
}

/** An XDG desktop entry starting the app hidden in the tray. */
export function linuxAutostartEntry(execPath: string): string {
  // Desktop-entry Exec quoting: the path in double quotes, with ", `, $ and \ escaped.
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=DashFleet',
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    'X-DashFleet-Autostart=true',
    '',
  ].join('\n');
}
