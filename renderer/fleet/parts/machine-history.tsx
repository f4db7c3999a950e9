import { useEffect, useMemo, useState } from 'preact/hooks';
import type { HistoryResult } from '../../../src/shared/history.js';
import type { ApiError } from '../../ui/api-client.js';
import { gapThresholdMs, toChartSeries } from '../../ui/chart-data.js';
import { HistoryChart } from '../../ui/history-chart.js';
import { useLanguage } from '../../ui/i18n.js';
import { maxPointsFor, presetRange, RANGE_PRESETS } from '../../ui/ranges.js';
import type { RangePreset, TimeRange } from '../../ui/ranges.js';
import type { FleetClient } from '../fleet-client.js';
import { MACHINE_CHARTS } from '../machine-charts.js';
import { errorText } from './error-text.js';

type Loaded =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError }
  | { state: 'ready'; result: HistoryResult; range: TimeRange };

interface MachineHistoryProps {
  client: FleetClient;
  machineId: string;
}

/** Processor, memory, disk and network of one machine over 1 h / 24 h / 7 d / 30 d. */
export function MachineHistory({ client, machineId }: MachineHistoryProps) {
  const { t } = useLanguage();
  const [preset, setPreset] = useState<RangePreset>('24h');
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const specs = MACHINE_CHARTS;

  useEffect(() => {
    let isCurrent = true;
    const range = presetRange(preset, Date.now());
    setLoaded({ state: 'loading' });
    void client
      .history(machineId, {
        metrics: specs.map((spec) => spec.metric),
        from: range.from,
        to: range.to,
        maxPoints: maxPointsFor(window.innerWidth),
      })
      .then((result) => {
        if (!isCurrent) return;
        setLoaded(
          result.ok
            ? { state: 'ready', result: result.value, range }
            : { state: 'error', error: result.error },
        );
      });
    return () => {
      isCurrent = false;
    };
  }, [client, machineId, specs, preset]);

  const charts = useMemo(
    () =>
      loaded.state === 'ready'
        ? specs
            .map((spec) => ({ spec, series: toChartSeries(loaded.result, spec.metric) }))
            .filter(({ series }) => series.average.length > 0)
        : [],
    [loaded, specs],
  );

  return (
    <div>
      <div class="toolbar" role="group" aria-label={t('history.rangeLabel')}>
        {RANGE_PRESETS.map((name) => (
          <button
            key={name}
            type="button"
            aria-pressed={preset === name}
            onClick={() => setPreset(name)}
          >
            {t(`history.range.${name}`)}
          </button>
        ))}
      </div>
      {loaded.state === 'loading' ? (
        <p class="state" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : loaded.state === 'error' ? (
        <p class="error" role="alert">
          {errorText(t, loaded.error)}
        </p>
      ) : charts.length === 0 ? (
        <p class="state">{t('fleet.machine.noHistory')}</p>
      ) : (
        <div class="charts">
          {charts.map(({ spec, series }) => (
            <HistoryChart
              key={spec.metric}
              title={t(spec.titleKey)}
              series={series}
              from={loaded.range.from}
              to={loaded.range.to}
              gapMs={gapThresholdMs(loaded.result)}
              isPercent={spec.isPercent}
            />
          ))}
        </div>
      )}
    </div>
  );
}
