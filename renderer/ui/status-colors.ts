import type { HealthStatus } from '../../src/shared/health.js';

/** Colours for the health status dot, shared by the local dashboard and the fleet page. */
export const STATUS_COLORS: Readonly<Record<HealthStatus, string>> = {
  ok: '#1f9d55',
  warn: '#d69e2e',
  critical: '#e53e3e',
};
