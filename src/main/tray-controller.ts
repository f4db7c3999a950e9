import type { ActionsPort, SettingsPort } from '../agent/local-api/types.js';
import type { HealthReport } from '../shared/health.js';
import { createTranslator } from '../shared/translator.js';
import type { Language } from '../shared/i18n.js';
import type { TrayRenderer } from './tray.js';
import { buildTrayModel } from './tray-model.js';
import type { TrayCommand, TrayState, Translate } from './tray-model.js';

export interface TrayControllerDeps {
  renderer: TrayRenderer;
  isPaused: () => boolean;
  language: () => Language;
  /** What each menu entry does; failures are the handler's to log. */
  run: (command: TrayCommand) => Promise<void>;
  onError: (error: unknown) => void;
  /** The clock the restart time is written against (Date.now unless a test sets one). */
  now?: () => number;
}

/** What the tray shows of IT's actions: the unread count and the pending restart. */
export interface TrayActionsSummary {
  unread: number;
  restartAt: number | null;
}

export interface TrayController {
  /** A new health judgement arrived (null: none yet). */
  setHealth(health: HealthReport | null): void;
  /** The inbox or the pending restart changed. */
  setActions(summary: TrayActionsSummary): void;
  /** Re-reads pause state and language and redraws. */
  refresh(): void;
  /** Entry point for menu clicks: runs the command, then redraws. */
  onCommand(command: TrayCommand): void;
}

/** What the tray shows of the agent's actions: nothing before this PC is enrolled (no engine). */
export function readTrayActions(actions: Pick<ActionsPort, 'engine'>): TrayActionsSummary {
  const engine = actions.engine();
  return {
    unread: engine?.unreadCount() ?? 0,
    restartAt: engine?.pendingRestart()?.rebootAt ?? null,
  };
}

/** Keeps the tray in step with the agent: state in, one render out. */
export function createTrayController(deps: TrayControllerDeps): TrayController {
  const translators = new Map<Language, Translate>();
  const translate = (language: Language): Translate => {
    let t = translators.get(language);
    if (!t) {
      t = createTranslator(language) as Translate;
      translators.set(language, t);
    }
    return t;
  };
  let health: TrayState['health'] = null;
  let actions: TrayActionsSummary = { unread: 0, restartAt: null };
  const now = deps.now ?? Date.now;

  function refresh(): void {
    const language = deps.language();
    deps.renderer.render(
      buildTrayModel(
        { health, isPaused: deps.isPaused(), language, ...actions },
        translate(language),
        { now: now() },
      ),
    );
  }

  return {
    setHealth(report) {
      health = report ? { score: report.score, status: report.status } : null;
      refresh();
    },
    setActions(summary) {
      if (summary.unread === actions.unread && summary.restartAt === actions.restartAt) return;
      actions = { unread: summary.unread, restartAt: summary.restartAt };
      refresh();
    },
    refresh,
    onCommand(command) {
      deps.run(command).catch(deps.onError).finally(refresh);
    },
  };
}

export interface TrayCommandDeps {
  showDashboard: () => void;
  /** Shows the dashboard on its Messages page. */
  showMessages: () => void;
  agent: { pause(): Promise<void>; resume(): Promise<void> };
  settings: Pick<SettingsPort, 'update'>;
  quit: () => void;
  warn: (message: string) => void;
}

/** What each tray menu entry does. */
export function createTrayCommands(deps: TrayCommandDeps): (command: TrayCommand) => Promise<void> {
  return async (command) => {
    switch (command.kind) {
      case 'open':
        return deps.showDashboard();
      case 'messages':
        return deps.showMessages();
      case 'pause':
        return deps.agent.pause();
      case 'resume':
        return deps.agent.resume();
      case 'language': {
        // Saved like any other setting, so the dashboard and the next start agree.
        const result = await deps.settings.update({ language: command.language });
        if (!result.ok) deps.warn(`tray: language not saved (${result.error.message})`);
        return;
      }
      case 'quit':
        return deps.quit();
      default:
        return assertNever(command);
    }
  };
}

function assertNever(value: never): never {
  throw new Error(`tray: unexpected command ${JSON.stringify(value)}`);
}
