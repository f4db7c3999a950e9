import { describe, expect, it } from 'vitest';
import type { ActionsState } from '../../../src/shared/local-api.js';
import type { FetchLike } from '../../../renderer/ui/api-client.js';
import { createActionsClient, isActionsState } from '../../../renderer/local/actions-client.js';

const STATE: ActionsState = {
  inbox: [
    {
      id: 'act_1',
      title: 'Printer',
      body: '<b>hi</b>',
      level: 'info',
      sentBy: 'IT',
      receivedAt: 1,
      readAt: null,
    },
  ],
  unread: 1,
  pendingRestart: null,
  history: [],
};

/** A fetch that records the requests and answers with a real Response. */
function recordingFetch(status: number, body: unknown) {
  const calls: Array<{ url: string; method: string }> = [];
  const fetchFn: FetchLike = (url, init) => {
    calls.push({ url, method: init?.method ?? 'GET' });
    return Promise.resolve(
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
    );
  };
  return { calls, fetchFn };
}

describe('createActionsClient', () => {
  it('loads api/actions with a relative URL', async () => {
    const { calls, fetchFn } = recordingFetch(200, STATE);
    const result = await createActionsClient(fetchFn).load();
    expect(result).toEqual({ ok: true, value: STATE });
    expect(calls).toEqual([{ url: 'api/actions', method: 'GET' }]);
  });

  it('POSTs read and snooze to the contract’s paths, ids escaped', async () => {
    const { calls, fetchFn } = recordingFetch(200, STATE);
    const client = createActionsClient(fetchFn);
    await client.markRead('act_1');
    await client.snooze('a/b?c');
    expect(calls).toEqual([
      { url: 'api/inbox/act_1/read', method: 'POST' },
      { url: 'api/restart/a%2Fb%3Fc/snooze', method: 'POST' },
    ]);
  });

  it('answers a refused snooze as a value with its code', async () => {
    const { fetchFn } = recordingFetch(409, {
      error: { code: 'E_SNOOZE_NOT_ALLOWED', message: 'no snoozes left' },
    });
    const result = await createActionsClient(fetchFn).snooze('act_2');
    expect(result).toEqual({
      ok: false,
      error: { code: 'E_SNOOZE_NOT_ALLOWED', message: 'no snoozes left', status: 409 },
    });
  });
});

describe('isActionsState', () => {
  it('accepts a state, with or without a pending restart', () => {
    expect(isActionsState(STATE)).toBe(true);
    expect(
      isActionsState({
        ...STATE,
        pendingRestart: { id: 'r', rebootAt: 5, reason: '', sentBy: '' },
      }),
    ).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'actions'],
    ['no inbox', { unread: 0, pendingRestart: null, history: [] }],
    ['an unread count as text', { ...STATE, unread: '1' }],
    ['a message without id', { ...STATE, inbox: [{ title: 'x' }] }],
    ['a restart without time', { ...STATE, pendingRestart: { id: 'r' } }],
    ['no history', { inbox: [], unread: 0, pendingRestart: null }],
  ])('refuses %s', (_name, value) => {
    expect(isActionsState(value)).toBe(false);
  });
});
