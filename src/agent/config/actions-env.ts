import type { Result } from '../../shared/validation.js';
import type { ActionType } from '../../shared/protocol/action-constants.js';
import { ACTION_TYPES, isActionType } from '../../shared/protocol/action-constants.js';

export const ACTIONS_DRY_RUN_ENV = 'DASHFLEET_ACTIONS_DRY_RUN';
export const ACTIONS_DISABLED_ENV = 'DASHFLEET_ACTIONS_DISABLED';

/** What the environment says about actions; a variable that is not set says nothing. */
export interface ActionsFromEnv {
  disabledTypes?: ActionType[];
  dryRun?: boolean;
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off', ''];

/**
 * `DASHFLEET_ACTIONS_DRY_RUN=1` and `DASHFLEET_ACTIONS_DISABLED=restart,clear-temp`, for
 * services and kiosks configured by their unit file rather than by config.json. A value that
 * cannot be understood is an error, not silently ignored: a kiosk that meant to forbid restart
 * must not start allowing it because of a typo.
 */
export function actionsFromEnv(env: NodeJS.ProcessEnv): Result<ActionsFromEnv> {
  const result: ActionsFromEnv = {};
  const dryRun = env[ACTIONS_DRY_RUN_ENV];
  if (dryRun !== undefined) {
    const value = dryRun.trim().toLowerCase();
    if (TRUE.includes(value)) result.dryRun = true;
    else if (FALSE.includes(value)) result.dryRun = false;
    else {
      return {
        ok: false,
        error: `${ACTIONS_DRY_RUN_ENV} must be 1 or 0 (true or false), got "${dryRun}"`,
      };
    }
  }
  const disabled = env[ACTIONS_DISABLED_ENV];
  if (disabled !== undefined) {
    const names = disabled
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const unknown = names.find((name) => !isActionType(name));
    if (unknown !== undefined) {
      return {
        ok: false,
        error:
          `${ACTIONS_DISABLED_ENV}: "${unknown}" is not an action type ` +
          `(one of ${ACTION_TYPES.join(', ')})`,
      };
    }
    result.disabledTypes = [...new Set(names as ActionType[])];
  }
  return { ok: true, value: result };
}
