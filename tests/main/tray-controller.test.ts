import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/shared/i18n.js';
import { createTranslator } from '../../src/shared/translator.js';
import type { Language } from '../../src/shared/i18n.js';
import type { SettingsPort } from '../../src/agent/local-api/types.js';
import {
  createTrayCommands,
  createTrayController,
  readTrayActions,
} from '../../src/main/tray-controller.js';
import { TRAY_KEYS } from '../../src/main/tray-model.js';
import type { TrayCommand, TrayModel } from '../../src/main/tray-model.js';

/** 10:00 UTC; the restart line is written in the system's zone, so tests read it back the same way. */
const NOW = Date.UTC(2026, 2, 12, 10, 0, 0);

function setup(run: (command: TrayCommand) => Promise<void> = async () => undefined) {
  const rendered: TrayModel[] = [];
  const errors: unknown[] = [];
  const state = { isPaused: false, language: 'en' as Language };
  const controller = createTrayController({
    renderer: { render: (model) => void rendered.push(model) },
    isPaused: () => state.isPaused,
    language: () => state.language,
    run,
    onError: (error) => errors.push(error),
    now: () => NOW,
  });
  return { controller, rendered, errors, state };
}

describe('createTrayController', () => {
  it('draws real text from the locales, in the current language', () => {
    const { controller, rendered, state } = setup();

    controller.setHealth({ score: 71.2, status: 'warn', reasons: [], evaluatedAt: 0 } as never);
    state.language = 'fr';
    controller.refresh();

    expect(rendered[0]?.tooltip).toBe('71/100 — Needs attention');
    expect(rendered[0]?.iconName).toBe('warn');
    expect(rendered[1]?.tooltip).toBe(`71/100 — ${createTranslator('fr')('health.status.warn')}`);
    expect(rendered[1]?.menu[0]).toMatchObject({ label: 'Ouvrir le tableau de bord' });
  });

  it('shows unread messages and a pending restart, and redraws only when they change', () => {
    const { controller, rendered } = setup();
    const restartAt = NOW + 65 * 60_000;
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(restartAt);

    controller.setActions({ unread: 2, restartAt: null });
    controller.setActions({ unread: 2, restartAt: null });
    controller.setActions({ unread: 2, restartAt });
    controller.setActions({ unread: 0, restartAt: null });

    expect(rendered).toHaveLength(3);
    expect(rendered[0]?.badge).toBe('unread');
    expect(rendered[0]?.menu[1]).toMatchObject({
      label: '2 unread messages',
      command: { kind: 'messages' },
    });
    expect(rendered[1]?.badge).toBe('restart');
    expect(rendered[1]?.tooltip.split('\n')).toEqual([
      'Not connected to the agent',
      '2 unread messages',
      `Restart at ${time}`,
    ]);
    expect(rendered[2]?.badge).toBeNull();
    expect(rendered[2]?.menu[1]).toMatchObject({ label: 'Messages' });
  });

  it('keeps the actions when health changes', () => {
    const { controller, rendered } = setup();

    controller.setActions({ unread: 1, restartAt: null });
    controller.setHealth({ score: 90, status: 'ok', reasons: [], evaluatedAt: 0 } as never);

    expect(rendered[1]?.iconName).toBe('ok');
    expect(rendered[1]?.badge).toBe('unread');
  });

  it('runs a menu command, then redraws with the new state', async () => {
    const { controller, rendered, state } = setup(async (command) => {
      if (command.kind === 'pause') state.isPaused = true;
    });

    controller.onCommand({ kind: 'pause' });

    await expect.poll(() => rendered.length).toBe(1);
    expect(rendered[0]?.menu[2]).toMatchObject({ command: { kind: 'resume' } });
  });

  it('reports a failing command and still redraws', async () => {
    const { controller, rendered, errors } = setup(() => Promise.reject(new Error('locked')));

    controller.onCommand({ kind: 'resume' });

    await expect.poll(() => rendered.length).toBe(1);
    expect(errors).toHaveLength(1);
  });
});

describe('tray text', () => {
  it.each(LANGUAGES.map((language) => [language]))('exists in %s', (language) => {
    const t = createTranslator(language);
    const english = createTranslator('en');

    // Words some languages share with English ("Messages" in French), or no words at all.
    const sameAsEnglishAllowed = new Set<string>(['tray.tooltip', 'tray.messages']);
    for (const key of TRAY_KEYS) {
      expect(t(key), key).not.toBe(key);
      if (language !== 'en' && !sameAsEnglishAllowed.has(key)) {
        expect(t(key), key).not.toBe(english(key));
      }
    }
  });
});

describe('createTrayCommands', () => {
  function setup(update: SettingsPort['update'] = async () => ({ ok: true, value: {} as never })) {
    const calls: string[] = [];
    const run = createTrayCommands({
      showDashboard: () => void calls.push('show'),
      showMessages: () => void calls.push('messages'),
      agent: {
        pause: async () => void calls.push('pause'),
        resume: async () => void calls.push('resume'),
      },
      settings: {
        update: async (patch) => {
          calls.push(`update ${JSON.stringify(patch)}`);
          return update(patch);
        },
      },
      quit: () => void calls.push('quit'),
      warn: (message) => void calls.push(`warn ${message}`),
    });
    return { calls, run };
  }

  it('routes each menu entry to the agent, the settings, the window or the app', async () => {
    const { calls, run } = setup();

    for (const command of [
      { kind: 'open' },
      { kind: 'messages' },
      { kind: 'pause' },
      { kind: 'resume' },
      { kind: 'language', language: 'ru' },
      { kind: 'quit' },
    ] as const) {
      await run(command);
    }

    expect(calls).toEqual([
      'show',
      'messages',
      'pause',
      'resume',
      'update {"language":"ru"}',
      'quit',
    ]);
  });

  it('says so when the language cannot be saved', async () => {
    const { calls, run } = setup(async () => ({
      ok: false,
      error: { code: 'E_SETTINGS_UNAVAILABLE', message: 'config.json is read-only' },
    }));

    await run({ kind: 'language', language: 'es' });

    expect(calls.at(-1)).toBe('warn tray: language not saved (config.json is read-only)');
  });
});

describe('readTrayActions', () => {
  it('reads nothing before this PC has an action engine', () => {
    expect(readTrayActions({ engine: () => undefined })).toEqual({ unread: 0, restartAt: null });
  });

  it('reads the unread count and the pending restart’s time from the engine', () => {
    const engine = {
      unreadCount: () => 4,
      pendingRestart: () => ({
        id: 'act_r',
        reason: '',
        sentBy: 'IT',
        rebootAt: 1_800_000_000_000,
        snoozesUsed: 0,
        snoozesAllowed: 1,
        snoozeSeconds: 600,
      }),
    };
    expect(readTrayActions({ engine: () => engine as never })).toEqual({
      unread: 4,
      restartAt: 1_800_000_000_000,
    });
  });
});
