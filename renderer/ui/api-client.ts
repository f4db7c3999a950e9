import type { HistoryResult } from '../../src/shared/history.js';
import type { Inventory } from '../../src/shared/inventory.js';
import { LOCAL_API } from '../../src/shared/local-api.js';
import type { ErrorBody, Settings, StatusResponse } from '../../src/shared/local-api.js';

/** A call's outcome as a value: the page never has to catch. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface ApiError {
  /** The agent's stable code (E_NO_INVENTORY …), or E_NETWORK / E_BAD_RESPONSE from here. */
  code: string;
  message: string;
  /** HTTP status; 0 when the agent could not be reached. */
  status: number;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HistoryQuery {
  metrics: readonly string[];
  from: number;
  to: number;
  maxPoints?: number;
}

export interface ExportQuery {
  format: 'csv' | 'jsonl';
  from: number;
  to: number;
  metrics?: readonly string[];
}

/** `metrics=…&from=…&to=…[&maxPoints=…]`, as the agent's and the server's history both take it. */
export function historySearch(query: HistoryQuery): string {
  const params = new URLSearchParams({
    metrics: query.metrics.join(','),
    from: String(Math.round(query.from)),
    to: String(Math.round(query.to)),
  });
  if (query.maxPoints !== undefined) params.set('maxPoints', String(query.maxPoints));
  return params.toString();
}

/** `api/history?metrics=…&from=…`: relative, so it works under any origin or scheme. */
export function historyUrl(query: HistoryQuery): string {
  return `${LOCAL_API.history}?${historySearch(query)}`;
}

export function exportUrl(query: ExportQuery): string {
  const params = new URLSearchParams({
    format: query.format,
    from: String(Math.round(query.from)),
    to: String(Math.round(query.to)),
  });
  if (query.metrics && query.metrics.length > 0) params.set('metrics', query.metrics.join(','));
  return `${LOCAL_API.export}?${params.toString()}`;
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Turns any answer (or the lack of one) into a Result; JSON bodies only. */
export async function toResult<T>(call: () => Promise<Response>): Promise<Result<T>> {
  let response: Response;
  try {
    response = await call();
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, error: { code: 'E_NETWORK', message, status: 0 } };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (response.ok && body !== undefined) return { ok: true, value: body as T };
  if (isErrorBody(body)) {
    return { ok: false, error: { ...body.error, status: response.status } };
  }
  return {
    ok: false,
    error: {
      code: 'E_BAD_RESPONSE',
      message: `HTTP ${response.status} ${response.statusText}`.trim(),
      status: response.status,
    },
  };
}

export interface ApiClient {
  status(): Promise<Result<StatusResponse>>;
  history(query: HistoryQuery): Promise<Result<HistoryResult>>;
  inventory(): Promise<Result<Inventory>>;
  settings(): Promise<Result<Settings>>;
  saveSettings(changes: Partial<Settings>): Promise<Result<Settings>>;
  pause(): Promise<Result<StatusResponse>>;
  resume(): Promise<Result<StatusResponse>>;
}

/** A PUT or POST to the local API, with a JSON body when there is one. */
export function sendJson<T>(
  fetchFn: FetchLike,
  method: 'PUT' | 'POST',
  url: string,
  body?: unknown,
): Promise<Result<T>> {
  return toResult<T>(() =>
    fetchFn(url, {
      method,
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

/** The typed client of the local API; `fetchFn` is the browser's fetch unless a test passes one. */
export function createApiClient(fetchFn: FetchLike): ApiClient {
  const get = <T>(url: string): Promise<Result<T>> =>
    toResult<T>(() => fetchFn(url, { headers: { accept: 'application/json' } }));
  const send = <T>(method: 'PUT' | 'POST', url: string, body?: unknown): Promise<Result<T>> =>
    sendJson<T>(fetchFn, method, url, body);
  return {
    status: () => get(LOCAL_API.status),
    history: (query) => get(historyUrl(query)),
    inventory: () => get(LOCAL_API.inventory),
    settings: () => get(LOCAL_API.settings),
    saveSettings: (changes) => send('PUT', LOCAL_API.settings, changes),
    pause: () => send('POST', LOCAL_API.pause),
    resume: () => send('POST', LOCAL_API.resume),
  };
}
