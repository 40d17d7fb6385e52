import type { ComponentChildren } from 'preact';
import { ApiProblem, NetworkError } from '../api/client.ts';
import { t } from '../i18n/index.ts';

export function Loading() {
  return (
    <p class="loading" role="status" aria-live="polite">
      {t('app.loading')}
    </p>
  );
}

export function Empty({ children }: { children?: ComponentChildren }) {
  return <p class="empty">{children ?? t('list.empty')}</p>;
}

/** A full-page or in-place message for 403 / 404 / failures; never raw internals. */
export function ErrorPanel({ error, retry }: { error: unknown; retry?: () => void }) {
  if (error instanceof ApiProblem && error.status === 403) return <Forbidden />;
  if (error instanceof ApiProblem && error.status === 404) return <NotFound detail={error.detail} />;
  const message =
    error instanceof NetworkError
      ? t('error.network')
      : error instanceof ApiProblem && error.status < 500
        ? (error.detail ?? error.title)
        : t('error.server', { status: error instanceof ApiProblem ? String(error.status) : '—' });
  return (
    <section class="panel error" role="alert">
      <h2>{t('error.title')}</h2>
      <p>{message}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t('auth.tryAgain')}
        </button>
      )}
    </section>
  );
}

export function Forbidden() {
  return (
    <section class="panel error" role="alert" data-testid="forbidden">
      <h1>{t('error.forbidden.title')}</h1>
      <p>{t('error.forbidden')}</p>
      <a href="/home">{t('error.backHome')}</a>
    </section>
  );
}

export function NotFound({ detail }: { detail?: string | undefined }) {
  return (
    <section class="panel" role="alert">
      <h1>{t('error.notFound.title')}</h1>
      <p>{detail ?? t('error.notFound')}</p>
      <a href="/">{t('error.backHome')}</a>
    </section>
  );
}

/** Progress of a long job: a real progressbar for screen readers, with its label. */
export function ProgressBar({ value, label, text }: { value: number; label: string; text?: string }) {
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div class="progress">
      <div
        class="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text ?? `${percent}%`}
      >
        <div class="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span class="progress-text">{text ?? `${percent}%`}</span>
    </div>
  );
}
