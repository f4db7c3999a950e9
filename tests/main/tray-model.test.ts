import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { LANGUAGES } from '../../src/shared/i18n.js';
import type { Language } from '../../src/shared/i18n.js';
import { createTrayRenderer } from '../../src/main/tray.js';
import { trayIconPath } from '../../src/main/tray-icons.js';
import { buildTrayModel } from '../../src/main/tray-model.js';
import type { TrayCommand, TrayMenuItem, TrayState, Translate } from '../../src/main/tray-model.js';

/** A translator that shows which key and values were asked for, in which language. */
const fakeT =
  (language: Language): Translate =>
  (key, params) =>
    params ? `${language}:${key}${JSON.stringify(params)}` : `${language}:${key}`;

const state = (overrides: Partial<TrayState> = {}): TrayState => ({
  health: { score: 87.4, status: 'ok' },
  isPaused: false,
  language: 'en',
  ...overrides,
});

const labels = (items: TrayMenuItem[]) =>
  items.map((item) => (item.type === 'separator' ? '---' : item.label));

describe('buildTrayModel', () => {
  it.each([
    ['ok', 'ok'],
    ['warn', 'warn'],
    ['critical', 'critical'],
  ] as const)('shows the %s icon and the score for status %s', (status, icon) => {
    const model = buildTrayModel(state({ health: { score: 42.6, status } }), fakeT('en'));

    expect(model.iconName).toBe(icon);
    expect(model.tooltip).toBe(`en:tray.tooltip{"score":43,"status":"en:health.status.${status}"}`);
  });

  it('shows the disconnected icon and text before the first judgement', () => {
    const model = buildTrayModel(state({ health: null }), fakeT('en'));

    expect(model.iconName).toBe('disconnected');
    expect(model.tooltip).toBe('en:tray.notConnected');
  });

  it('offers pause while sampling and resume while paused', () => {
    const running = buildTrayModel(state({ isPaused: false }), fakeT('en'));
    const paused = buildTrayModel(state({ isPaused: true }), fakeT('en'));

    expect(labels(running.menu)).toEqual([
      'en:tray.open',
      'en:tray.pause',
      'en:tray.language',
      '---',
      'en:tray.quit',
    ]);
    expect(labels(paused.menu)[1]).toBe('en:tray.resume');
    expect(paused.menu[1]).toMatchObject({ command: { kind: 'resume' } });
    expect(running.menu[1]).toMatchObject({ command: { kind: 'pause' } });
  });

  it.each(LANGUAGES.map((language) => [language]))(
    'in %s, translates the menu and checks the current language only',
    (language) => {
      const model = buildTrayModel(state({ language }), fakeT(language));

      expect(labels(model.menu)[0]).toBe(`${language}:tray.open`);
      const submenu = model.menu[2];
      if (submenu?.type !== 'submenu') throw new Error('no language submenu');
      expect(submenu.label).toBe(`${language}:tray.language`);
      expect(submenu.items.map((item) => item.type === 'radio' && item.checked)).toEqual(
        LANGUAGES.map((candidate) => candidate === language),
      );
      // Language names stay in their own language whatever the current one is.
      expect(labels(submenu.items)).toEqual(['English', 'Français', 'Español', 'Русский']);
    },
  );
});

describe('createTrayRenderer', () => {
  function fakeTray() {
    const calls = { images: [] as unknown[], tooltips: [] as string[], menus: [] as unknown[] };
    return {
      calls,
      tray: {
        setImage: (image: unknown) => void calls.images.push(image),
        setToolTip: (text: string) => void calls.tooltips.push(text),
        setContextMenu: (menu: unknown) => void calls.menus.push(menu),
      },
    };
  }

  it('rebuilds tooltip and menu on every render, the icon only when it changes, and routes clicks', () => {
    const { calls, tray } = fakeTray();
    const commands: TrayCommand[] = [];
    const renderer = createTrayRenderer({
      tray: tray as never,
      buildMenu: (template) => template as never,
      icon: (name) => `icon:${name}`,
      onCommand: (command) => commands.push(command),
    });

    renderer.render(buildTrayModel(state(), fakeT('en')));
    renderer.render(buildTrayModel(state({ isPaused: true }), fakeT('en')));
    renderer.render(buildTrayModel(state({ health: null }), fakeT('en')));

    expect(calls.images).toEqual(['icon:ok', 'icon:disconnected']);
    expect(calls.tooltips).toHaveLength(3);
    const template = calls.menus[1] as MenuItemConstructorOptions[];
    template[1]?.click?.({} as never, undefined, {} as never);
    const languages = template[2]?.submenu as MenuItemConstructorOptions[];
    expect(languages[1]).toMatchObject({ type: 'radio', label: 'Français', checked: false });
    languages[1]?.click?.({} as never, undefined, {} as never);
    expect(commands).toEqual([{ kind: 'resume' }, { kind: 'language', language: 'fr' }]);
  });
});

describe('trayIconPath', () => {
  it('uses the coloured icon per status on Windows and Linux, the template image on macOS', () => {
    expect(trayIconPath('critical', 'win32', '/icons')).toMatch(/tray-critical\.png$/);
    expect(trayIconPath('warn', 'linux', '/icons')).toMatch(/tray-warn\.png$/);
    expect(trayIconPath('warn', 'darwin', '/icons')).toMatch(/trayTemplate\.png$/);
  });
});
