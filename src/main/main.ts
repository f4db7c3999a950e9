import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { BrowserWindow, Menu, Tray, app, dialog, protocol, session, shell } from 'electron';
import electronUpdater from 'electron-updater';
import { buildLocalApi } from '../agent/local-api/build-local-api.js';
import { AGENT_VERSION } from '../agent/version.js';
import { pickLanguage } from '../shared/i18n.js';
import type { LocalApiFactory } from './agent-core.js';
import { startAgentCore } from './agent-core.js';
import { createDashboardWindow } from './dashboard-window.js';
import { HIDDEN_FLAG, createLoginItem } from './login-item.js';
import { createProtocolHandler } from './protocol-bridge.js';
import { createTrayRenderer } from './tray.js';
import { createTrayCommands, createTrayController, readTrayActions } from './tray-controller.js';
import { trayIconPath } from './tray-icons.js';
import type { TrayBadge, TrayIconName } from './tray-model.js';
import { createUpdater } from './updater.js';
import { detectPackaging, isUpdateSupported } from './update-support.js';
import { DEFAULT_EXTERNAL_HOSTS, isAllowedExternalUrl } from './url-allowlist.js';
import { APP_SCHEME, denyAllPermissions, guardNavigation } from './window.js';

/** The update feed (the companion server's); unset: the URL written into the package at build. */
const UPDATE_FEED_ENV = 'DASHFLEET_UPDATE_URL';

/** The dashboard's routes, built on the agent's parts; served in-process, never on a port. */
const localApiFactory: LocalApiFactory = (parts) =>
  buildLocalApi({
    ...parts,
    cycles: parts.agent,
    version: AGENT_VERSION,
    auth: { mode: 'none' },
    staticDir: join(app.getAppPath(), 'dist', 'renderer', 'local'),
  });

// Before `ready`: the scheme must be standard and secure for 'self', fetch and streams to work.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
  },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Every page that will ever exist is guarded, whoever creates it.
  app.on('web-contents-created', (_event, contents) =>
    guardNavigation(contents, {
      openExternal: (url) => void shell.openExternal(url),
      isAllowedExternal: (url) => isAllowedExternalUrl(url, DEFAULT_EXTERNAL_HOSTS),
    }),
  );
  // Staying alive in the tray when the window closes is the point of a tray app.
  app.on('window-all-closed', () => undefined);
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail(error));
}

async function start(): Promise<void> {
  const loginItem = createLoginItem({
    platform: process.platform,
    app,
    execPath: process.env.APPIMAGE ?? process.execPath,
    configHome: process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'),
  });
  const started = await startAgentCore({ buildLocalApi: localApiFactory, autostart: loginItem });
  if (!started.ok) return fail(started.error);
  const core = started.value;
  const { agent, settings, logger } = core;
  if (core.config.autostart !== undefined && loginItem.isEnabled() !== core.config.autostart) {
    loginItem.setEnabled(core.config.autostart);
  }

  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, createProtocolHandler(core.localApi));
  const dashboard = createDashboardWindow(BrowserWindow, (error) =>
    logger.warn({ err: error }, 'window: the dashboard did not load'),
  );
  app.on('second-instance', () => dashboard.show());
  app.on('activate', () => dashboard.show());

  const iconsDir = app.isPackaged
    ? join(process.resourcesPath, 'icons')
    : join(app.getAppPath(), 'build', 'icons');
  const icon = (name: TrayIconName, badge: TrayBadge) =>
    trayIconPath(name, process.platform, iconsDir, badge);
  const tray = new Tray(icon('disconnected', null));
  const systemLanguage = pickLanguage(app.getLocale());
  const trayController = createTrayController({
    renderer: createTrayRenderer({
      tray,
      buildMenu: (template) => Menu.buildFromTemplate(template),
      icon,
      onCommand: (command) => trayController.onCommand(command),
      // Only macOS shows text beside a tray icon.
      ...(process.platform === 'darwin' ? { showTitle: (title) => tray.setTitle(title) } : {}),
    }),
    isPaused: () => agent.isPaused(),
    language: () => settings.read().language ?? systemLanguage,
    onError: (error) => logger.warn({ err: error }, 'tray: the command failed'),
    run: createTrayCommands({
      showDashboard: () => dashboard.show(),
      showMessages: () => dashboard.show('messages'),
      agent,
      settings,
      quit: () => app.quit(),
      warn: (message) => logger.warn(message),
    }),
  });
  const detachTray = agent.onCycle((cycle) => trayController.setHealth(cycle.health));
  const showActions = () => trayController.setActions(readTrayActions(core.actions));
  const detachTrayActions = core.actions.onChange(showActions);
  trayController.refresh();
  showActions();
  tray.on('click', () => dashboard.show());

  const updater = createUpdater({
    autoUpdater: electronUpdater.autoUpdater,
    // The environment wins (testing a feed), then config.json, then the URL set at packaging.
    feedUrl: process.env[UPDATE_FEED_ENV] || core.config.updateFeedUrl,
    logger,
    support: isUpdateSupported({
      platform: process.platform,
      packaging: detectPackaging({
        platform: process.platform,
        isPackaged: app.isPackaged,
        env: process.env,
        exeDir: dirname(process.execPath),
        productName: app.getName(),
        packageType: readOptional(join(process.resourcesPath, 'package-type')),
        exists: existsSync,
      }),
    }),
  });
  updater.start();

  let isStopped = false;
  app.on('before-quit', (event) => {
    if (isStopped) return;
    // Finish the cycle in progress and close the database before the process goes.
    event.preventDefault();
    updater.stop();
    detachTray();
    detachTrayActions();
    void core.stop().finally(() => {
      tray.destroy();
      isStopped = true;
      app.quit();
    });
  });

  const isLoginStart =
    process.argv.includes(HIDDEN_FLAG) || app.getLoginItemSettings().wasOpenedAtLogin;
  if (!isLoginStart) dashboard.show();
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Start-up failures (another agent running, an invalid config.json) are shown, then the app ends. */
function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`DashFleet cannot start: ${message}`);
  dialog.showErrorBox('DashFleet cannot start', message);
  app.exit(1);
}
