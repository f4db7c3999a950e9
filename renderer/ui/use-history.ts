import { useEffect, useMemo, useState } from 'preact/hooks';
import type { HistoryResult } from '../../src/shared/history.js';
import type { ApiError, HistoryQuery, Result } from './api-client.js';
import { toChartSeries } from './chart-data.js';
import type { ChartSeries } from './chart-data.js';
import { maxPointsFor } from './ranges.js';
import type { TimeRange } from './ranges.js';

export type LoadedHistory =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError }
  | { state: 'ready'; result: HistoryResult; range: TimeRange };

export interface HistoryView<S> {
  loaded: LoadedHistory;
  /** One chart per spec that has points in the loaded history, in the specs' order. */
  charts: { spec: S; series: ChartSeries }[];
}

/**
 * The history behind a page's charts: asked again whenever `load`, `specs` or `range` change
 * (keep `load` stable with useCallback), with answers to an earlier question dropped.
 */
export function useHistory<S extends { metric: string }>(
  load: (query: HistoryQuery) => Promise<Result<HistoryResult>>,
  specs: readonly S[],
  range: TimeRange,
): HistoryView<S> {
  const [loaded, setLoaded] = useState<LoadedHistory>({ state: 'loading' });

  useEffect(() => {
    let isCurrent = true;
    setLoaded({ state: 'loading' });
    void load({
      metrics: specs.map((spec) => spec.metric),
      from: range.from,
      to: range.to,
      maxPoints: maxPointsFor(window.innerWidth),
    }).then((result) => {
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
  }, [load, specs, range]);

  const charts = useMemo(
    () =>
      loaded.state === 'ready'
        ? specs
            .map((spec) => ({ spec, series: toChartSeries(loaded.result, spec.metric) }))
            .filter(({ series }) => series.average.length > 0)
        : [],
    [loaded, specs],
  );
  return { loaded, charts };
}
