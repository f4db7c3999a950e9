import type { BrowserWindow as ElectronBrowserWindow } from 'electron';
import { DASHBOARD_URL, createWindowOptions } from './window.js';

export interface DashboardWindow {
  /**
   * Shows the dashboard, creating its window when there is none. `page` is a route of the
   * dashboard (`messages`); an open window is taken there too.
   */
  show(page?: string): void;
  isOpen(): boolean;
}

/**
 * The dashboard window exists only while it is on screen. Closing it destroys the window and
 * its renderer process (Electron's default close), so an agent left in the tray costs no page
 * memory; opening it again builds a fresh one.
 */
export function createDashboardWindow(
  /** Electron's BrowserWindow class, passed in so this file loads without Electron. */
  BrowserWindow: typeof ElectronBrowserWindow,
  onLoadFailed: (error: unknown) => void,
): DashboardWindow {
  let current: ElectronBrowserWindow | undefined;
  return {
    show(page) {
      // Only the page's own routes: a word, never a URL of somewhere else.
      const url = page && /^[a-z-]+$/.test(page) ? `${DASHBOARD_URL}#/${page}` : DASHBOARD_URL;
      if (current && !current.isDestroyed()) {
        if (page) current.loadURL(url).catch(onLoadFailed);
        if (current.isMinimized()) current.restore();
        current.show();
        current.focus();
        return;
      }
      // Electronegativity cannot see through the call to the flags createWindowOptions() sets
      // (tests/main/window.test.ts checks them), hence the inline exemption from three checks.
      const window = new BrowserWindow(createWindowOptions()); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
      current = window;
      window.once('ready-to-show', () => window.show());
      window.on('closed', () => {
        if (current === window) current = undefined;
      });
      window.loadURL(url).catch(onLoadFailed);
    },
    isOpen: () => current !== undefined && !current.isDestroyed(),
  };
}
