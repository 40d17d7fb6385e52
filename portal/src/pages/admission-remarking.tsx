/**
 * Re-marking (phúc khảo) of grade-10 papers. The family sees the child's scores once announced and,
 * while the window is open, asks once for papers to be marked again; the Department sets when the
 * scores are announced and when requests end, and enters each marking board's result — the score
 * the allocation then uses. The family reads the result (before and after) on the application.
 */
import { useRef, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { formatDayTime, formatNumber, t } from '../i18n/index.ts';
import { AskFirst } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, TextArea, useSubmit } from '../ui/form.tsx';
import { usePaged } from '../ui/hooks.ts';
import { PagedList } from '../ui/paged.tsx';
import { type Application, type Campaign, toLocalInput } from './admissions.tsx';

/** A score in hundredths as read: "7,75"; absent: "Vắng". */
const scoreText = (score: number | 'absent') =>
  score === 'absent' ? t('admissions.absent') : formatNumber(score / 100);

/** "7,25" or "7.25" typed → hundredths; anything else is sent as is for the API to name. */
const hundredthsOf = (typed: string | undefined) => {
  const value = Number((typed ?? '').replace(',', '.'));
  return Number.isFinite(value) && typed ? Math.round(value * 100) : Number.NaN;
};

interface RemarkPaper {
  code: string;
  name: string;
  score: number;
  after?: number;
}

function RemarkResults({ papers }: { papers: RemarkPaper[] }) {
  return (
    <ul data-testid="remark-results">
      {papers.map((p) => (
        <li key={p.code}>
          {p.after === undefined
            ? t('admissions.remarkPaperWaiting', { paper: p.name, score: scoreText(p.score) })
            : t('admissions.remarkPaperResult', {
                paper: p.name,
                before: scoreText(p.score),
                after: scoreText(p.after),
              })}
        </li>
      ))}
    </ul>
  );
}

