import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatDuration, formatRelative } from '../../../src/shared/format.js';
import type { HistoryResult } from '../../../src/shared/history.js';
import type { Settings, StatusResponse } from '../../../src/shared/local-api.js';
import type { ApiClient } from '../../ui/api-client.js';
import { CARD_BASES, cardsFor, sparklineMetrics } from '../../ui/cards.js';
import { toChartSeries } from '../../ui/chart-data.js';
import { useLanguage } from '../../ui/i18n.js';
import type { LiveMode } from '../../ui/live-status.js';
import { MetricCard } from '../../ui/metric-card.js';
import { LinkCard } from '../link-card.js';
import { SPARKLINE_POINTS, SPARKLINE_WINDOW_MS } from '../../ui/ranges.js';
import { STATUS_COLORS } from '../../ui/status-colors.js';
import { DAY_MS } from '../../../src/shared/time.js';

interface OverviewProps {
  client: ApiClient;
  status: StatusResponse | null;
  mode: LiveMode;
  settings: Settings | null;
  onStatus: (status: StatusResponse) => void;
}

const ALL_CARDS = CARD_BASES.map((card) => card.base);

export function OverviewPage({ client, status, mode, settings, onStatus }: OverviewProps) {
  const { t, locale } = useLanguage();
  const [trends, setTrends] = useState<HistoryResult | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const sample = status?.sample ?? null;
  const cards = useMemo(
    () => (sample ? cardsFor(sample, settings?.visibleMetrics ?? ALL_CARDS) : []),
    [sample, settings?.visibleMetrics],
  );
  const metricsKey = sparklineMetrics(cards).join(',');

  useEffect(() => {
    if (!sample || metricsKey === '') return;
    let isCurrent = true;
    void client
      .history({
        metrics: metricsKey.split(','),
        from: sample.ts - SPARKLINE_WINDOW_MS,
        to: sample.ts,
        maxPoints: SPARKLINE_POINTS,
      })
      .then((result) => {
        if (isCurrent && result.ok) setTrends(result.value);
      });
    return () => {
      isCurrent = false;
    };
  }, [client, sample?.ts, metricsKey]);

  if (!status) {
    return (
      <section aria-busy="true">
        <h1>{t('overview.title')}</h1>
        <p class="state">{t('common.loading')}</p>
      </section>
    );
  }

  const { health, agent } = status;
  const isPaused = agent.isPaused;
  const togglePause = async (): Promise<void> => {
    setActionError(null);
    const result = isPaused ? await client.resume() : await client.pause();
    if (result.ok) onStatus(result.value);
    else setActionError(result.error.message);
  };
  const now = Date.now();

  return (
    <section>
      <div class="page-head">
        <h1>{t('overview.title')}</h1>
        <div class="live">
          <span class={`live-dot ${isPaused ? 'is-paused' : mode}`} aria-hidden="true" />
          <span>
            {isPaused
              ? t('overview.paused')
              : mode === 'live'
                ? t('overview.live')
                : mode === 'polling'
                  ? t('overview.polling', { count: agent.intervalSeconds })
                  : t('overview.connecting')}
          </span>
          <button type="button" onClick={() => void togglePause()}>
            {isPaused ? t('overview.resume') : t('overview.pause')}
          </button>
        </div>
      </div>
      {actionError !== null && (
        <p class="error" role="alert">
          {t('common.error', { message: actionError })}
        </p>
      )}

      <div class="health card">
        {health ? (
          <>
            <div class="score" aria-live="polite">
              <span
                class="score-dot"
                style={{ background: STATUS_COLORS[health.status] }}
                aria-hidden="true"
              />
              <span class="score-value">{t('overview.score', { score: health.score })}</span>
              <span class="score-status">{t(`health.status.${health.status}`)}</span>
            </div>
            {health.reasons.length === 0 ? (
              <p>{t('overview.noReasons')}</p>
            ) : (
              <ul class="reasons">
                {health.reasons.map((reason) => (
                  <li key={reason.key} class={`reason ${reason.severity}`}>
                    {t(reason.key, reason.params)}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <p>{t('overview.notJudged')}</p>
        )}
        {sample?.system && (
          <p class="muted">
            {t('overview.uptime', {
              duration: formatDuration(sample.system.uptimeSeconds, locale),
            })}
            {' · '}
            {t('overview.daysSinceReboot', {
              count: Math.floor((now - sample.system.bootTime) / DAY_MS),
            })}
          </p>
        )}
        {sample && (
          <p class="muted">
            {t('overview.lastSample', { ago: formatRelative(sample.ts, now, locale) })}
          </p>
        )}
      </div>

      {status.link && <LinkCard link={status.link} now={now} />}

      {!sample ? (
        <p class="state">{t('overview.noSample', { count: agent.intervalSeconds })}</p>
      ) : cards.length === 0 ? (
        <p class="state">{t('overview.noCards')}</p>
      ) : (
        <div class="grid">
          {cards.map((card) => (
            <MetricCard
              key={card.id}
              card={card}
              trend={trends ? toChartSeries(trends, card.metric).average : []}
            />
          ))}
        </div>
      )}
    </section>
  );
}
