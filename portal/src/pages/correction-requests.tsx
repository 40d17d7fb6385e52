/**
 * The school's side of "ask the school to correct this" (issue 18): learners' and guardians'
 * requests to correct a record, open ones first; the data officer opens the record, corrects it
 * through its draft → approval as any change, and answers — corrected or not, with a note the
 * requester reads in their inbox.
 */
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { type CorrectionField, whenAvailable } from '../api/family.ts';
import type { Me } from '../api/types.ts';
import { formatDay, t } from '../i18n/index.ts';
import { FormProblem, TextArea, useSubmit } from '../ui/form.tsx';
import { usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import type { MaybePage } from './learner-sections.tsx';

const STATES = ['open', 'done', 'rejected'] as const;
type State = (typeof STATES)[number];

interface CorrectionRequest {
  requestId: string;
  recordId: string;
  learnerName: string;
  schoolId: string;
  field: CorrectionField;
  message: string;
  state: State;
  relation: 'self' | 'guardian';
  requesterName: string;
  createdAt: string;
  resolvedAt?: string;
  note?: string;
}

export function CorrectionRequestsPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('corrections.title'));
  const [state, setState] = useState<State>('open');
  const [answered, setAnswered] = useState(0);
  const requests = usePaged<CorrectionRequest>(
    async (cursor, signal) =>
      (await whenAvailable<MaybePage<CorrectionRequest>>(
        `/org-units/${encodeURIComponent(id)}/correction-requests`,
        { query: { state, limit: 20, cursor }, signal },
      )) ?? { items: [], missing: true },
    [id, state, answered],
  );
  const missing = (requests.data as MaybePage<CorrectionRequest> | undefined)?.missing;
  return (
    <>
      <h1>{t('corrections.title')}</h1>
      <p class="lead">{t('corrections.intro')}</p>
      <fieldset class="tabs">
        <legend class="visually-hidden">{t('corrections.states')}</legend>
        {STATES.map((s) => (
          <button
            key={s}
            type="button"
            class="link-button"
            aria-pressed={s === state ? 'true' : 'false'}
            onClick={() => setState(s)}
          >
            {t(`corrections.tab.${s}`)}
          </button>
        ))}
      </fieldset>
      {missing ? (
        <p class="notice">{t('family.notYet')}</p>
      ) : (
        <PagedList state={requests} label={t('corrections.pages')}>
          {(items) => (
            <ul class="inbox" data-testid="correction-queue">
              {items.map((r) => (
                <Request key={r.requestId} request={r} onAnswered={() => setAnswered((n) => n + 1)} />
              ))}
            </ul>
          )}
        </PagedList>
      )}
    </>
  );
}

function Request({ request: r, onAnswered }: { request: CorrectionRequest; onAnswered: () => void }) {
  const [outcome, setOutcome] = useState<'done' | 'rejected'>('done');
  const { busy, problem, failure, onSubmit } = useSubmit(
    (form) =>
      api(`/correction-requests/${encodeURIComponent(r.requestId)}/resolve`, {
        method: 'POST',
        body: { outcome, note: String(new FormData(form).get('note') ?? '').trim() },
      }),
    onAnswered,
  );
  return (
    <li class={r.state === 'open' ? 'unread' : 'read'}>
      <h2 class="inbox-title">
        {r.learnerName} · {t(`correction.field.${r.field}`)}
      </h2>
      <p class="hint">
        {t(r.relation === 'self' ? 'corrections.byLearner' : 'corrections.byGuardian', {
          name: r.requesterName,
          date: formatDay(r.createdAt),
        })}
      </p>
      <blockquote class="essay">{r.message}</blockquote>
      <p>
        <a href={`/records/${encodeURIComponent(r.recordId)}`}>{t('corrections.openRecord')}</a>
      </p>
      {r.state === 'open' ? (
        <form class="stacked" onSubmit={onSubmit}>
          <fieldset class="choices">
            <legend>{t('corrections.outcome')}</legend>
            {(['done', 'rejected'] as const).map((o) => (
              <label key={o} class="choice">
                <input
                  type="radio"
                  name="outcome"
                  value={o}
                  checked={outcome === o}
                  onChange={() => setOutcome(o)}
                />
                {t(`corrections.outcome.${o}`)}
              </label>
            ))}
          </fieldset>
          <TextArea
            name="note"
            label={t('corrections.note')}
            hint={t('corrections.noteHint')}
            required
            maxLength={1000}
            rows={2}
            problem={problem}
          />
          <FormProblem problem={problem} failure={failure} fields={['note']} />
          <button type="submit" class="primary" disabled={busy}>
            {t('corrections.answer', { name: r.learnerName })}
          </button>
        </form>
      ) : (
        <p>
          <span class={`badge badge-${r.state === 'done' ? 'approved' : 'returned'}`}>
            {t(`correction.state.${r.state}`)}
          </span>{' '}
          {r.resolvedAt && formatDay(r.resolvedAt)}
          {r.note && (
            <>
              <br />
              {t('family.correction.answer', { note: r.note })}
            </>
          )}
        </p>
      )}
    </li>
  );
}
