import type {
  ActionDetail,
  ActionList,
  ActionListQuery,
  ActionView,
  AuditList,
  CreateActionRequest,
  CreatedActions,
} from '../../src/shared/actions-api.js';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import type {
  ApiKeyInfo,
  CreateEnrollmentTokenRequest,
  CreateUserRequest,
  CreatedApiKey,
  CreatedEnrollmentToken,
  EnrollmentTokenInfo,
  HistoryResult,
  LoginRequest,
  MachineDetail,
  MachineList,
  MachineSummary,
  Me,
  OrgUser,
  Role,
  SetupRequest,
  SetupState,
} from '../../src/shared/fleet-api.js';
import type { FetchLike, HistoryQuery, Result } from '../ui/api-client.js';
import { historySearch, toResult } from '../ui/api-client.js';
import { actionListUrl, auditUrl } from './actions/action-query.js';

export type { HistoryQuery } from '../ui/api-client.js';

/** `…/history?metrics=…&from=…`: absolute, the page is always served by the server itself. */
export function machineHistoryUrl(id: string, query: HistoryQuery): string {
  return `${FLEET_API.machineHistory(id)}?${historySearch(query)}`;
}

export interface FleetClientOptions {
  fetch: FetchLike;
  /** The session's CSRF token, read at each call (it changes at login and on org switch). */
  csrfToken: () => string | null;
  /** Called on any 401 except the login and setup calls themselves (they answer 401 on purpose). */
  onUnauthenticated: () => void;
}

export interface FleetClient {
  setupState(): Promise<Result<SetupState>>;
  setup(request: SetupRequest): Promise<Result<Me>>;
  login(request: LoginRequest): Promise<Result<Me>>;
  logout(): Promise<Result<null>>;
  me(): Promise<Result<Me>>;
  switchOrg(orgId: string): Promise<Result<Me>>;
  machines(): Promise<Result<MachineList>>;
  machine(id: string): Promise<Result<MachineDetail>>;
  removeMachine(id: string): Promise<Result<null>>;
  setTags(id: string, tags: string[]): Promise<Result<MachineSummary>>;
  history(id: string, query: HistoryQuery): Promise<Result<HistoryResult>>;
  enrollmentTokens(): Promise<Result<{ tokens: EnrollmentTokenInfo[] }>>;
  createEnrollmentToken(
    request: CreateEnrollmentTokenRequest,
  ): Promise<Result<CreatedEnrollmentToken>>;
  revokeEnrollmentToken(id: string): Promise<Result<null>>;
  users(): Promise<Result<{ users: OrgUser[] }>>;
  createUser(request: CreateUserRequest): Promise<Result<OrgUser>>;
  setUserRole(id: string, role: Role): Promise<Result<OrgUser>>;
  removeUser(id: string): Promise<Result<null>>;
  apiKeys(): Promise<Result<{ keys: ApiKeyInfo[] }>>;
  createApiKey(request: { name: string; role: Role }): Promise<Result<CreatedApiKey>>;
  revokeApiKey(id: string): Promise<Result<null>>;
  createAction(request: CreateActionRequest): Promise<Result<CreatedActions>>;
  actions(query: ActionListQuery): Promise<Result<ActionList>>;
  action(id: string): Promise<Result<ActionDetail>>;
  cancelAction(id: string): Promise<Result<ActionView>>;
  retryAction(id: string): Promise<Result<ActionView>>;
  audit(query: { limit?: number; before?: string }): Promise<Result<AuditList>>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The typed client of the fleet API. Errors come back as values carrying the server's code;
 * state-changing calls carry X-CSRF-Token; a 401 anywhere but at the door sends the reader
 * to the login page through `onUnauthenticated`.
 */
export function createFleetClient(options: FleetClientOptions): FleetClient {
  const call = async <T>(
    method: Method,
    url: string,
    body?: unknown,
    isDoor = false,
  ): Promise<Result<T>> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = options.csrfToken();
    if (method !== 'GET' && csrf !== null) headers['x-csrf-token'] = csrf;
    const result = await toResult<T>(async () => {
      const response = await options.fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      // 204 has no body: give toResult a JSON null so success stays a value.
      return response.status === 204 ? new Response('null', { status: 200 }) : response;
    });
    if (!result.ok && result.error.status === 401 && !isDoor) options.onUnauthenticated();
    return result;
  };
  return {
    setupState: () => call('GET', FLEET_API.setupState, undefined, true),
    setup: (request) => call('POST', FLEET_API.setup, request, true),
    login: (request) => call('POST', FLEET_API.login, request, true),
    logout: () => call('POST', FLEET_API.logout, undefined, true),
    me: () => call('GET', FLEET_API.me, undefined, true),
    switchOrg: (orgId) => call('POST', FLEET_API.switchOrg, { orgId }),
    machines: () => call('GET', FLEET_API.machines),
    machine: (id) => call('GET', FLEET_API.machine(id)),
    removeMachine: (id) => call('DELETE', FLEET_API.machine(id)),
    setTags: (id, tags) => call('PUT', FLEET_API.machineTags(id), { tags }),
    history: (id, query) => call('GET', machineHistoryUrl(id, query)),
    enrollmentTokens: () => call('GET', FLEET_API.enrollmentTokens),
    createEnrollmentToken: (request) => call('POST', FLEET_API.enrollmentTokens, request),
    revokeEnrollmentToken: (id) => call('DELETE', FLEET_API.enrollmentToken(id)),
    users: () => call('GET', FLEET_API.users),
    createUser: (request) => call('POST', FLEET_API.users, request),
    setUserRole: (id, role) => call('PATCH', FLEET_API.user(id), { role }),
    removeUser: (id) => call('DELETE', FLEET_API.user(id)),
    apiKeys: () => call('GET', FLEET_API.apiKeys),
    createApiKey: (request) => call('POST', FLEET_API.apiKeys, request),
    revokeApiKey: (id) => call('DELETE', FLEET_API.apiKey(id)),
    createAction: (request) => call('POST', FLEET_API.actions, request),
    actions: (query) => call('GET', actionListUrl(query)),
    action: (id) => call('GET', FLEET_API.action(id)),
    cancelAction: (id) => call('POST', FLEET_API.actionCancel(id)),
    retryAction: (id) => call('POST', FLEET_API.actionRetry(id)),
    audit: (query) => call('GET', auditUrl(query)),
  };
}
