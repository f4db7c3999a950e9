import { formatBytes } from '../../src/shared/format.js';
import { formatMetricValue } from '../../src/shared/format-metric.js';
import { METRICS } from '../../src/shared/metrics.js';
import type { CardModel } from './cards.js';
import type { XY } from './chart-data.js';
import { useLanguage } from './i18n.js';
import { Sparkline } from './sparkline.js';

interface MetricCardProps {
  card: CardModel;
  trend: readonly XY[];
}

/** One overview card: title, the current value in its unit, a detail line, the 15-minute trend. */
export function MetricCard({ card, trend }: MetricCardProps) {
  const { t, locale } = useLanguage();
  const title =
    card.kind === 'disk' ? t('cards.disk', { volume: card.volume }) : t(`cards.${card.kind}`);
  const { value, detail, spoken } = describe(card, locale, t);
  return (
    <article class="card" aria-label={title}>
      <h3 class="card-title">{title}</h3>
      <p
        class={card.kind === 'network' ? 'card-value is-compact' : 'card-value'}
        aria-label={spoken}
      >
        {value}
      </p>
      {detail !== '' && <p class="card-detail">{detail}</p>}
      {trend.length > 1 ? (
        <Sparkline points={trend} label={t('cards.sparkline', { metric: title })} />
      ) : (
        <p class="card-detail muted">{t('cards.noTrend')}</p>
      )}
    </article>
  );
}

function describe(
  card: CardModel,
  locale: string,
  t: ReturnType<typeof useLanguage>['t'],
): { value: string; detail: string; spoken: string } {
  const value = formatMetricValue(card.metric, card.value, locale);
  const usedOfTotal = (): string =>
    t('cards.usedOfTotal', {
      used: formatBytes(card.detail.usedBytes ?? 0, locale),
      total: formatBytes(card.detail.totalBytes ?? 0, locale),
    });
  switch (card.kind) {
    case 'cpu': {
      const speed = card.detail.speedGHz;
      const detail = speed === undefined ? '' : formatMetricValue(METRICS.cpuSpeed, speed, locale);
      return { value, detail, spoken: value };
    }
    case 'memory':
    case 'disk':
      return { value, detail: usedOfTotal(), spoken: value };
    case 'network': {
      const rx = formatMetricValue(METRICS.netRx, card.detail.rxBytesPerSec ?? 0, locale);
      const tx = formatMetricValue(METRICS.netTx, card.detail.txBytesPerSec ?? 0, locale);
      return {
        value: t('cards.networkValue', { rx, tx }),
        detail: '',
        spoken: t('cards.networkSpoken', { rx, tx }),
      };
    }
    case 'temperature':
      return { value, detail: '', spoken: value };
    case 'battery':
      return {
        value,
        detail: card.detail.isCharging === 1 ? t('cards.charging') : t('cards.onBattery'),
        spoken: value,
      };
    default:
      return assertNever(card.kind);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected card kind: ${String(value)}`);
}
