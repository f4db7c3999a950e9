import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createDashboardWindow } from '../../src/main/dashboard-window.js';

/** Stands in for Electron's BrowserWindow: close destroys, as Electron's default close does. */
class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  isDestroyedFlag = false;
  shown = 0;
  loaded: string[] = [];
  constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
    super();
    FakeWindow.created.push(this);
  }
  isDestroyed = () => this.isDestroyedFlag;
  isMinimized = () => false;
  restore() {}
  show() {
    this.shown += 1;
  }
  focus() {}
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  close() {
    this.isDestroyedFlag = true;
    this.emit('closed');
  }
}

describe('createDashboardWindow', () => {
  it('creates the window on demand, reuses it while open, and builds a new one after close', () => {
    FakeWindow.created = [];
    const dashboard = createDashboardWindow(FakeWindow as never, () => undefined);

    expect(dashboard.isOpen()).toBe(false);
    dashboard.show();
    dashboard.show();
    expect(FakeWindow.created).toHaveLength(1);
    const first = FakeWindow.created[0]!;
    expect(first.loaded).toEqual(['dashfleet://app/']);
    expect(first.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    first.emit('ready-to-show');
    expect(first.shown).toBe(2);

    first.close();
    expect(dashboard.isOpen()).toBe(false);
    dashboard.show();
    expect(FakeWindow.created).toHaveLength(2);
    expect(dashboard.isOpen()).toBe(true);
  });
});
