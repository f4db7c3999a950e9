import {
  Chart,
  Filler,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  TimeScale,
  Tooltip,
} from 'chart.js';
import 'chartjs-adapter-date-fns';

let isRegistered = false;

/** Registers only what our line charts use, so the rest of chart.js stays out of the bundle. */
export function setupCharts(): typeof Chart {
  if (!isRegistered) {
    Chart.register(
      LineController,
      LineElement,
      PointElement,
      LinearScale,
      TimeScale,
      Filler,
      Tooltip,
    );
    isRegistered = true;
  }
  return Chart;
}

/** Reads a CSS custom property of the page, so charts follow the light or dark theme. */
export function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}
