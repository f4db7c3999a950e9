import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { LANGUAGES } from '../../src/shared/i18n.js';
import type { Language } from '../../src/shared/i18n.js';
import { createTrayRenderer } from '../../src/main/tray.js';
import { trayIconPath } from '../../src/main/tray-icons.js';
import { buildTrayModel, formatRestartTime } from '../../src/main/tray-model.js';
import type { TrayCommand, TrayMenuItem, TrayState, Translate } from '../../src/main/tray-model.js';
import { createTranslator } from '../../src/shared/translator.js';

/** A translator that shows which key and values were asked for, in which language. */
const fakeT =
  (language: Language): Translate =>
  (key, params) =>
    params ? `${language}:${key}${JSON.stringify(params)}` : `${language}:${key}`;

const state = (overrides: Partial<TrayState> = {}): TrayState => ({
  health: { score: 87.4, status: 'ok' },
  isPaused: false,
  language: 'en',
  unread: 0,
  restartAt: null,
  ...overrides,
});

/** 10:00 in Paris on a Thursday; restart times are written in Paris time. */
const CLOCK = { now: Date.UTC(2026, 2, 12, 9, 0, 0), timeZone: 'Europe/Paris' };
const AT_14_05 = Date.UTC(2026, 2, 12, 13, 5, 0);

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
      'en:tray.messages',
      'en:tray.pause',
      'en:tray.language',
      '---',
      'en:tray.quit',
    ]);
    expect(labels(paused.menu)[2]).toBe('en:tray.resume');
    expect(paused.menu[2]).toMatchObject({ command: { kind: 'resume' } });
    expect(running.menu[2]).toMatchObject({ command: { kind: 'pause' } });
  });

  it.each(LANGUAGES.map((language) => [language]))(
    'in %s, translates the menu and checks the current language only',
    (language) => {
      const model = buildTrayModel(state({ language }), fakeT(language));

      expect(labels(model.menu)[0]).toBe(`${language}:tray.open`);
      const submenu = model.menu[3];
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
    template[2]?.click?.({} as never, undefined, {} as never);
    template[1]?.click?.({} as never, undefined, {} as never);
    const languages = template[3]?.submenu as MenuItemConstructorOptions[];
    expect(languages[1]).toMatchObject({ type: 'radio', label: 'Français', checked: false });
    languages[1]?.click?.({} as never, undefined, {} as never);
    expect(commands).toEqual([
      { kind: 'resume' },
      { kind: 'messages' },
      { kind: 'language', language: 'fr' },
    ]);
  });

  it('redraws the icon when a badge comes or goes, and the title only where it is shown', () => {
    const { calls, tray } = fakeTray();
    const titles: string[] = [];
    const renderer = createTrayRenderer({
      tray: tray as never,
      buildMenu: (template) => template as never,
      icon: (name, badge) => `icon:${name}:${badge ?? 'none'}`,
      onCommand: () => undefined,
      showTitle: (title) => titles.push(title),
    });
    const t = fakeT('fr');
    const fr = (overrides: Partial<TrayState> = {}) => state({ language: 'fr', ...overrides });

    renderer.render(buildTrayModel(fr(), t, CLOCK));
    renderer.render(buildTrayModel(fr({ unread: 2 }), t, CLOCK));
    renderer.render(buildTrayModel(fr({ unread: 2 }), t, CLOCK));
    renderer.render(buildTrayModel(fr({ unread: 2, restartAt: AT_14_05 }), t, CLOCK));
    renderer.render(buildTrayModel(fr(), t, CLOCK));

    expect(calls.images).toEqual([
      'icon:ok:none',
      'icon:ok:unread',
      'icon:ok:restart',
      'icon:ok:none',
    ]);
    expect(titles).toEqual(['', '2', '14:05 · 2', '']);
  });
});

