import { describe, expect, it } from 'vitest';
import {
  actionListUrl,
  auditUrl,
  filterFromSearch,
  matchesFilter,
  searchFromFilter,
} from '../../../renderer/fleet/actions/action-query.js';
import { pathFor, routeFromPath } from '../../../renderer/fleet/routes.js';
import { action } from './actions-fixtures.js';

describe('action history queries', () => {
  it('asks the server only for what is set', () => {
    expect(actionListUrl({})).toBe('/api/v1/actions');
    expect(actionListUrl({ machineId: 'm 1&x', status: 'failed', limit: 50, before: 'c/1' })).toBe(
      '/api/v1/actions?machineId=m+1%26x&status=failed&limit=50&before=c%2F1',
    );
    expect(auditUrl({})).toBe('/api/v1/audit');
    expect(auditUrl({ limit: 50, before: 'x' })).toBe('/api/v1/audit?limit=50&before=x');
  });

  it('reads the page filter from the address, dropping values it does not know', () => {
    expect(filterFromSearch('?status=failed&type=restart&machineId=m1&batchId=b1')).toEqual({
      status: 'failed',
      type: 'restart',
      machineId: 'm1',
      batchId: 'b1',
    });
    expect(filterFromSearch('?status=exploded&type=rm-rf&machineId=')).toEqual({});
    const filter = { status: 'queued' as const, machineId: 'ü/1' };
    expect(filterFromSearch(searchFromFilter(filter))).toEqual(filter);
    expect(searchFromFilter({})).toBe('');
  });

  it('tells whether a live action belongs to a filtered history', () => {
    const queued = action({ id: 'a', machineId: 'm1', status: 'queued', type: 'restart' });
    expect(matchesFilter(queued, {})).toBe(true);
    expect(matchesFilter(queued, { machineId: 'm1', type: 'restart' })).toBe(true);
    expect(matchesFilter(queued, { machineId: 'm2' })).toBe(false);
    expect(matchesFilter(queued, { status: 'failed' })).toBe(false);
    expect(matchesFilter(queued, { batchId: 'batch-1' })).toBe(true);
  });

  it('has its own page at /actions', () => {
    expect(routeFromPath('/actions')).toEqual({ name: 'actions' });
    expect(routeFromPath('/actions/')).toEqual({ name: 'actions' });
    expect(pathFor({ name: 'actions' })).toBe('/actions');
  });
});
