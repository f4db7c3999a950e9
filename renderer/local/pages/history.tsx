import { useCallback, useMemo, useState } from 'preact/hooks';
import type { StatusResponse } from '../../../src/shared/local-api.js';
import { exportUrl } from '../../ui/api-client.js';
import type { ApiClient, HistoryQuery } from '../../ui/api-client.js';
import { gapThresholdMs, hasPoints } from '../../ui/chart-data.js';
import { HistoryChart } from '../../ui/history-chart.js';
import { useLanguage } from '../../ui/i18n.js';
import { RangeButtons } from '../../ui/range-buttons.js';
import { customRange, presetRange, RANGE_PRESETS, toLocalDateTimeInput } from '../../ui/ranges.js';
import type { RangeChoice, TimeRange } from '../../ui/ranges.js';
import { useHistory } from '../../ui/use-history.js';
import type { HistoryView, LoadedHistory } from '../../ui/use-history.js';
import type { ChartSpec } from '../../ui/chart-specs.js';
import { historyChartSpecs } from '../history-metrics.js';
import { DAY_MS, MINUTE_MS } from '../../../src/shared/time.js';

interface HistoryProps {
  client: ApiClient;
  status: StatusResponse | null;
}

export function HistoryPage({ client, status }: HistoryProps) {
  const { t } = useLanguage();
  const [choice, setChoice] = useState<RangeChoice>('1h');
  const [range, setRange] = useState<TimeRange>(() => presetRange('1h', Date.now()));
  const [fromInput, setFromInput] = useState(() => toLocalDateTimeInput(Date.now() - DAY_MS));
  const [toInput, setToInput] = useState(() => toLocalDateTimeInput(Date.now()));
  const volumeKey = status?.sample?.disks?.volumes.map((volume) => volume.mount).join('\n');
  // Asked again only when the set of volumes changes, not on every live update.
  const specs = useMemo(() => historyChartSpecs(status?.sample ?? null), [volumeKey]);
  const load = useCallback((query: HistoryQuery) => client.history(query), [client]);
  const { loaded, charts } = useHistory(load, specs, range);

  const choose = (next: RangeChoice): void => {
    setChoice(next);
    if (next !== 'custom') setRange(presetRange(next, Date.now()));
  };
  const custom = customRange(fromInput, toInput);

  return (
    <section>
      <h1>{t('history.title')}</h1>
      <RangeButtons choices={[...RANGE_PRESETS, 'custom']} value={choice} onChoose={choose} />
      {choice === 'custom' && (
        <form
          class="toolbar"
          onSubmit={(event) => {
            event.preventDefault();
            if (custom) setRange(custom);
          }}
        >
          <label>
            {t('history.from')}
            <input
              type="datetime-local"
              value={fromInput}
              onInput={(event) => setFromInput(event.currentTarget.value)}
            />
          </label>
          <label>
            {t('history.to')}
            <input
              type="datetime-local"
              value={toInput}
              onInput={(event) => setToInput(event.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={!custom}>
            {t('history.apply')}
          </button>
          {!custom && <span class="error">{t('history.invalidRange')}</span>}
        </form>
      )}
      <div class="toolbar">
        <a
          class="button"
          href={exportUrl({ format: 'csv', from: range.from, to: range.to })}
          download
        >
          {t('history.exportCsv')}
        </a>
        <a
          class="button"
          href={exportUrl({ format: 'jsonl', from: range.from, to: range.to })}
          download
        >
          {t('history.exportJsonl')}
        </a>
      </div>
      <HistoryBody loaded={loaded} charts={charts} startedAt={status?.agent.startedAt ?? null} />
    </section>
  );
}

function HistoryBody({
  loaded,
  charts,
  startedAt,
}: {
  loaded: LoadedHistory;
  charts: HistoryView<ChartSpec>['charts'];
  startedAt: number | null;
}) {
  const { t } = useLanguage();
  if (loaded.state === 'loading') {
    return (
      <p class="state" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  }
  if (loaded.state === 'error') {
    return (
      <p class="error" role="alert">
        {t('common.error', { message: loaded.error.message })}
      </p>
    );
  }
  const { result, range } = loaded;
  if (!hasPoints(result)) {
    // Started inside the range: say so, the history simply has not been written yet.
    const isNew = startedAt !== null && startedAt > range.from;
    const minutes = isNew ? Math.max(0, Math.floor((Date.now() - startedAt) / MINUTE_MS)) : 0;
    return (
      <p class="state">
        {isNew ? t('history.emptyStarted', { count: minutes }) : t('history.emptyRange')}
      </p>
    );
  }
  const gapMs = gapThresholdMs(result);
  return (
    <div class="charts">
      {charts.map(({ spec, series }) => (
        <HistoryChart
          key={spec.metric}
          title={t(spec.titleKey, spec.titleParams)}
          series={series}
          from={range.from}
          to={range.to}
          gapMs={gapMs}
          isPercent={spec.isPercent}
        />
      ))}
    </div>
  );
}
