/**
 * What the exam load test prints and writes: latency percentiles per step and per 10-second
 * window, a self-contained HTML chart (requests/s and p95 over time, chart.js inlined), and the
 * capacity units per step beside the theoretical minimum for the same data.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

export interface Sample {
  step: string;
  /** When the answer came, in ms since the exam began. */
  at: number;
  ms: number;
  ok: boolean;
}

export interface Window {
  from: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

export function windows(samples: Sample[], widthMs = 10_000): Window[] {
  if (samples.length === 0) return [];
  const last = Math.max(...samples.map((s) => s.at));
  const out: Window[] = [];
  for (let from = 0; from <= last; from += widthMs) {
    const inside = samples.filter((s) => s.at >= from && s.at < from + widthMs);
    const span = Math.min(widthMs, last - from) || widthMs;
    const ms = inside.map((s) => s.ms);
    out.push({
      from: from / 1000,
      requests: inside.length,
      perSecond: inside.length / (span / 1000),
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      p99: percentile(ms, 99),
      errors: inside.filter((s) => !s.ok).length,
    });
  }
  return out;
}

/** A self-contained page: chart.js is inlined, so the file opens anywhere without a network. */
export function chartPage(title: string, subtitle: string, series: Window[]): string {
  // chart.js exports no path to its browser build: it sits beside the package's main file.
  const main = createRequire(import.meta.url).resolve('chart.js');
  const chartJs = readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
  const data = {
    labels: series.map((w) => `${w.from.toFixed(0)} s`),
    rps: series.map((w) => Math.round(w.perSecond)),
    p95: series.map((w) => Math.round(w.p95)),
    p50: series.map((w) => Math.round(w.p50)),
  };
  const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}</style>
</head><body>
<h1>${html(title)}</h1><p>${html(subtitle)}</p>
<canvas id="chart" height="120"></canvas>
<script>${chartJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>
const d = ${JSON.stringify(data)};
new Chart(document.getElementById('chart'), {
  data: {
    labels: d.labels,
    datasets: [
      { type: 'bar', label: 'requests/s', data: d.rps, yAxisID: 'rps', backgroundColor: 'rgba(54,162,235,0.5)' },
      { type: 'line', label: 'p95 ms', data: d.p95, yAxisID: 'ms', borderColor: 'rgb(220,53,69)' },
      { type: 'line', label: 'p50 ms', data: d.p50, yAxisID: 'ms', borderColor: 'rgb(255,159,64)' },
    ],
  },
  options: {
    animation: false,
    scales: {
      rps: { position: 'left', title: { display: true, text: 'requests/s' }, beginAtZero: true },
      ms: { position: 'right', title: { display: true, text: 'latency (ms)' }, beginAtZero: true, grid: { drawOnChartArea: false } },
    },
  },
});
</script>
</body></html>
`;
}

/** Units of one step: what DynamoDB reported, and the least the same data could cost. */
export interface StepUnits {
  /** Operations of the step (starts, autosaves, graded attempts…). */
  calls: number;
  rru: number;
  wru: number;
  minRru: number;
  minWru: number;
}

export const emptyUnits = (): StepUnits => ({ calls: 0, rru: 0, wru: 0, minRru: 0, minWru: 0 });

/** 1 WRU per KB started; ½ RRU per 4 KB started (eventually consistent), 1 strongly consistent. */
export const minWriteUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
export const minReadUnits = (bytes: number, consistent = false) =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

export const utf8Bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

const ratio = (measured: number, min: number) =>
  min === 0 ? (measured === 0 ? '—' : '∞') : `${(measured / min).toFixed(1)}×`;

export function unitsTable(steps: Record<string, StepUnits>): string[] {
  const lines = [
    `  ${'step'.padEnd(14)}${'ops'.padStart(8)}   ${'RRU/op'.padStart(7)} ${'min'.padStart(6)} ${'ratio'.padStart(6)}   ${'WRU/op'.padStart(7)} ${'min'.padStart(6)} ${'ratio'.padStart(6)}`,
  ];
  for (const [step, u] of Object.entries(steps)) {
    const per = (n: number) => (u.calls ? n / u.calls : 0);
    lines.push(
      `  ${step.padEnd(14)}${u.calls.toLocaleString('en').padStart(8)}   ${per(u.rru).toFixed(2).padStart(7)} ${per(u.minRru).toFixed(2).padStart(6)} ${ratio(u.rru, u.minRru).padStart(6)}   ${per(u.wru).toFixed(2).padStart(7)} ${per(u.minWru).toFixed(2).padStart(6)} ${ratio(u.wru, u.minWru).padStart(6)}`,
    );
  }
  return lines;
}

/** The shape docs/capacity.md's generator reads (agreed with the capacity plan): per-op means. */
export function unitsJson(
  meta: { candidates: number; questions: number; answerBytes: number },
  steps: Record<string, StepUnits>,
  otherSteps: Record<string, StepUnits>,
) {
  const perOp = (u: StepUnits) => {
    const per = (n: number) => (u.calls ? Math.round((n / u.calls) * 1000) / 1000 : 0);
    return { calls: u.calls, rru: per(u.rru), wru: per(u.wru), minRru: per(u.minRru), minWru: per(u.minWru) };
  };
  return {
    source: 'measured' as const,
    measuredAt: new Date().toISOString(),
    ...meta,
    steps: Object.fromEntries(Object.entries(steps).map(([k, u]) => [k, perOp(u)])),
    otherSteps: Object.fromEntries(Object.entries(otherSteps).map(([k, u]) => [k, perOp(u)])),
  };
}
