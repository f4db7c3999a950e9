/* global console, Request -- Node globals */
// Loaded with `node --import` before the bundled main process (dist/main/main.cjs): stands in
// for the Electron module, which cannot run on these machines, and drives the app the way the
// OS would. Every observation is printed as one `SHELL {json}` line on stdout.
import { EventEmitter } from 'node:events';
import Module from 'node:module';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';

const report = (event, data = {}) => console.log(`SHELL ${JSON.stringify({ event, ...data })}`);
const created = { windows: [], trays: [] };
let protocolHandler;

class FakeWebContents extends EventEmitter {
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
  }
}

const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: () => process.env.FAKE_SECOND_INSTANCE !== '1',
  whenReady: () => Promise.resolve(),
  getAppPath: () => process.cwd(),
  getLocale: () => 'fr-FR',
  getName: () => 'DashFleet',
  getVersion: () => '0.0.0',
  getPath: () => process.env.DASHFLEET_DATA_DIR,
  getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
  setLoginItemSettings: (settings) => report('login-item', settings),
  quit() {
    report('quit');
    const event = { isPrevented: false, preventDefault: () => (event.isPrevented = true) };
    app.emit('before-quit', event);
    if (!event.isPrevented) process.exit(0);
  },
  exit(code) {
    report('exit', { code });
    process.exit(code);
  },
});

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    this.destroyed = false;
    created.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    report('window', { webPreferences: options.webPreferences });
  }
  loadURL(url) {
    report('load', { url });
    return Promise.resolve();
  }
  isDestroyed = () => this.destroyed;
  isMinimized = () => false;
  show() {}
  focus() {}
  restore() {}
}

class Tray extends EventEmitter {
  constructor(image) {
    super();
    created.trays.push(this);
    report('tray', { image });
  }
  setImage(image) {
    report('tray-image', { image });
  }
  setToolTip(text) {
    this.tooltip = text;
  }
  setContextMenu(menu) {
    this.menu = menu;
  }
  destroy() {
    report('tray-destroyed');
  }
}

const fake = {
  app,
  BrowserWindow,
  Tray,
  Menu: { buildFromTemplate: (template) => template },
  dialog: { showErrorBox: (title, message) => report('error-box', { title, message }) },
  shell: { openExternal: (url) => report('open-external', { url }) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler) => {
        handler({}, 'media', (granted) => report('permission-request', { granted }));
      },
      setPermissionCheckHandler: (handler) => {
        report('permission-check', { granted: handler({}, 'notifications') });
      },
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => report('schemes', { schemes }),
    handle: (scheme, handler) => {
      protocolHandler = handler;
      report('protocol', { scheme });
    },
  },
};

// Electron sets this in every process, packaged or not.
process.resourcesPath = process.cwd();

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? 'electron' : resolveFilename.call(this, request, ...rest);
};
Module._cache.electron = { id: 'electron', filename: 'electron', loaded: true, exports: fake };

/** What a user does once the app is up: look at the page, the tray, then quit. */
async function drive() {
  while (!protocolHandler || created.trays.length === 0) await delay(20);
  const status = await protocolHandler(new Request('dashfleet://app/api/status'));
  report('status', {
    status: status.status,
    csp: status.headers.get('content-security-policy'),
    body: await status.json(),
  });
  const page = await protocolHandler(new Request('dashfleet://app/'));
  report('page', { status: page.status, type: page.headers.get('content-type') });
  const contents = created.windows[0]?.webContents;
  if (contents) {
    const navigation = {
      isPrevented: false,
      preventDefault: () => (navigation.isPrevented = true),
    };
    contents.emit('will-navigate', navigation, 'https://evil.example/');
    report('navigate-away', { isPrevented: navigation.isPrevented });
    report('window-open', contents.openHandler({ url: 'https://evil.example/' }));
  }
  const tray = created.trays[0];
  report('tray-state', {
    tooltip: tray.tooltip,
    labels: tray.menu.map((item) => item.label ?? item.type),
  });
  app.quit();
}

if (process.env.FAKE_SECOND_INSTANCE !== '1') {
  drive().catch((error) => {
    report('drive-failed', { message: String(error?.stack ?? error) });
    process.exit(3);
  });
}
