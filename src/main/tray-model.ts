import type { HealthStatus } from '../shared/health.js';
import { LANGUAGES } from '../shared/i18n.js';
import { formatWallTime } from '../shared/wall-time.js';
import type { Language } from '../shared/i18n.js';

/** What the tray shows; `null` health means the agent has not judged this PC yet or is unreachable. */
export interface TrayState {
  health: { score: number; status: HealthStatus } | null;
  isPaused: boolean;
  language: Language;
  /** Messages from IT not opened yet. */
  unread: number;
  /** When a pending restart reboots this PC, epoch ms; null when none is pending. */
  restartAt: number | null;
}

export type TrayIconName = 'ok' | 'warn' | 'critical' | 'disconnected';

/**
 * A mark over the status icon: a pending restart outranks unread messages, since it will
 * happen whether or not the person looks.
 */
export type TrayBadge = 'restart' | 'unread' | null;

export type TrayCommand =
  | { kind: 'open' }
  | { kind: 'messages' }
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
  badge: TrayBadge;
  /** One line per fact: health, unread messages, the pending restart. */
  tooltip: string;
  /** Short text beside the icon where the menu bar shows it (macOS); '' when there is none. */
  title: string;
  menu: TrayMenuItem[];
}

/** The time the restart line is written against; the zone is the system's unless given. */
export interface TrayClock {
  now: number;
  timeZone?: string;
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
  'tray.messages',
  'tray.restartAt',
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

/** The tray for one state, as plain data: icon, badge, tooltip and menu. */
export function buildTrayModel(
  state: TrayState,
  t: Translate,
  clock: TrayClock = { now: Date.now() },
): TrayModel {
  const { health } = state;
  const unread = Math.max(0, Math.floor(state.unread));
  const unreadLine = unread > 0 ? t('tray.unread', { count: unread }) : null;
  const restartLine =
    state.restartAt === null
      ? null
      : t('tray.restartAt', {
          time: formatRestartTime(state.restartAt, clock, state.language),
        });
  const healthLine = health
    ? t('tray.tooltip', {
        score: Math.round(health.score),
        status: t(`health.status.${health.status}`),
      })
    : t('tray.notConnected');
  return {
    iconName: health ? health.status : 'disconnected',
    badge: restartLine !== null ? 'restart' : unread > 0 ? 'unread' : null,
    tooltip: [healthLine, unreadLine, restartLine].filter((line) => line !== null).join('\n'),
    title: [
      state.restartAt === null ? null : formatRestartTime(state.restartAt, clock, state.language),
      unread > 0 ? String(unread) : null,
    ]
      .filter((part) => part !== null)
      .join(' · '),
    menu: [
      { type: 'normal', label: t('tray.open'), command: { kind: 'open' } },
      { type: 'normal', label: unreadLine ?? t('tray.messages'), command: { kind: 'messages' } },
      ...(restartLine === null
        ? []
        : [{ type: 'normal', label: restartLine, command: { kind: 'open' } } as const]),
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

/**
 * "14:05" today, "Tue 14:05" within the week, a date beyond: the reboot's wall-clock time,
 * as short as it can be without being ambiguous.
 */
export function formatRestartTime(epochMs: number, clock: TrayClock, locale: string): string {
  return formatWallTime(epochMs, clock.now, locale, clock.timeZone);
}
