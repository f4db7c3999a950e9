/** Health of a machine as the agent judges it; reasons are i18n keys with parameters. */
export type HealthStatus = 'ok' | 'warn' | 'critical';

export interface HealthReason {
  /** i18n key, e.g. `health.diskFull`. */
  key: string;
  /** Placeholder values for the key's text, e.g. `{ volume: "C:", percent: 94 }`. */
  params: Record<string, string | number>;
  severity: Exclude<HealthStatus, 'ok'>;
  /** Points this reason took off the score. */
  penalty: number;
}

export interface HealthReport {
  /** 0 (on fire) .. 100 (nothing to say). */
  score: number;
  status: HealthStatus;
  /** Most severe first. Empty when everything is fine. */
  reasons: HealthReason[];
  /** When this judgement was made, epoch ms. */
  evaluatedAt: number;
}