describe('buildTrayModel with IT’s actions', () => {
  it('says nothing of messages or restarts when there are none', () => {
    const model = buildTrayModel(state(), fakeT('en'), CLOCK);

    expect(model.badge).toBeNull();
    expect(model.title).toBe('');
    expect(model.tooltip.split('\n')).toHaveLength(1);
    expect(model.menu[1]).toEqual({
      type: 'normal',
      label: 'en:tray.messages',
      command: { kind: 'messages' },
    });
  });

  it('counts unread messages in the tooltip, the title and the Messages entry', () => {
    const model = buildTrayModel(state({ unread: 3 }), fakeT('en'), CLOCK);

    expect(model.badge).toBe('unread');
    expect(model.title).toBe('3');
    expect(model.tooltip.split('\n')).toEqual([
      'en:tray.tooltip{"score":87,"status":"en:health.status.ok"}',
      'en:tray.unread{"count":3}',
    ]);
    expect(model.menu[1]).toEqual({
      type: 'normal',
      label: 'en:tray.unread{"count":3}',
      command: { kind: 'messages' },
    });
  });

  it('shows a pending restart’s time, which outranks unread messages for the badge', () => {
    const model = buildTrayModel(
      state({ language: 'ru', unread: 1, restartAt: AT_14_05, health: null }),
      fakeT('ru'),
      CLOCK,
    );

    expect(model.badge).toBe('restart');
    expect(model.iconName).toBe('disconnected');
    expect(model.tooltip.split('\n')).toEqual([
      'ru:tray.notConnected',
      'ru:tray.unread{"count":1}',
      'ru:tray.restartAt{"time":"14:05"}',
    ]);
    expect(labels(model.menu)).toEqual([
      'ru:tray.open',
      'ru:tray.unread{"count":1}',
      'ru:tray.restartAt{"time":"14:05"}',
      'ru:tray.pause',
      'ru:tray.language',
      '---',
      'ru:tray.quit',
    ]);
    expect(model.menu[2]).toMatchObject({ command: { kind: 'open' } });
  });

  it.each([
    ['en', '1 unread message', '3 unread messages', 'Restart at 2:05 PM'],
    ['fr', '1 message non lu', '3 messages non lus', 'Redémarrage à 14:05'],
    ['es', '1 mensaje sin leer', '3 mensajes sin leer', 'Reinicio a las 14:05'],
    ['ru', '1 непрочитанное сообщение', '3 непрочитанных сообщения', 'Перезагрузка в 14:05'],
  ] as const)('speaks %s, with its plural forms', (language, one, three, restart) => {
    const t = createTranslator(language) as Translate;
    const single = buildTrayModel(state({ language, unread: 1 }), t, CLOCK);
    const model = buildTrayModel(state({ language, unread: 3, restartAt: AT_14_05 }), t, CLOCK);

    expect(single.menu[1]).toMatchObject({ label: one });
    expect(model.menu[1]).toMatchObject({ label: three });
    expect(model.menu[2]).toMatchObject({ label: expect.stringMatching(/./) });
    const restartLabel = (model.menu[2] as { label: string }).label.replace(/\s/g, ' ');
    expect(restartLabel).toBe(restart.replace(/\s/g, ' '));
  });

  it('uses Russian’s few and many forms', () => {
    const t = createTranslator('ru') as Translate;
    const label = (unread: number) =>
      (buildTrayModel(state({ language: 'ru', unread }), t, CLOCK).menu[1] as { label: string })
        .label;

    expect(label(2)).toBe('2 непрочитанных сообщения');
    expect(label(5)).toBe('5 непрочитанных сообщений');
    expect(label(21)).toBe('21 непрочитанное сообщение');
  });
});

describe('formatRestartTime', () => {
  it('writes the time alone today, the weekday within the week, the date beyond', () => {
    expect(formatRestartTime(AT_14_05, CLOCK, 'fr')).toBe('14:05');
    expect(formatRestartTime(AT_14_05 + 86_400_000, CLOCK, 'en-GB')).toBe('Fri 14:05');
    expect(formatRestartTime(AT_14_05 + 30 * 86_400_000, CLOCK, 'en-GB')).toBe(
      '11 Apr 2026, 15:05',
    );
  });

  it('judges "today" in the clock’s time zone', () => {
    const lateUtc = Date.UTC(2026, 2, 12, 23, 30, 0);
    expect(formatRestartTime(lateUtc, { ...CLOCK, timeZone: 'UTC' }, 'en-GB')).toBe('23:30');
    expect(formatRestartTime(lateUtc, CLOCK, 'en-GB')).toBe('Fri 00:30');
  });
});

describe('trayIconPath', () => {
  it('uses the coloured icon per status on Windows and Linux, the template image on macOS', () => {
    expect(trayIconPath('critical', 'win32', '/icons')).toMatch(/tray-critical\.png$/);
    expect(trayIconPath('warn', 'linux', '/icons')).toMatch(/tray-warn\.png$/);
    expect(trayIconPath('warn', 'darwin', '/icons')).toMatch(/trayTemplate\.png$/);
  });

  it('uses a badged icon where the icon set has one, the plain status icon otherwise', () => {
    const has = (path: string) => path.endsWith('tray-ok-unread.png');
    expect(trayIconPath('ok', 'win32', '/icons', 'unread', has)).toMatch(/tray-ok-unread\.png$/);
    expect(trayIconPath('ok', 'linux', '/icons', 'restart', has)).toMatch(/tray-ok\.png$/);
    expect(trayIconPath('ok', 'darwin', '/icons', 'unread', has)).toMatch(/trayTemplate\.png$/);
  });

  it('finds the shipped status icons in build/icons', () => {
    const iconsDir = new URL('../../build/icons', import.meta.url).pathname;
    for (const status of ['ok', 'warn', 'critical', 'disconnected'] as const) {
      expect(existsSync(trayIconPath(status, 'linux', iconsDir, 'unread')), status).toBe(true);
    }
  });
});
