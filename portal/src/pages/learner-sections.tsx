/**
 * The sections of a learner's page, for the learner and their guardians: exams and results, the
 * library (loans with late ones flagged, holds), learning resources of the grade, and the official
 * profile with "ask the school to correct" and the school's answers. Each reads its own route; a
 * route the API does not offer (yet) shows a plain sentence, not an error.
 */
import { type ComponentChildren, Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { CURRICULUM_SUBJECTS } from '../../../functions/repository/domain/curriculum.ts';
import { ApiProblem } from '../api/client.ts';
import {
  CORRECTION_FIELDS,
  type CorrectionField,
  type LearnerCorrection,
  type LearnerExam,
  type LearnerHold,
  type LearnerLibrary,
  type LearnerLoan,
  type LearnerResource,
  type LearnerView,
  whenAvailable,
} from '../api/family.ts';
import { formatDay, formatDayTime, t, tenPointScore } from '../i18n/index.ts';
import { FormProblem, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { type AsyncState, type PagedState, usePaged } from '../ui/hooks.ts';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { type FieldSpec, fieldLabel, fieldsOf, showValue, valueAt } from './edu-fields.ts';

/** A page of a list route, or `missing` when the API has no such route. */
export type MaybePage<T> = { items: T[]; nextCursor?: string; missing?: true };

export const isOverdue = (loan: LearnerLoan) => loan.overdue;

/** An exam still to take: not started and not yet closed. */
export const upcoming = (exam: LearnerExam) =>
  exam.state === 'not-started' && exam.closesAt > new Date().toISOString();

type SectionState<T> = Pick<AsyncState<T | undefined>, 'data' | 'error' | 'loading' | 'reload'>;

/** A section whose route may not exist yet: loading, failure, "not offered yet", or its content. */
function Section<T>({
  id,
  title,
  state,
  children,
}: {
  id: string;
  title: string;
  state: SectionState<T>;
  children: (data: T) => ComponentChildren;
}) {
  return (
    <section class="panel" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {state.error ? (
        state.error instanceof ApiProblem && state.error.status === 403 ? (
          <p>{t('family.notAllowed')}</p>
        ) : (
          <ErrorPanel error={state.error} retry={state.reload} />
        )
      ) : state.data !== undefined ? (
        children(state.data)
      ) : state.loading ? (
        <Loading />
      ) : (
        <p class="empty" data-testid={`${id}-unavailable`}>
          {t('family.notYet')}
        </p>
      )}
    </section>
  );
}

/** A paged list's state as a section's: "not offered" when the route is missing. */
const sectionOf = <T,>(state: PagedState<T>): SectionState<MaybePage<T>> => {
  const page = state.data as MaybePage<T> | undefined;
  return { ...state, data: page?.missing ? undefined : page };
};

function Pager({ state, label }: { state: PagedState<unknown>; label: string }) {
  if (!state.next && !state.first) return null;
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" onClick={state.first} disabled={!state.first}>
        {t('list.first')}
      </button>
      <span aria-live="polite">{t('list.page', { n: state.pageNumber })}</span>
      <button type="button" onClick={state.next} disabled={!state.next}>
        {t('list.more')}
      </button>
    </nav>
  );
}

function examLine(e: LearnerExam): string {
  if (e.result)
    return t('family.exam.result', {
      ...tenPointScore(e.result.points, e.result.maxPoints),
      outcome: e.result.passed ? t('family.exam.passed') : t('family.exam.failed'),
    });
  if (e.state === 'graded')
    return t(e.awaiting === 'marking' ? 'family.exam.marking' : 'family.exam.release');
  if (e.state === 'submitted') return t('family.exam.submitted');
  if (e.state === 'in-progress') return t('family.exam.inProgress');
  return e.closesAt < new Date().toISOString()
    ? t('family.exam.missed')
    : t('family.exam.window', {
        from: formatDayTime(e.opensAt),
        to: formatDayTime(e.closesAt),
        minutes: e.durationMinutes,
      });
}

export function ExamsSection({ state, self }: { state: PagedState<LearnerExam>; self: boolean }) {
  return (
    <Section id="learner-exams" title={t('family.exams')} state={sectionOf(state)}>
      {({ items }) => (
        <>
          {items.length === 0 ? (
            <p class="empty">{t('family.exams.none')}</p>
          ) : (
            <ul class="items" data-testid="learner-exam-list">
              {items.map((e) => (
                <li key={e.sessionId} class={e.result && !e.result.passed ? 'late' : undefined}>
                  <strong>{e.title}</strong>
                  <br />
                  {examLine(e)}
                </li>
              ))}
            </ul>
          )}
          <Pager state={state} label={t('family.exams.pages')} />
          {self && items.some(upcoming) && (
            <p>
              <a href="/exams">{t('family.exams.room')}</a>
            </p>
          )}
        </>
      )}
    </Section>
  );
}

const holdText = (h: LearnerHold) =>
  h.status === 'ready'
    ? h.readyUntil
      ? t('family.hold.ready', { date: formatDay(h.readyUntil) })
      : t('family.hold.readyNoDate')
    : t('family.hold.waiting', { date: formatDay(h.placedAt) });

export function LibrarySection({ state }: { state: AsyncState<LearnerLibrary | undefined> }) {
  return (
    <Section id="learner-library" title={t('family.library')} state={state}>
      {({ loans, holds }) => {
        // The school is named only when the books come from more than one (an inter-school loan).
        const schools = new Set([...loans, ...holds].map((x) => x.schoolId)).size > 1;
        const where = (x: { schoolName: string }) => (schools ? ` · ${x.schoolName}` : '');
        return (
          <>
            <h3>{t('family.loans')}</h3>
            {loans.length === 0 ? (
              <p class="empty">{t('family.loans.none')}</p>
            ) : (
              <ul class="items" data-testid="learner-loans">
                {loans.map((loan) => (
                  <li key={loan.loanId} class={loan.overdue ? 'late' : undefined}>
                    <strong>{loan.title}</strong>
                    <br />
                    {t('family.loan.due', { date: formatDay(loan.dueOn) })}
                    {where(loan)}{' '}
                    {loan.overdue && <span class="badge badge-returned">{t('family.loan.overdue')}</span>}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('family.holds')}</h3>
            {holds.length === 0 ? (
              <p class="empty">{t('family.holds.none')}</p>
            ) : (
              <ul class="items" data-testid="learner-holds">
                {holds.map((h) => (
                  <li key={h.holdId}>
                    <strong>{h.title}</strong>
                    <br />
                    {holdText(h)}
                    {where(h)}
                  </li>
                ))}
              </ul>
            )}
            <p>
              <a href="/library">{t('nav.librarySearch')}</a>
            </p>
          </>
        );
      }}
    </Section>
  );
}

export function ResourcesSection({ recordId, grade }: { recordId: string; grade: number }) {
  const id = encodeURIComponent(recordId);
  const [subject, setSubject] = useState('');
  const state = usePaged<LearnerResource>(
    async (cursor, signal) =>
      (await whenAvailable<MaybePage<LearnerResource>>(`/learners/${id}/resources`, {
        query: { limit: 10, cursor, subject: subject || undefined },
        signal,
      })) ?? { items: [], missing: true },
    [id, subject],
  );
  const subjects = CURRICULUM_SUBJECTS.filter((s) => s.grades.includes(grade));
  return (
    <Section id="learner-resources" title={t('family.resources', { grade })} state={sectionOf(state)}>
      {({ items }) => (
        <>
          {subjects.length > 0 && (
            <Select
              name="subject"
              label={t('family.resources.subject')}
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              options={[
                { value: '', label: t('family.resources.allSubjects') },
                ...subjects.map((s) => ({ value: s.code, label: s.name })),
              ]}
            />
          )}
          {items.length === 0 ? (
            <p class="empty">{t('family.resources.none')}</p>
          ) : (
            <ul class="items">
              {items.map((r) => (
                <li key={r.resourceId}>
                  <a href={`/library/resources/${encodeURIComponent(r.resourceId)}`}>{r.title}</a>
                  <br />
                  <span class="hint">
                    {[r.subjectName, t(`lib.type.${r.kind}` as never), r.creators.join(', ')]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <Pager state={state} label={t('family.resources.pages')} />
        </>
      )}
    </Section>
  );
}

/** What a learner or guardian reads of the official record (no ID numbers, no health data). */
const SHOWN = new Set([
  'fullName',
  'gender',
  'dateOfBirth',
  'ethnicity',
  'placeOfBirth',
  'address',
  'guardians.father.fullName',
  'guardians.father.phone',
  'guardians.mother.fullName',
  'guardians.mother.phone',
  'policyGroups',
]);
/** Always shown, even empty: a blank here is itself something to correct. */
const CORE = new Set(['fullName', 'gender', 'dateOfBirth', 'ethnicity', 'placeOfBirth', 'address']);

const shown = (field: FieldSpec, value: unknown) =>
  field.type === 'date' && typeof value === 'string' && value ? formatDay(value) : showValue(field, value);

const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length);

export function ProfileSection({ learner }: { learner: LearnerView }) {
  const fields = fieldsOf('student').filter(
    (f) => SHOWN.has(f.path) && (CORE.has(f.path) || !isBlank(valueAt(learner.profile, f.path))),
  );
  return (
    <section class="panel" aria-labelledby="learner-profile-title" data-testid="learner-profile">
      <h2 id="learner-profile-title">{t('family.profile')}</h2>
      {learner.pendingChanges && <p class="notice">{t('family.profile.pending')}</p>}
      <dl class="details">
        {fields.map((f) => (
          <Fragment key={f.path}>
            <dt>{fieldLabel(f.path)}</dt>
            <dd>{shown(f, valueAt(learner.profile, f.path))}</dd>
          </Fragment>
        ))}
      </dl>
      <Corrections learner={learner} />
    </section>
  );
}

const correctionField = (f: CorrectionField) => t(`correction.field.${f}`);

/** "Ask the school to correct this": which part, and what is right; then the school's answers. */
function Corrections({ learner }: { learner: LearnerView }) {
  const path = `/learners/${encodeURIComponent(learner.recordId)}/correction-requests`;
  const [sent, setSent] = useState<LearnerCorrection | 'unavailable'>();
  const requests = usePaged<LearnerCorrection>(
    async (cursor, signal) =>
      (await whenAvailable<MaybePage<LearnerCorrection>>(path, { query: { limit: 5, cursor }, signal })) ?? {
        items: [],
        missing: true,
      },
    [path],
  );
  const { busy, problem, failure, onSubmit } = useSubmit(
    async (form) => {
      const data = new FormData(form);
      return whenAvailable<LearnerCorrection>(path, {
        method: 'POST',
        body: { field: String(data.get('field')), message: String(data.get('message') ?? '').trim() },
      });
    },
    (result) => {
      setSent(result ?? 'unavailable');
      if (result) requests.reload();
    },
  );
  const asked = (requests.data as MaybePage<LearnerCorrection> | undefined)?.items ?? [];
  return (
    <>
      <form class="stacked correction" onSubmit={onSubmit} data-testid="correction-form">
        <h3>{t('family.correction.title')}</h3>
        <p class="hint">{t('family.correction.intro')}</p>
        <Select
          name="field"
          label={t('family.correction.field')}
          options={CORRECTION_FIELDS.map((f) => ({ value: f, label: correctionField(f) }))}
          problem={problem}
        />
        <TextArea
          name="message"
          label={t('family.correction.message')}
          hint={t('family.correction.messageHint')}
          required
          maxLength={1000}
          rows={3}
          problem={problem}
        />
        <FormProblem problem={problem} failure={failure} fields={['field', 'message']} />
        {sent && sent !== 'unavailable' && (
          <p class="success" role="status">
            {t('family.correction.sent')}
          </p>
        )}
        {sent === 'unavailable' && (
          <p class="notice" role="status">
            {learner.homeroomTeacher
              ? t('family.correction.unavailableTeacher', { teacher: learner.homeroomTeacher })
              : t('family.correction.unavailable')}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('form.saving') : t('family.correction.send')}
        </button>
      </form>
      {asked.length > 0 && (
        <>
          <h3>{t('family.correction.asked')}</h3>
          <ul class="items" data-testid="correction-requests">
            {asked.map((r) => (
              <li key={r.requestId}>
                <strong>{correctionField(r.field)}</strong> · {formatDay(r.createdAt)} ·{' '}
                <span
                  class={`badge badge-${r.state === 'open' ? 'submitted' : r.state === 'done' ? 'approved' : 'returned'}`}
                >
                  {t(`correction.state.${r.state}`)}
                </span>
                <br />
                {r.message}
                {r.note && (
                  <>
                    <br />
                    <em>{t('family.correction.answer', { note: r.note })}</em>
                  </>
                )}
              </li>
            ))}
          </ul>
          <Pager state={requests} label={t('family.correction.pages')} />
        </>
      )}
    </>
  );
}
