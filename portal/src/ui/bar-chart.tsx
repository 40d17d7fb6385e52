/**
 * A bar chart (chart.js, loaded only when a chart is on screen) with the same figures as a
 * table for screen readers and for copying.
 */
import { useEffect, useRef } from 'preact/hooks';
import { formatNumber, lang } from '../i18n/index.ts';

export function BarChart({ title, rows }: { title: string; rows: { label: string; value: number }[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const language = lang();
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('chart.js').then(
      ({ Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip }) => {
        if (cancelled || !canvas.current) return;
        Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
        chart = new Chart(canvas.current, {
          type: 'bar',
          data: {
            labels: rows.map((r) => r.label),
            datasets: [{ label: title, data: rows.map((r) => r.value), backgroundColor: '#0b5394' }],
          },
          options: {
            locale: language === 'vi' ? 'vi-VN' : 'en-GB',
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: { tooltip: { enabled: true } },
            scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          },
        });
      },
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [rows, title, language]);
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
              <td>{formatNumber(r.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
