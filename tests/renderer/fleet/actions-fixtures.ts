import type { ActionView } from '../../../src/shared/actions-api.js';

/** An action view with sensible values; tests override what they look at. */
export function action(overrides: Partial<ActionView> & { id: string }): ActionView {
  return {
    batchId: 'batch-1',
    machineId: 'm-1',
    hostname: 'reception-pc',
    type: 'message',
    params: { title: 'Hello', body: '', level: 'info' },
    status: 'queued',
    stage: null,
    createdAt: 1_000,
    createdBy: 'Jane Doe',
    expiresAt: 1_000 + 7 * 24 * 3600 * 1000,
    deliveredAt: null,
    startedAt: null,
    finishedAt: null,
    result: null,
    retryOf: null,
    hasArtifact: false,
    ...overrides,
  };
}
