import type { HealthStatus } from '../shared/health.js';
import { LANGUAGES } from '../shared/i18n.js';
import type { Language } from '../shared/i18n.js';

/** What the tray shows; `null` health means the agent has not judged this PC yet or is unreachable. */
export interface TrayState {
  health: { score: number; status: HealthStatus } | null;
  isPaused: boolean;
  language: Language;
}

export type TrayIconName = 'ok' | 'warn' | 'critical' | 'disconnected';

export type TrayCommand =
  | { kind: 'open' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'quit' }
  | { kind: 'language'; language: Language };

export type TrayMenuItem =
  | { type: 'normal'; label: string; command: TrayCommand }
  | { type: 'radio'; label: string; checked: boolean; command: TrayCommand }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] }
  | { type: 'separator' };

export interface TrayModel {
  iconName: TrayIconName;
  tooltip: string;
  menu: TrayMenuItem[];
}

/** The subset of i18next's `t` the tray needs. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Every text key of the tray's own (the status words are the shared `health.status.*`). */
export const TRAY_KEYS = [
  'tray.open',
  'tray.pause',
  'tray.resume',
  'tray.language',
  'tray.quit',
  'tray.tooltip',
  'tray.notConnected',
] as const;

/**
 * Each language is named in itself, whatever the current language: someone who cannot read the
 * current one must still find theirs.
 */
const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ru: 'Русский',
};

/** The tray for one state, as plain data: icon, tooltip and menu. */
export function buildTrayModel(state: TrayState, t: Translate): TrayModel {
  const { health } = state;
  return {
    iconName: health ? health.status : 'disconnected',
    tooltip: health
      ? t('tray.tooltip', {
          score: Math.round(health.score),
          status: t(`health.status.${health.status}`),
        })
      : t('tray.notConnected'),
    menu: [
      { type: 'normal', label: t('tray.open'), command: { kind: 'open' } },
      state.isPaused
        ? { type: 'normal', label: t('tray.resume'), command: { kind: 'resume' } }
        : { type: 'normal', label: t('tray.pause'), command: { kind: 'pause' } },
      {
        type: 'submenu',
        label: t('tray.language'),
        items: LANGUAGES.map((language) => ({
          type: 'radio',
          label: LANGUAGE_NAMES[language],
          checked: language === state.language,
          command: { kind: 'language', language },
        })),
      },
      { type: 'separator' },
      { type: 'normal', label: t('tray.quit'), command: { kind: 'quit' } },
    ],
  };
}
