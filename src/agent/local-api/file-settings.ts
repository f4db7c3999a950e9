import { join } from 'node:path';
import type { Settings } from '../../shared/local-api.js';
import { DEFAULT_VISIBLE_METRICS } from '../config/defaults.js';
import { CONFIG_FILE_NAME, configProblem, readConfigFile } from '../config/load-config.js';
import { writeOwnerOnlyFile } from '../config/owner-only-file.js';
import type { AgentConfigFile } from '../config/schema.js';
import type { AgentControl, SettingsPort, SettingsUpdate } from './types.js';

export interface FileSettingsDeps {
  dataDir: string;
  agent: AgentControl;
  /** Start-with-the-session, where the shell can honour it; absent headless (autostart null). */
  autostart?: { isEnabled(): boolean; setEnabled(isEnabled: boolean): void | Promise<void> };
}

/**
 * Settings kept in `<dataDir>/config.json`, the file the agent starts from. A change is merged
 * into what the file holds (keys the dashboard does not know are kept), validated as a whole
 * with the config schema, written atomically (temp file + rename, owner-only), then applied.
 */
export function createFileSettings(deps: FileSettingsDeps): SettingsPort {
  const path = join(deps.dataDir, CONFIG_FILE_NAME);

  function read(): Settings {
    const file = readConfigFile(path);
    const config: AgentConfigFile = file.ok ? file.value : {};
    return {
      language: config.language ?? null,
      intervalSeconds: deps.agent.intervalSeconds(),
      visibleMetrics: config.visibleMetrics ?? [...DEFAULT_VISIBLE_METRICS],
      autostart: deps.autostart ? deps.autostart.isEnabled() : null,
    };
  }

  async function update(patch: Partial<Settings>): Promise<SettingsUpdate> {
    if (patch.autostart !== undefined && patch.autostart !== null && !deps.autostart) {
      return refused('E_BAD_REQUEST', 'autostart can only be changed in the desktop app');
    }
    const file = readConfigFile(path);
    if (!file.ok) return refused('E_SETTINGS_UNAVAILABLE', file.error);
    const next: Record<string, unknown> = { ...file.value };
    if (patch.language === null) delete next.language;
    else if (patch.language !== undefined) next.language = patch.language;
    if (patch.intervalSeconds !== undefined) next.intervalSeconds = patch.intervalSeconds;
    if (patch.visibleMetrics !== undefined) next.visibleMetrics = patch.visibleMetrics;
    if (typeof patch.autostart === 'boolean') next.autostart = patch.autostart;
    const problem = configProblem(next);
    if (problem) return refused('E_BAD_REQUEST', problem);
    try {
      writeOwnerOnlyFile(path, `${JSON.stringify(next, null, 2)}\n`);
    } catch (error) {
      return refused(
        'E_SETTINGS_UNAVAILABLE',
        `${path}: cannot be written (${(error as Error).message})`,
      );
    }
    if (patch.intervalSeconds !== undefined)
      await deps.agent.setIntervalSeconds(patch.intervalSeconds);
    if (typeof patch.autostart === 'boolean') await deps.autostart?.setEnabled(patch.autostart);
    return { ok: true, value: read() };
  }

  return { read, update };
}

function refused(
  code: 'E_BAD_REQUEST' | 'E_SETTINGS_UNAVAILABLE',
  message: string,
): SettingsUpdate {
  return { ok: false, error: { code, message } };
}
