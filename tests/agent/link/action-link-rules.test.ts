import { describe, expect, it } from 'vitest';
import {
  MAX_UPDATES_BYTES,
  isRefusedByProxy,
  withinBytes,
} from '../../../src/agent/link/action-link-rules.js';

describe('action link rules', () => {
  it('takes the oldest updates that fit in one frame, and always at least one', () => {
    const big = 'x'.repeat(MAX_UPDATES_BYTES / 4);
    const updates = [1, 2, 3, 4, 5, 6].map((seq) => ({ seq, output: big }));
    const first = withinBytes(updates);
    expect(first.map((u) => u.seq)).toEqual([1, 2, 3]);
    expect(withinBytes([{ seq: 1, output: 'x'.repeat(MAX_UPDATES_BYTES * 2) }])).toHaveLength(1);
    expect(withinBytes([])).toEqual([]);
  });

  it('reads "not here" answers to the upgrade as a proxy refusing WebSockets, not "not now" ones', () => {
    for (const status of [400, 403, 404, 405, 426]) expect(isRefusedByProxy(status)).toBe(true);
    for (const status of [408, 429, 500, 502, 503]) expect(isRefusedByProxy(status)).toBe(false);
  });
});
