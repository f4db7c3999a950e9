import type { StatusResponse } from '../../shared/local-api.js';
import type { LocalApiDeps } from './types.js';

/** The overview: what the last cycle left, the outbox and the agent's own state. */
export function readStatus(deps: LocalApiDeps): StatusResponse {
  const latest = deps.store.latest();
  const { size, dropped } = deps.store.outboxStatus();
  return {
    sample: latest.sample ?? null,
    health: latest.health ?? null,
    processes: latest.processes ?? null,
    outbox: { size, dropped },
    agent: {
      version: deps.version,
      intervalSeconds: deps.agent.intervalSeconds(),
      isPaused: deps.agent.isPaused(),
      startedAt: deps.startedAt,
    },
    ...(deps.link ? { link: deps.link.state() } : {}),
  };
}
