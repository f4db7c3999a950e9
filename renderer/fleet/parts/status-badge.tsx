import type { HealthStatus } from '../../../src/shared/health.js';
import type { MachineStatus } from '../../../src/shared/fleet-api.js';
import { useLanguage } from '../../ui/i18n.js';
import { STATUS_COLORS } from '../../ui/status-colors.js';

/** Online / stale / offline as a coloured dot *and* a word, so colour is never the only cue. */
export function StatusBadge({ status }: { status: MachineStatus }) {
  const { t } = useLanguage();
  return (
    <span class={`status status-${status}`}>
      <span class="dot" aria-hidden="true" />
      {t(`fleet.status.${status}`)}
    </span>
  );
}

/** The health score with its status as a dot; the status word is there for screen readers. */
export function HealthBadge({
  health,
}: {
  health: { score: number; status: HealthStatus } | null;
}) {
  const { t } = useLanguage();
  if (health === null) return <span class="muted">{t('fleet.notReported')}</span>;
  return (
    <span class={`health health-${health.status}`} title={t(`health.status.${health.status}`)}>
      <span class="dot" style={{ background: STATUS_COLORS[health.status] }} aria-hidden="true" />
      {Math.round(health.score)}
      <span class="sr-only"> {t(`health.status.${health.status}`)}</span>
    </span>
  );
}
