import type { ActionListQuery, ActionView } from '../../../src/shared/actions-api.js';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { ACTION_STATUSES, isActionType } from '../../../src/shared/protocol/action-constants.js';
import type { ActionStatus } from '../../../src/shared/protocol/action-constants.js';

/** The filters a history shows (a page adds `before` and `limit` when it asks). */
export type ActionFilter = Pick<ActionListQuery, 'machineId' | 'batchId' | 'status' | 'type'>;

const FILTER_KEYS = ['machineId', 'batchId', 'status', 'type'] as const;

/** `/api/v1/actions?status=…&before=…`, only the parts that are set. */
export function actionListUrl(query: ActionListQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search === '' ? FLEET_API.actions : `${FLEET_API.actions}?${search}`;
}

/** `/api/v1/audit?limit=…&before=…`. */
export function auditUrl(query: { limit?: number; before?: string }): string {
  const params = new URLSearchParams();
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.before !== undefined) params.set('before', query.before);
  const search = params.toString();
  return search === '' ? FLEET_API.audit : `${FLEET_API.audit}?${search}`;
}

/** Whether a live action belongs in a history with this filter. */
export function matchesFilter(action: ActionView, filter: ActionFilter): boolean {
  return FILTER_KEYS.every((key) => filter[key] === undefined || filter[key] === action[key]);
}

function isStatus(value: string): value is ActionStatus {
  return (ACTION_STATUSES as readonly string[]).includes(value);
}

/** The history page's filter from its address (`/actions?status=failed&machineId=…`); unknown values are dropped. */
export function filterFromSearch(search: string): ActionFilter {
  const params = new URLSearchParams(search);
  const filter: ActionFilter = {};
  const status = params.get('status');
  if (status !== null && isStatus(status)) filter.status = status;
  const type = params.get('type');
  if (type !== null && isActionType(type)) filter.type = type;
  const machineId = params.get('machineId');
  if (machineId) filter.machineId = machineId;
  const batchId = params.get('batchId');
  if (batchId) filter.batchId = batchId;
  return filter;
}

/** The address part for a filter, `?status=failed`, or '' when nothing is filtered. */
export function searchFromFilter(filter: ActionFilter): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) params.set(key, value);
  }
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}
