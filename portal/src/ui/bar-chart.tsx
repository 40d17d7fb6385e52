/**
 * A bar chart (chart.js, loaded only when a chart is on screen) with the same figures as a
 * table for screen readers and for copying.
 */
import { useEffect, useRef } from 'preact/hooks';
import { formatNumber, formatShare, lang } from '../i18n/index.ts';

/**
 * `percent`: values are shares (0…1), shown as percentages on a 0–100% axis; `targets` draws
 * each target as a dashed line across the bars (e.g. the city's 50% and 100%).
 */
export function BarChart({
  title,
  rows,
  percent = false,
  targets = [],
}: {
  title: string;
  rows: { label: string; value: number }[];
  percent?: boolean;
  targets?: { label: string; value: number }[];
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const language = lang();
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('chart.js').then(
      ({
        Chart,
        BarController,
        BarElement,
        CategoryScale,
        LinearScale,
        Tooltip,
        LineController,
        LineElement,
        PointElement,
      }) => {
        if (cancelled || !canvas.current) return;
        Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
        if (targets.length) Chart.register(LineController, LineElement, PointElement);
        const scale = percent ? 100 : 1;
        chart = new Chart(canvas.current, {
          type: 'bar',
          data: {
            labels: rows.map((r) => r.label),
            datasets: [
              { label: title, data: rows.map((r) => r.value * scale), backgroundColor: '#0b5394' },
              ...targets.map((target, i) => ({
                type: 'line' as const,
                label: target.label,
                data: rows.map(() => target.value * scale),
                borderColor: i ? '#38761d' : '#b45f06',
                borderDash: [6, 4],
                pointRadius: 0,
              })),
            ] as never,
          },
          options: {
            locale: language === 'vi' ? 'vi-VN' : 'en-GB',
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: { tooltip: { enabled: true } },
            scales: {
              y: percent
                ? { beginAtZero: true, max: 100, ticks: { callback: (v: number | string) => `${v}%` } }
                : { beginAtZero: true, ticks: { precision: 0 } },
            },
          },
        });
      },
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [rows, title, language, percent, targets]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <table class="visually-hidden">
        <caption>{title}</caption>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{percent ? formatShare(r.value) : formatNumber(r.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
