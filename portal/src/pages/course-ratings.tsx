/**
 * Ratings of a module: the average and count, my rating (1–5 stars as radio buttons, a comment),
 * and the comments newest first. On the course home for its learners; on the Department's page
 * for moderators, who hide a comment with its reason (a button, never Enter, does it).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDay, formatNumber, t } from '../i18n/index.ts';
import { Field, FormProblem, TextArea } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';

interface Rating {
  ratingId: string;
  fullName: string;
  stars: number;
  comment?: string;
  hidden: boolean;
  updatedAt: string;
}
interface Ratings {
  count: number;
  average: number;
  mine?: Rating;
  items: Rating[];
}

const starsText = (n: number) => `${'★'.repeat(n)}${'☆'.repeat(5 - n)}`;

export function RatingsPanel({
  moduleId,
  canRate,
  moderator,
}: {
  moduleId: string;
  canRate: boolean;
  moderator?: boolean;
}) {
  const ratings = useAsync(
    (signal) =>
      api<Ratings>(`/course-modules/${encodeURIComponent(moduleId)}/ratings`, {
        query: { limit: 20 },
        signal,
      }),
    [moduleId],
  );
  if (ratings.error) return <ErrorPanel error={ratings.error} retry={ratings.reload} />;
  if (!ratings.data) return <Loading />;
  const r = ratings.data;
  return (
    <section class="panel" data-testid="ratings">
      <h2>{t('rating.title')}</h2>
      <p data-testid="rating-summary">
        {r.count
          ? t('rating.summary', { average: formatNumber(r.average), count: r.count })
          : t('rating.none')}
      </p>
      {canRate && (
        <RateForm
          key={r.mine?.updatedAt ?? 'new'}
          moduleId={moduleId}
          mine={r.mine}
          onDone={ratings.reload}
        />
      )}
      <ul class="review-list">
        {r.items.map((x) => (
          <li key={x.ratingId}>
            <p>
              <span aria-hidden="true">{starsText(x.stars)}</span>
              <span class="visually-hidden">{t('rating.starsOf', { n: x.stars })}</span>{' '}
              <strong>{x.fullName}</strong>
              {' · '}
              {formatDay(x.updatedAt)}
            </p>
            {x.hidden ? <p class="hint">{t('rating.hidden')}</p> : x.comment && <p>{x.comment}</p>}
            {moderator && !x.hidden && x.comment && (
              <HideWithReason
                path={`/module-ratings/${encodeURIComponent(x.ratingId)}/hide`}
                label={t('rating.hide')}
                confirm={t('rating.hideConfirm', { name: x.fullName })}
                onDone={ratings.reload}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RateForm({
  moduleId,
  mine,
  onDone,
}: {
  moduleId: string;
  mine: Rating | undefined;
  onDone: () => void;
}) {
  const [stars, setStars] = useState(mine?.stars ?? 0);
  const [comment, setComment] = useState(mine?.comment ?? '');
  const [problem, setProblem] = useState<ApiProblem>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const send = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    setFailure(undefined);
    if (!stars) {
      setProblem(
        new ApiProblem(400, t('rating.pickStars'), undefined, [
          { in: 'body', field: 'stars', message: t('rating.pickStars') },
        ]),
      );
      return;
    }
    setBusy(true);
    try {
      await api(`/me/courses/${encodeURIComponent(moduleId)}/rating`, {
        method: 'PUT',
        body: { stars, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      });
      onDone();
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) setProblem(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={send} noValidate data-testid="rate-form">
      <fieldset class={`category${problem?.fieldError('stars') ? ' invalid' : ''}`}>
        <legend>{mine ? t('rating.changeMine') : t('rating.rate')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} class="choice">
            <input type="radio" name="stars" value={n} checked={stars === n} onChange={() => setStars(n)} />{' '}
            {t('rating.starsOf', { n })}
          </label>
        ))}
        {problem?.fieldError('stars') && <p class="field-error">{problem.fieldError('stars')}</p>}
      </fieldset>
      <TextArea
        name="comment"
        label={t('rating.comment')}
        value={comment}
        maxLength={1000}
        onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
        problem={problem}
      />
      <button type="submit" class="primary" disabled={busy}>
        {t('rating.send')}
      </button>
      <FormProblem problem={problem} failure={failure} fields={['stars', 'comment']} />
    </form>
  );
}

/**
 * A moderator's hiding of a post (a rating's comment, a forum question or reply): the reason, then
 * the button — Enter in the reason hides nothing.
 */
export function HideWithReason({
  path,
  extra,
  confirm,
  label,
  onDone,
}: {
  /** The API's hide route. */
  path: string;
  /** What the route needs besides the reason (a reply's id). */
  extra?: Record<string, string>;
  confirm: string;
  label: string;
  onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const hide = async () => {
    setProblem(undefined);
    try {
      await api(path, { method: 'POST', body: { ...extra, reason } });
      onDone();
    } catch (error) {
      if (error instanceof ApiProblem) setProblem(error);
      else throw error;
    }
  };
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <div class="stacked" data-testid="hide-post">
      <Field
        name="reason"
        label={t('rating.hideReason')}
        value={reason}
        onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.preventDefault();
        }}
        problem={problem}
        required
      />
      <span class="actions">
        <button type="button" class="primary" onClick={() => void hide()}>
          {confirm}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('decision.cancel')}
        </button>
      </span>
      {problem && !problem.fieldError('reason') && (
        <p class="field-error">{problem.detail ?? problem.title}</p>
      )}
    </div>
  );
}

/**
 * A Department page about one module (its ratings, its forum): the page's title, the heading with
 * the module's code, its title, then the panel.
 */
export function ModulePage({
  id,
  title,
  heading,
  children,
}: {
  id: string;
  title: string;
  heading: (code: string) => string;
  children: ComponentChildren;
}) {
  usePageTitle(title);
  const module = useAsync(
    (signal) => api<{ code: string; title: string }>(`/course-modules/${encodeURIComponent(id)}`, { signal }),
    [id],
  );
  if (module.error) return <ErrorPanel error={module.error} retry={module.reload} />;
  if (!module.data) return <Loading />;
  return (
    <>
      <h1>{heading(module.data.code)}</h1>
      <p>{module.data.title}</p>
      {children}
    </>
  );
}

/** The Department's view of a module's ratings, to moderate the comments. */
export function ModuleRatingsPage({ id }: { me: Me; id: string }) {
  return (
    <ModulePage id={id} title={t('rating.title')} heading={(code) => t('rating.pageTitle', { code })}>
      <RatingsPanel moduleId={id} canRate={false} moderator />
    </ModulePage>
  );
}
