import { useEffect, useRef } from 'preact/hooks';
import type { Chart } from 'chart.js';
import { cssColor, setupCharts } from './chart-setup.js';
import type { XY } from './chart-data.js';

interface SparklineProps {
  points: readonly XY[];
  /** Read by screen readers in place of the drawing. */
  label: string;
}

/** A tiny axis-less line of the last minutes, for a metric card. */
export function Sparkline({ points, label }: SparklineProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line', XY[]> | null>(null);

  useEffect(() => {
    const ChartClass = setupCharts();
    if (!canvas.current) return;
    const accent = cssColor('--accent', '#2563eb');
    chart.current = new ChartClass(canvas.current, {
      type: 'line',
      data: {
        datasets: [
          {
            data: [],
            borderColor: accent,
            backgroundColor: cssColor('--accent-soft', 'rgba(37,99,235,0.15)'),
            borderWidth: 1.5,
            pointRadius: 0,
            fill: 'origin',
            tension: 0.25,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        events: [],
        plugins: { tooltip: { enabled: false } },
        scales: {
          x: { type: 'time', display: false },
          y: { type: 'linear', display: false, beginAtZero: true },
        },
      },
    });
    return () => chart.current?.destroy();
  }, []);

  useEffect(() => {
    const current = chart.current;
    const dataset = current?.data.datasets[0];
    if (!current || !dataset) return;
    dataset.data = [...points];
    current.update('none');
  }, [points]);

  return (
    <div class="sparkline">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
