/**
 * Charts drawn by uPlot (a small, fast canvas charting library, bundled: no CDN): bars over
 * named categories, and lines over time. The figures under each chart are the same numbers as
 * text, so nothing is only in pixels.
 * @module
 */
import type { ReactElement, RefObject } from 'react';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

/** One series of a chart. */
export interface Series {
  label: string;
  values: Array<number | null>;
  color: string;
  /** For bars: the share of the slot this bar takes (nested bars: widest first). */
  size?: number;
}

interface BaseProps {
  title: string;
  series: Series[];
  /** The y axis' unit, e.g. `ms` or `events/s`. */
  unit: string;
  /** A logarithmic y axis (latencies spread over orders of magnitude). */
  log?: boolean;
  height?: number;
}

/** Bars over named categories (x is the category's index). */
export interface BarChartProps extends BaseProps {
  categories: string[];
}

/** Lines over time (x in seconds since the epoch, as uPlot wants). */
export interface TimeChartProps extends BaseProps {
  times: number[];
}

/** Axis text and grid: canvas cannot read CSS variables, so one grey that reads on light and dark. */
const AXIS = '#8a94a6';

function short(s: string, n = 22): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function useUplot(make: (width: number) => uPlot.Options, data: uPlot.AlignedData, deps: unknown[]): RefObject<HTMLDivElement | null> {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const plot = new uPlot(make(Math.max(el.clientWidth, 240)), data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 240), height: plot.height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, deps);
  return box;
}

function yAxis(unit: string): uPlot.Axis {
  return { label: unit, stroke: AXIS, grid: { stroke: 'rgba(128,128,128,0.15)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' }, size: 60 };
}

/** Bars per category; several series are drawn nested (the widest first), for percentiles. */
export function BarChart({ title, categories, series, unit, log, height = 240 }: BarChartProps): ReactElement {
  const data: uPlot.AlignedData = [categories.map((_, i) => i), ...series.map((s) => s.values.map((v) => (v === null ? null : log ? Math.max(v, 0.001) : v)))];
  const box = useUplot((width) => ({
    width,
    height,
    legend: { show: true, live: false },
    cursor: { show: false },
    padding: [8, 40, 0, 0],
    scales: {
      x: { time: false, range: [-0.5, Math.max(categories.length - 0.5, 0.5)] },
      y: log ? { distr: 3 } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      {
        stroke: AXIS,
        grid: { show: false },
        splits: () => categories.map((_, i) => i),
        values: (_u, splits) => splits.map((i) => short(categories[i] ?? '')),
        rotate: categories.length > 4 ? -30 : 0,
        size: categories.length > 4 ? 90 : 40,
      },
      yAxis(unit),
    ],
    series: [
      {},
      ...series.map((s) => ({
        label: s.label,
        stroke: s.color,
        fill: s.color,
        width: 0,
        paths: uPlot.paths.bars!({ size: [s.size ?? 0.7, 80] }),
        points: { show: false },
      })),
    ],
  }), data, [JSON.stringify(categories), JSON.stringify(series), unit, log, height]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {categories.length === 0 ? <p className="dim">no data</p> : <div ref={box} className="plot" />}
    </figure>
  );
}

/** Lines over time, e.g. events per second and errors per second. */
export function TimeChart({ title, times, series, unit, height = 220 }: TimeChartProps): ReactElement {
  const data: uPlot.AlignedData = [times, ...series.map((s) => s.values)];
  const box = useUplot((width) => ({
    width,
    height,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [{ stroke: AXIS, grid: { stroke: 'rgba(128,128,128,0.15)' } }, yAxis(unit)],
    series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, fill: s.color + '22', points: { show: false } }))],
  }), data, [JSON.stringify(times), JSON.stringify(series), unit, height]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {times.length === 0 ? <p className="dim">no data</p> : <div ref={box} className="plot" />}
    </figure>
  );
}
