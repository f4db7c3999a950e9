import type { BrowserWindowConstructorOptions, WebContents } from 'electron';

/** Where the dashboard lives: the custom scheme the local API is served on (see protocol-bridge.ts). */
export const APP_SCHEME = 'dashfleet';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const DASHBOARD_URL = `${APP_ORIGIN}/`;

/**
 * Every BrowserWindow of the app is built from these options (a test checks that src/main
 * creates none otherwise). The page is a plain web page talking HTTP to the local API: it needs
 * no Node, no preload and no bridge, so it gets none.
 */
export function createWindowOptions(title = 'DashFleet'): BrowserWindowConstructorOptions {
  return {
    title,
    width: 1100,
    height: 760,
    minWidth: 640,
    minHeight: 480,
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** True for URLs inside the app itself, the only place the window may go. */
export function isInAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` &&
      parsed.host === APP_HOST &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

export interface NavigationGuardDeps {
  /** Hands a link to the OS browser; called only for URLs `isAllowedExternal` accepts. */
  openExternal: (url: string) => void;
  isAllowedExternal: (url: string) => boolean;
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * The page cannot leave the app: navigations and redirects away from dashfleet:// are
 * cancelled, and new windows are never created. An allowed https link opens in the user's
 * browser instead.
 */
export function guardNavigation(contents: GuardedContents, deps: NavigationGuardDeps): void {
  const sendOut = (url: string) => {
    if (deps.isAllowedExternal(url)) deps.openExternal(url);
  };
  contents.on('will-navigate', (event, url) => {
    if (isInAppUrl(url)) return;
    event.preventDefault();
    sendOut(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isInAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url);
    return { action: 'deny' };
  });
}

type PermissionSession = Pick<
  Electron.Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>;

/** The dashboard needs no camera, notifications, clipboard or anything else: every ask is refused. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * The Content-Security-Policy of every dashfleet:// response: the page's own scripts, styles
 * and API only; nothing inline, nothing from elsewhere, no framing, no plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
