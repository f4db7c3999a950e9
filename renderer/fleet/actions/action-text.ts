import type { TFunction } from 'i18next';
import type { ActionView } from '../../../src/shared/actions-api.js';
import { formatBytes, formatDateTime } from '../../../src/shared/format.js';
import { ACTION_STAGES } from '../../../src/shared/protocol/action-constants.js';
import type { ApiError } from '../../ui/api-client.js';
import { errorText } from '../parts/error-text.js';

/** The stages agents report; any other (a newer agent's) is shown as sent. */
const KNOWN_STAGES: ReadonlySet<string> = new Set(ACTION_STAGES);

export function stageText(t: TFunction, stage: string): string {
  return KNOWN_STAGES.has(stage) ? t(`fleet.actions.stages.${stage}`) : stage;
}

/** The line that tells one action from another of its type: a message's title, a restart's reason. */
export function actionSummary(action: Pick<ActionView, 'type' | 'params'>): string {
  const value =
    action.type === 'message'
      ? action.params.title
      : action.type === 'restart'
        ? action.params.reason
        : undefined;
  return typeof value === 'string' ? value : '';
}

/** Result facts as label and text: sizes as bytes, times as dates, anything else as sent. */
export function detailEntries(
  detail: Record<string, string | number | boolean | null>,
  t: TFunction,
  locale: string,
): Array<[string, string]> {
  return Object.entries(detail).map(([key, value]) => {
    const labelKey = `fleet.actions.detail.${key}`;
    const label = t(labelKey);
    return [label === labelKey ? key : label, detailValue(key, value, t, locale)];
  });
}

function detailValue(
  key: string,
  value: string | number | boolean | null,
  t: TFunction,
  locale: string,
): string {
  if (value === null) return '–';
  if (typeof value === 'boolean') return t(value ? 'fleet.actions.yes' : 'fleet.actions.no');
  if (typeof value === 'number' && /bytes/i.test(key)) return formatBytes(value, locale);
  if (/(Time|At)$/.test(key)) {
    const at = typeof value === 'number' ? value : Date.parse(value);
    if (Number.isFinite(at) && at > 0) return formatDateTime(at, locale);
  }
  return String(value);
}

/** A refused action call in plain words: the action codes first, then the page's common ones. */
export function actionErrorText(t: TFunction, error: ApiError): string {
  const key = `fleet.actions.errors.${error.code}`;
  const known = t(key, { message: error.message });
  return known === key ? errorText(t, error) : known;
}
