import { h } from '../dom/h.ts';
import { type DaySeries, daySeconds } from './day-series.ts';
import { loadUPlot, type UPlotInstance, type UPlotOptions } from './load-uplot.ts';

/** Distinct on white and for the common colour blindnesses (Okabe and Ito's palette). */
export const SERIES_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];
const HEIGHT = 220;
const HALF_DAY_S = 43_200;
const DAY_S = 86_400;
const DAY_INCREMENTS = [1, 2, 7, 14, 30, 91, 182, 365].map((d) => d * DAY_S);
const COUNT_INCREMENTS = [1, 2, 5]
  .flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6].map((p) => m * p))
  .sort((a, b) => a - b);
const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export interface TimeChartSpec {
  /** What the chart shows, for screen readers (the table beside it has the numbers). */
  label: string;
  data: DaySeries;
  /** `percent`: the y axis runs 0 to 100 %. */
  unit?: 'count' | 'percent';
  /** A click on a day of the chart: the list behind that point. */
  onPick?: (dayIndex: number) => void;
}

/**
 * A per-day line chart drawn by uPlot (loaded on first use). Only days with data are points, and
 * the chart follows its box's width, so it fits a phone as well as a desktop.
 */
export function timeChart(spec: TimeChartSpec): { el: HTMLElement; destroy(): void } {
  const el = h('div', {
    class: 'time-chart',
    role: 'img',
    'aria-label': spec.label,
    'data-points': spec.data.days.length,
  });
  let plot: UPlotInstance | undefined;
  let gone = false;
  const resize = new ResizeObserver(() => {
    if (plot && el.clientWidth > 0) plot.setSize({ width: el.clientWidth, height: HEIGHT });
  });
  const percent = spec.unit === 'percent';
  const opts = (): UPlotOptions => ({
    width: Math.max(el.clientWidth, 200),
    height: HEIGHT,
    scales: {
      // Half a day either side, so one day's point is not drawn on the axis.
      x: { time: true, range: (_u, min, max) => [min - HALF_DAY_S, max + HALF_DAY_S] },
      y: { range: (_u, _min, max) => [0, percent ? 100 : Math.max(1, Math.ceil(max * 1.15))] },
    },
    axes: [
      {
        // Whole days only: uPlot would otherwise tick hours across a range of two or three days.
        incrs: DAY_INCREMENTS,
        values: (_u, ticks) => ticks.map((t) => shortDay.format(new Date(t * 1000))),
      },
      {
        // Counts tick at whole numbers (no "0.5 sessions").
        incrs: percent ? [10, 20, 25, 50] : COUNT_INCREMENTS,
        values: (_u, ticks) => ticks.map((t) => (percent ? `${t}%` : t.toLocaleString())),
        size: 48,
      },
    ],
    series: [
      { label: 'Day', value: (_u, v) => (v == null ? '—' : new Date(v * 1000).toLocaleDateString()) },
      ...spec.data.series.map((s, i) => ({
        label: s.label,
        stroke: SERIES_COLOURS[i % SERIES_COLOURS.length],
        width: 2,
        points: { show: true, size: 7 },
        value: (_u: unknown, v: number | null) => (v == null ? '—' : percent ? `${v.toFixed(1)}%` : String(v)),
      })),
    ],
    cursor: { drag: { x: false, y: false } },
  });
  void loadUPlot().then((UPlot) => {
    if (gone) return;
    const data = [spec.data.days.map(daySeconds), ...spec.data.series.map((s) => s.values)];
    plot = new UPlot(opts(), data as [number[], ...number[][]], el);
    el.classList.add('drawn');
    resize.observe(el);
    const pick = spec.onPick;
    if (pick) {
      plot.over.classList.add('pickable');
      plot.over.addEventListener('click', () => {
        const i = plot?.cursor.idx;
        if (i !== null && i !== undefined) pick(i);
      });
    }
  });
  return {
    el,
    destroy() {
      gone = true;
      resize.disconnect();
      plot?.destroy();
    },
  };
}