/** The guardian's part: the child's scores, the request and its result. */
export function FamilyScores({
  a,
  campaign,
  onChange,
}: {
  a: Application;
  campaign: Campaign | undefined;
  onChange: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const askForm = useRef<HTMLFormElement>(null);
  const ask = useSubmit(
    (form) => {
      const v = formValues(form);
      return api<Application>(`/me/admission-applications/${a.applicationId}/remarking`, {
        method: 'POST',
        body: {
          expectedVersion: a.version,
          papers: new FormData(form).getAll('papers').map(String),
          ...(v.reason ? { reason: v.reason } : {}),
        },
      });
    },
    () => {
      setAsking(false);
      onChange();
    },
  );
  if (!a.papers && !a.remark) return null;
  const until = campaign?.timetable.remarkUntil;
  const paperError = ask.problem?.fieldError('papers');
  return (
    <section class="panel" data-testid="family-scores">
      <h4>{t('admissions.scores')}</h4>
      {a.papers && (
        <table class="scores">
          <tbody>
            {a.papers.map((p) => (
              <tr key={p.code}>
                <th scope="row">{p.name}</th>
                <td>{scoreText(p.score)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {a.remark?.state === 'requested' && (
        <div class="notice" role="status">
          <p>{t('admissions.remarkRequested', { at: formatDayTime(a.remark.requestedAt) })}</p>
          <RemarkResults papers={a.remark.papers} />
        </div>
      )}
      {a.remark?.state === 'decided' && (
        <div class="notice ok" role="status">
          <p>{t('admissions.remarkDecided', { at: formatDayTime(a.remark.decidedAt ?? '') })}</p>
          <RemarkResults papers={a.remark.papers} />
          {a.remark.note && <p>{t('admissions.remarkNote', { note: a.remark.note })}</p>}
        </div>
      )}
      {a.mayRequestRemark && !asking && (
        <p>
          <button type="button" onClick={() => setAsking(true)} data-testid="ask-remark">
            {t('admissions.askRemark')}
          </button>{' '}
          {until && <small>{t('admissions.remarkUntil', { until: formatDayTime(until) })}</small>}
        </p>
      )}
      {asking && (
        <form
          class="stacked"
          ref={askForm}
          onSubmit={(event) => event.preventDefault()}
          data-testid="remark-form"
        >
          <fieldset class={`field${paperError ? ' invalid' : ''}`}>
            <legend>{t('admissions.remarkPapers')}</legend>
            {(a.papers ?? [])
              .filter((p) => typeof p.score === 'number')
              .map((p) => (
                <label class="choice" key={p.code}>
                  <input type="checkbox" name="papers" value={p.code} /> {p.name} ({scoreText(p.score)})
                </label>
              ))}
            {paperError && (
              <p class="field-error" role="alert">
                {paperError}
              </p>
            )}
          </fieldset>
          <TextArea
            name="reason"
            label={t('admissions.remarkReason')}
            rows={2}
            maxLength={500}
            problem={ask.problem}
          />
          <p class="hint">{t('admissions.remarkOnce')}</p>
          <FormProblem problem={ask.problem} failure={ask.failure} fields={['papers', 'reason']} />
          <div class="actions">
            <AskFirst
              form={askForm}
              label={t('admissions.sendRemark')}
              question={t('admissions.sendRemarkQuestion', { name: a.child.fullName })}
              confirm={t('admissions.sendRemark')}
              busy={ask.busy}
              send={ask.onSubmit}
            />
            <button type="button" onClick={() => setAsking(false)}>
              {t('admissions.cancelEdit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

interface Remark {
  applicationId: string;
  candidateNumber: string;
  childName: string;
  schoolName: string;
  state: 'requested' | 'decided';
  requestedAt: string;
  reason?: string;
  papers: RemarkPaper[];
  note?: string;
  decidedAt?: string;
  decidedByName?: string;
  version: number;
}

/** The Department's part: when scores are announced and requests end, then each request's result. */
export function Remarking({ campaign: c, onChange }: { campaign: Campaign; onChange: () => void }) {
  const [changed, setChanged] = useState(0);
  const [state, setState] = useState<'requested' | 'decided'>('requested');
  const list = usePaged<Remark>(
    (cursor, signal) =>
      api(
        `/admission-campaigns/${c.campaignId}/remarking?state=${state}&limit=20${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        }`,
        { signal },
      ),
    [c.campaignId, state, changed],
  );
  const times = useSubmit((form) => {
    const v = formValues(form);
    const toInstant = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);
    const scoresFrom = toInstant(v['timetable.scoresFrom']);
    const remarkUntil = toInstant(v['timetable.remarkUntil']);
    return api(`/admission-campaigns/${c.campaignId}`, {
      method: 'PUT',
      body: {
        expectedVersion: c.version,
        name: c.name,
        timetable: {
          ...c.timetable,
          ...(scoresFrom ? { scoresFrom } : {}),
          ...(remarkUntil ? { remarkUntil } : {}),
        },
      },
    });
  }, onChange);
  const { scoresFrom, remarkUntil } = c.timetable;
  return (
    <section aria-labelledby="remarking" data-testid="remarking">
      <h2 id="remarking">{t('admissions.remarking')}</h2>
      {!c.adoptedRunId && c.phase === 'closed' && (
        <form class="stacked panel" onSubmit={times.onSubmit} data-testid="remark-times">
          <p>
            {scoresFrom && remarkUntil
              ? t('admissions.remarkTimesSet', {
                  from: formatDayTime(scoresFrom),
                  until: formatDayTime(remarkUntil),
                })
              : t('admissions.remarkTimesNeeded')}
          </p>
          <Field
            name="timetable.scoresFrom"
            label={t('admissions.scoresFrom')}
            hint={t('admissions.scoresFromHint')}
            type="datetime-local"
            required
            defaultValue={toLocalInput(scoresFrom)}
            problem={times.problem}
          />
          <Field
            name="timetable.remarkUntil"
            label={t('admissions.remarkUntilLabel')}
            type="datetime-local"
            required
            defaultValue={toLocalInput(remarkUntil)}
            problem={times.problem}
          />
          <FormProblem
            problem={times.problem}
            failure={times.failure}
            fields={['timetable.scoresFrom', 'timetable.remarkUntil']}
          />
          <button type="submit" disabled={times.busy}>
            {t('admissions.saveRemarkTimes')}
          </button>
        </form>
      )}
      <div class="actions">
        {(['requested', 'decided'] as const).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={state === s ? 'true' : 'false'}
            class={state === s ? 'primary' : undefined}
            onClick={() => setState(s)}
          >
            {t(`admissions.remarkList.${s}`)}
          </button>
        ))}
      </div>
      <PagedList state={list} label={t('admissions.remarking')} empty={t(`admissions.remarkNone.${state}`)}>
        {(items) => (
          <ul class="cards">
            {items.map((r) => (
              <li key={r.applicationId} class="card" data-testid="remark-request">
                <h3>
                  {r.candidateNumber && `${r.candidateNumber} — `}
                  {r.childName} <small>({r.schoolName})</small>
                </h3>
                <p>
                  {t('admissions.remarkAskedAt', { at: formatDayTime(r.requestedAt) })}
                  {r.reason ? `: “${r.reason}”` : ''}
                </p>
                {r.state === 'decided' ? (
                  <>
                    <RemarkResults papers={r.papers} />
                    <p>
                      <small>
                        {t('admissions.remarkDecidedBy', {
                          at: formatDayTime(r.decidedAt ?? ''),
                          by: r.decidedByName ?? '',
                        })}
                        {r.note ? ` — ${r.note}` : ''}
                      </small>
                    </p>
                  </>
                ) : (
                  <RemarkResultForm remark={r} onDone={() => setChanged((n) => n + 1)} />
                )}
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </section>
  );
}

/** The board's result of one request: each asked paper's score after re-marking. */
function RemarkResultForm({ remark: r, onDone }: { remark: Remark; onDone: () => void }) {
  const form = useRef<HTMLFormElement>(null);
  const save = useSubmit((form) => {
    const v = formValues(form);
    return api(`/admission-applications/${r.applicationId}/remarking/result`, {
      method: 'POST',
      body: {
        expectedVersion: r.version,
        scores: Object.fromEntries(r.papers.map((p) => [p.code, hundredthsOf(v[`scores.${p.code}`])])),
        ...(v.note ? { note: v.note } : {}),
      },
    });
  }, onDone);
  return (
    <form
      class="stacked"
      ref={form}
      onSubmit={(event) => event.preventDefault()}
      data-testid="remark-result-form"
    >
      {r.papers.map((p) => (
        <Field
          key={p.code}
          name={`scores.${p.code}`}
          label={t('admissions.remarkScoreLabel', { paper: p.name, score: scoreText(p.score) })}
          inputMode="decimal"
          required
          problem={save.problem}
        />
      ))}
      <Field name="note" label={t('admissions.remarkNoteLabel')} maxLength={1000} problem={save.problem} />
      <FormProblem
        problem={save.problem}
        failure={save.failure}
        fields={[...r.papers.map((p) => `scores.${p.code}`), 'note']}
      />
      <AskFirst
        form={form}
        label={t('admissions.saveRemarkResult')}
        question={t('admissions.saveRemarkQuestion', { name: r.childName })}
        confirm={t('admissions.saveRemarkResult')}
        busy={save.busy}
        send={save.onSubmit}
      />
    </form>
  );
}
