import { useCallback, useMemo, useState } from 'preact/hooks';
import type { HistoryQuery } from '../../ui/api-client.js';
import { gapThresholdMs } from '../../ui/chart-data.js';
import { HistoryChart } from '../../ui/history-chart.js';
import { useLanguage } from '../../ui/i18n.js';
import { RangeButtons } from '../../ui/range-buttons.js';
import { presetRange, RANGE_PRESETS } from '../../ui/ranges.js';
import type { RangePreset } from '../../ui/ranges.js';
import { useHistory } from '../../ui/use-history.js';
import type { FleetClient } from '../fleet-client.js';
import { MACHINE_CHARTS } from '../machine-charts.js';
import { ErrorAlert } from './error-alert.js';

interface MachineHistoryProps {
  client: FleetClient;
  machineId: string;
}

/** Processor, memory, disk and network of one machine over 1 h / 24 h / 7 d / 30 d. */
export function MachineHistory({ client, machineId }: MachineHistoryProps) {
  const { t } = useLanguage();
  const [preset, setPreset] = useState<RangePreset>('24h');
  // A new range (ending now) each time another preset is chosen.
  const range = useMemo(() => presetRange(preset, Date.now()), [preset]);
  const load = useCallback(
    (query: HistoryQuery) => client.history(machineId, query),
    [client, machineId],
  );
  const { loaded, charts } = useHistory(load, MACHINE_CHARTS, range);

  return (
    <div>
      <RangeButtons choices={RANGE_PRESETS} value={preset} onChoose={setPreset} />
      {loaded.state === 'loading' ? (
        <p class="state" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : loaded.state === 'error' ? (
        <ErrorAlert error={loaded.error} />
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
