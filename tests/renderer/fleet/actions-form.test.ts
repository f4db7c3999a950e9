import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import {
  buildRequest,
  defaultForm,
  FORM_BOUNDS,
} from '../../../renderer/fleet/actions/action-form.js';
import type { ActionForm, FieldProblem } from '../../../renderer/fleet/actions/action-form.js';
import { ActionParamsSchemas } from '../../../src/shared/protocol/action-schemas.js';

const target = { machineIds: ['m1'] };
const problemsOf = (form: ActionForm): Array<Pick<FieldProblem, 'field' | 'key'>> => {
  const checked = buildRequest(form, target);
  return checked.ok ? [] : checked.problems.map(({ field, key }) => ({ field, key }));
};

describe('the action form', () => {
  it('turns a message into the request the server takes, params valid by the shared schema', () => {
    const form = {
      ...defaultForm('message'),
      title: '  Printer down ',
      body: 'Use the 2nd floor.',
      level: 'warning' as const,
    };
    const checked = buildRequest(form, target);
    expect(checked).toEqual({
      ok: true,
      request: {
        target,
        expiresInSeconds: 7 * 24 * 3600,
        type: 'message',
        params: { title: 'Printer down', body: 'Use the 2nd floor.', level: 'warning' },
      },
    });
    if (checked.ok && checked.request.type === 'message') {
      expect(Value.Check(ActionParamsSchemas.message, checked.request.params)).toBe(true);
    }
  });

  it('defaults a restart to 5 minutes, one snooze of 10 minutes, in seconds for the server', () => {
    const checked = buildRequest({ ...defaultForm('restart'), reason: 'Updates' }, { tag: 'lab' });
    expect(checked.ok && checked.request).toMatchObject({
      target: { tag: 'lab' },
      type: 'restart',
      params: { delaySeconds: 300, reason: 'Updates', snooze: { maxCount: 1, lengthSeconds: 600 } },
    });
    if (checked.ok && checked.request.type === 'restart') {
      expect(Value.Check(ActionParamsSchemas.restart, checked.request.params)).toBe(true);
    }
  });

  it('keeps restart numbers within the shared limits', () => {
    const restart = { ...defaultForm('restart') };
    expect(problemsOf({ ...restart, delayMinutes: '0' })).toEqual([
      { field: 'delayMinutes', key: 'range' },
    ]);
    expect(problemsOf({ ...restart, delayMinutes: '1' })).toEqual([]);
    expect(problemsOf({ ...restart, delayMinutes: String(FORM_BOUNDS.delayMinutes.max) })).toEqual(
      [],
    );
    expect(FORM_BOUNDS.delayMinutes.max).toBe(7 * 24 * 60);
    expect(problemsOf({ ...restart, delayMinutes: String(7 * 24 * 60 + 1) })).toHaveLength(1);
    expect(problemsOf({ ...restart, delayMinutes: '1.5' })).toHaveLength(1);
    expect(problemsOf({ ...restart, delayMinutes: '' })).toHaveLength(1);
    expect(problemsOf({ ...restart, snoozeCount: '0' })).toEqual([]);
    expect(problemsOf({ ...restart, snoozeCount: '11' })).toEqual([
      { field: 'snoozeCount', key: 'range' },
    ]);
    expect(problemsOf({ ...restart, snoozeMinutes: '0' })).toEqual([
      { field: 'snoozeMinutes', key: 'range' },
    ]);
    expect(problemsOf({ ...restart, snoozeMinutes: '1441' })).toHaveLength(1);
  });

  it('needs a title, and counts characters as the server does', () => {
    const message = defaultForm('message');
    expect(problemsOf({ ...message, title: '   ' })).toEqual([{ field: 'title', key: 'required' }]);
    expect(problemsOf({ ...message, title: '🖨'.repeat(200) })).toEqual([]);
    expect(problemsOf({ ...message, title: 'x'.repeat(201) })).toEqual([
      { field: 'title', key: 'tooLong' },
    ]);
    expect(problemsOf({ ...message, title: 'ok', body: 'x'.repeat(4001) })).toEqual([
      { field: 'body', key: 'tooLong' },
    ]);
    expect(problemsOf({ ...defaultForm('restart'), reason: 'x'.repeat(501) })).toEqual([
      { field: 'reason', key: 'tooLong' },
    ]);
  });

  it('reports every refused field at once, with the numbers to show', () => {
    const checked = buildRequest({ ...defaultForm('message'), expiryDays: '31' }, target);
    expect(checked).toEqual({
      ok: false,
      problems: [
        { field: 'expiryDays', key: 'range', params: { min: 1, max: 30 } },
        { field: 'title', key: 'required', params: {} },
      ],
    });
  });

  it('leaves the expiry to the server when the field is empty', () => {
    const checked = buildRequest(
      { ...defaultForm('maintenance'), task: 'collect-logs', expiryDays: ' ' },
      { all: true },
    );
    expect(checked).toEqual({ ok: true, request: { target: { all: true }, type: 'collect-logs' } });
  });
});
