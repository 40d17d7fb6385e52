/**
 * A stacked bar chart (chart.js, loaded only when a chart is on screen, as bar-chart.tsx): one
 * horizontal bar a row, split into its series — each bar as shares of its row's whole (units of
 * different sizes compare), the counts in the tooltip, the series named in a list under it — with
 * the same figures as a table for screen readers and for copying.
 */
import { useEffect, useRef } from 'preact/hooks';
import { formatNumber, formatShare, lang } from '../i18n/index.ts';

export interface StackedRow {
  label: string;
  /** One count a series, in the series' order. */
  values: number[];
}

export function StackedBarChart({
  title,
  series,
  rows,
  testId,
}: {
  title: string;
  series: { label: string; colour: string }[];
  rows: StackedRow[];
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const language = lang();
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('chart.js').then(
      ({ Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip }) => {
        if (cancelled || !canvas.current) return;
        Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
        const sums = rows.map((r) => r.values.reduce((a, b) => a + b, 0));
        chart = new Chart(canvas.current, {
          type: 'bar',
          data: {
            labels: rows.map((r) => r.label),
            datasets: series.map((s, i) => ({
              label: s.label,
              data: rows.map((r, n) => (sums[n] ? (100 * (r.values[i] ?? 0)) / sums[n]! : 0)),
              backgroundColor: s.colour,
            })),
          },
          options: {
            indexAxis: 'y',
            locale: language === 'vi' ? 'vi-VN' : 'en-GB',
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: {
              // The legend is the list under the canvas (text, not a drawing), and registering
              // chart.js's own would add one to every other chart of the page.
              legend: { display: false },
              tooltip: {
                callbacks: {
                  label: (item) => {
                    const count = rows[item.dataIndex]?.values[item.datasetIndex] ?? 0;
                    const share = (item.raw as number) / 100;
                    return `${series[item.datasetIndex]?.label}: ${formatNumber(count)} (${formatShare(share)})`;
                  },
                },
              },
            },
            scales: {
              x: { stacked: true, min: 0, max: 100, ticks: { callback: (v: number | string) => `${v}%` } },
              y: { stacked: true },
            },
          },
        });
      },
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [rows, series, title, language]);
  // A bar a row, and room for the axis.
  const height = `${Math.max(7, rows.length * 2.2 + 3)}rem`;
  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div class="chart-canvas" style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <ul class="chart-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.label}>
            <span class="swatch" style={{ background: s.colour }} />
            {s.label}
          </li>
        ))}
      </ul>
      <table class="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <td />
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {r.values.map((v, i) => (
                <td key={series[i]?.label ?? i}>{formatNumber(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
