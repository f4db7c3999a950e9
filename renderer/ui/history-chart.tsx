import { useEffect, useRef } from 'preact/hooks';
import type { Chart } from 'chart.js';
import { formatDateTime } from '../../src/shared/format.js';
import { formatMetricValue } from '../../src/shared/format-metric.js';
import { cssColor, setupCharts } from './chart-setup.js';
import type { ChartSeries, XY } from './chart-data.js';
import { useLanguage } from './i18n.js';
import { DAY_MS } from '../../src/shared/time.js';

interface HistoryChartProps {
  title: string;
  series: ChartSeries;
  from: number;
  to: number;
  /** Gaps wider than this break the line; false joins everything. */
  gapMs: number | false;
  /** Percent charts get a fixed 0–100 axis. */
  isPercent: boolean;
}

/** The average as a line with the max as a lighter band filled down to it. */
export function HistoryChart({ title, series, from, to, gapMs, isPercent }: HistoryChartProps) {
  const { t, locale } = useLanguage();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line', XY[]> | null>(null);

  useEffect(() => {
    const ChartClass = setupCharts();
    if (!canvas.current) return;
    const accent = cssColor('--accent', '#2563eb');
    const band = cssColor('--accent-soft', 'rgba(37,99,235,0.18)');
    const text = cssColor('--muted', '#555');
    const grid = cssColor('--grid', 'rgba(128,128,128,0.2)');
    const format = (value: number): string => formatMetricValue(series.metric, value, locale);
    const spanMs = to - from;
    const tickFormat = new Intl.DateTimeFormat(
      locale,
      spanMs > 2 * DAY_MS
        ? { month: 'short', day: 'numeric' }
        : { hour: '2-digit', minute: '2-digit' },
    );
    chart.current = new ChartClass(canvas.current, {
      type: 'line',
      data: {
        datasets: [
          {
            label: t('history.maximum'),
            data: series.maximum,
            borderColor: 'transparent',
            backgroundColor: band,
            pointRadius: 0,
            fill: '+1',
            spanGaps: gapMs,
          },
          {
            label: t('history.average'),
            data: series.average,
            borderColor: accent,
            backgroundColor: accent,
            borderWidth: 1.5,
            // A line needs two points: until the history has them, show the points themselves.
            pointRadius: series.average.length < 3 ? 3 : 0,
            pointHitRadius: 6,
            fill: false,
            spanGaps: gapMs,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          tooltip: {
            callbacks: {
              title: (items) => {
                const x = items[0]?.parsed.x;
                return typeof x === 'number' ? formatDateTime(x, locale) : '';
              },
              label: (item) => `${item.dataset.label ?? ''}: ${format(item.parsed.y ?? 0)}`,
            },
          },
        },
        scales: {
          x: {
            type: 'time',
            min: from,
            max: to,
            grid: { color: grid },
            ticks: {
              color: text,
              maxRotation: 0,
              autoSkip: true,
              callback: (value) => tickFormat.format(Number(value)),
            },
          },
          y: {
            type: 'linear',
            beginAtZero: true,
            ...(isPercent ? { max: 100 } : {}),
            grid: { color: grid },
            ticks: { color: text, callback: (value) => format(Number(value)) },
          },
        },
      },
    });
    return () => chart.current?.destroy();
  }, [series, from, to, gapMs, isPercent, locale, t]);

  const label = t('history.chartLabel', {
    metric: title,
    from: formatDateTime(from, locale),
    to: formatDateTime(to, locale),
  });
  return (
    <figure class="chart">
      <figcaption class="chart-title">{title}</figcaption>
      <div class="chart-canvas">
        <canvas
          ref={canvas}
          role="img"
          aria-label={label}
          data-metric={series.metric}
          data-points={series.average.length}
        />
      </div>
    </figure>
  );
}
