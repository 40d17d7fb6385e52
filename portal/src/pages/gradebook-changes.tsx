/**
 * A change to a locked grade book. The subject's teacher asks for one cell's new value with a
 * reason, from the locked grid: a dialog naming the pupil, the column picked by its name in words
 * (never its internal code), Đạt / Chưa đạt and the ratings picked rather than typed. The school's
 * leaders decide in their queue ("Đề nghị sửa điểm"): the pupil, the subject, the column, old →
 * new, the reason and who asked, approved or rejected through a dialog whose focused button is
 * "Huỷ" (ui/decision.tsx: Enter never approves); approving writes the cell, the book stays locked.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiProblem, api } from '../api/client.ts';
import {
  type GradeBook,
  gradeBookPath,
  type ScoreChange,
  type ScoreRow,
  scoreChangesPath,
} from '../api/gradebook.ts';
import type { Me } from '../api/types.ts';
import { formatDayTime, t } from '../i18n/index.ts';
import { DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, Select, TextArea } from '../ui/form.tsx';
import { usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { cellText, columnOf } from './gradebook-cells.ts';

/** "Đánh giá cuối kì (CK)": a column in words, its header beside it. */
export const columnName = (field: string) => {
  const c = columnOf(field);
  return c.short === c.long ? c.long : t('changes.columnNamed', { long: c.long, short: c.short });
};

/** A cell's value as it reads in a sentence: "(trống)" for none. */
const valueText = (value: string) => (value.trim() === '' ? t('changes.empty') : value);

/** The columns whose values are picked, not typed: Đạt / Chưa đạt, and primary's ratings. */
const codeChoices = (field: string): { value: string; label: string }[] | undefined =>
  field === 'pass'
    ? [
        { value: 'Đ', label: t('results.pass.D') },
        { value: 'CĐ', label: t('results.pass.CD') },
      ]
    : field === 'rating'
      ? (['HTT', 'HT', 'CHT'] as const).map((r) => ({ value: r, label: t(`changes.rating.${r}`) }))
      : undefined;

// ——— The teacher: asking ———

/**
 * The dialog asking a change to one pupil's cell of a locked book: open while `row` is set. What
 * the API refuses is said on its field (`errors`), the dialog staying open with what was typed.
 */
export function AskChangeDialog({
  book,
  row,
  onClose,
  onAsked,
}: {
  book: GradeBook;
  row: ScoreRow | undefined;
  onClose: () => void;
  onAsked: (change: ScoreChange) => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [field, setField] = useState(book.columns[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [failure, setFailure] = useState<unknown>();
  const [noValue, setNoValue] = useState(false);
  useEffect(() => {
    if (!row) return;
    setField(book.columns[0] ?? '');
    setProblem(undefined);
    setFailure(undefined);
    setNoValue(false);
    if (!dialog.current?.open) dialog.current?.showModal?.();
  }, [row]);
  const close = () => {
    dialog.current?.close?.();
  };
  const column = columnOf(field);
  const choices = codeChoices(field);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!row) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = String(form.get('value') ?? '').trim();
    const reason = String(form.get('reason') ?? '');
    setProblem(undefined);
    setFailure(undefined);
    // An empty value would ask to clear the cell: said here rather than asked by mistake.
    setNoValue(value === '');
    if (value === '') return;
    setBusy(true);
    try {
      const asked = await api<ScoreChange>(
        `${gradeBookPath(book.class.classId, book.subject, book.semester)}/change-requests`,
        { method: 'POST', body: { learnerId: row.learnerId, field, value, reason } },
      );
      close();
      onAsked(asked);
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) setProblem(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const valueProblem = noValue
    ? new ApiProblem(400, '', undefined, [
        { in: 'body', field: 'value', message: t('changes.valueRequired') },
      ])
    : problem;
  return (
    <dialog
      ref={dialog}
      class="ask-change"
      aria-labelledby={row ? `${id}-title` : undefined}
      data-testid="ask-change-dialog"
      onClose={onClose}
    >
      {row && (
        <form class="stacked" noValidate onSubmit={(e) => void onSubmit(e)}>
          <h2 id={`${id}-title`} class="ask-change-title">
            {t('changes.askTitle', { name: row.fullName })}
          </h2>
          <p class="hint">
            {t('changes.askLead', {
              subject: book.subjectName,
              semester: book.semester,
              className: book.class.name,
            })}
          </p>
          <Select
            name="field"
            label={t('changes.column')}
            value={field}
            onChange={(e) => {
              setField((e.currentTarget as HTMLSelectElement).value);
              setNoValue(false);
            }}
            options={book.columns.map((f) => ({
              value: f,
              label: t('changes.columnNow', { column: columnName(f), now: valueText(cellText(row, f)) }),
            }))}
            problem={problem}
          />
          {choices ? (
            <Select
              key={field}
              name="value"
              label={t('changes.newValue')}
              options={choices}
              problem={valueProblem}
            />
          ) : column.kind === 'comment' ? (
            <TextArea
              key={field}
              name="value"
              label={t('changes.newComment')}
              rows={3}
              maxLength={500}
              required
              problem={valueProblem}
            />
          ) : (
            <Field
              key={field}
              name="value"
              label={t('changes.newScore')}
              hint={t(field === 'test' ? 'gradebook.hint.test' : 'changes.scoreHint')}
              inputMode="decimal"
              autoComplete="off"
              maxLength={20}
              required
              problem={valueProblem}
            />
          )}
          <TextArea
            name="reason"
            label={t('changes.reason')}
            hint={t('changes.reasonHint')}
            rows={3}
            maxLength={500}
            required
            problem={problem}
          />
          <FormProblem problem={problem} failure={failure} fields={['field', 'value', 'reason']} />
          <div class="actions">
            <button type="button" onClick={close}>
              {t('decision.cancel')}
            </button>
            <button type="submit" class="primary" disabled={busy}>
              {busy ? t('form.saving') : t('changes.send')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

/** What was asked, said back once the request is in. */
export const askedText = (c: ScoreChange) =>
  t('changes.asked', {
    column: columnName(c.field),
    name: c.fullName,
    before: valueText(c.before),
    value: c.value,
  });

// ——— The school's leaders: deciding ———

const STATES = ['pending', 'approved', 'rejected'] as const;
type State = (typeof STATES)[number];

export function ScoreChangesPage({ me, id }: { me: Me; id: string }) {
  const school = me.roles.find((r) => r.scopeOrgUnitId === id)?.scopeName ?? id;
  usePageTitle(t('changes.title'));
  const [state, setState] = useState<State>('pending');
  const [decided, setDecided] = useState<string>();
  const [round, setRound] = useState(0);
  const requests = usePaged<ScoreChange>(
    (cursor, signal) =>
      api<{ items: ScoreChange[]; nextCursor?: string }>(scoreChangesPath(id), {
        query: { state, limit: 20, cursor },
        signal,
      }),
    [id, state, round],
  );
  return (
    <>
      <p>
        <a href="/grade-books">{t('gradebook.back')}</a>
      </p>
      <h1>{t('changes.title')}</h1>
      <p class="lead">{t('changes.lead', { school })}</p>
      <fieldset class="tabs">
        <legend class="visually-hidden">{t('changes.states')}</legend>
        {STATES.map((s) => (
          <button
            key={s}
            type="button"
            class="link-button"
            aria-pressed={s === state ? 'true' : 'false'}
            onClick={() => {
              setDecided(undefined);
              setState(s);
            }}
          >
            {t(`changes.tab.${s}`)}
          </button>
        ))}
      </fieldset>
      {decided && (
        <p class="notice" role="status" data-testid="change-decided">
          {decided}
        </p>
      )}
      <PagedList
        state={requests}
        label={t('changes.pages')}
        empty={t(state === 'pending' ? 'changes.nonePending' : 'changes.none')}
      >
        {(items) => (
          <ul class="items" data-testid="score-changes">
            {items.map((c) => (
              <ChangeRequest
                key={c.requestId}
                change={c}
                onDecided={(done) => {
                  setDecided(
                    t(done.state === 'approved' ? 'changes.approvedNotice' : 'changes.rejectedNotice', {
                      column: columnName(done.field),
                      name: done.fullName,
                      subject: done.subjectName,
                    }),
                  );
                  setRound((n) => n + 1);
                }}
              />
            ))}
          </ul>
        )}
      </PagedList>
    </>
  );
}

function ChangeRequest({
  change: c,
  onDecided,
}: {
  change: ScoreChange;
  onDecided: (decided: ScoreChange) => void;
}) {
  const what = {
    column: columnName(c.field),
    name: c.fullName,
    subject: c.subjectName,
    semester: c.semester,
    className: c.className,
    before: valueText(c.before),
    value: c.value,
  };
  return (
    <li data-testid="score-change">
      <h2 class="item-title">{t('changes.itemTitle', what)}</h2>
      <dl class="details">
        <dt>{t('changes.column')}</dt>
        <dd>{what.column}</dd>
        <dt>{t('changes.change')}</dt>
        <dd data-testid="change-values">
          <span class="change-before">{what.before}</span> → <strong>{c.value}</strong>
        </dd>
        <dt>{t('changes.reason')}</dt>
        <dd>{c.reason}</dd>
        <dt>{t('changes.askedBy')}</dt>
        <dd>{t('changes.byAt', { name: c.requestedByName, at: formatDayTime(c.requestedAt) })}</dd>
        {c.state !== 'pending' && (
          <>
            <dt>{t('changes.decision')}</dt>
            <dd>
              <span class={`badge ${c.state === 'approved' ? 'badge-approved' : 'badge-returned'}`}>
                {t(`changes.state.${c.state}`)}
              </span>{' '}
              {c.decidedByName &&
                t('changes.byAt', {
                  name: c.decidedByName,
                  at: c.decidedAt ? formatDayTime(c.decidedAt) : '',
                })}
            </dd>
            {c.note && (
              <>
                <dt>{t('changes.note')}</dt>
                <dd>{c.note}</dd>
              </>
            )}
          </>
        )}
      </dl>
      <p>
        <a href={gradeBookPath(c.classId, c.subject, c.semester)}>
          {t('changes.openBook', { subject: c.subjectName, semester: c.semester, className: c.className })}
        </a>
      </p>
      {c.state === 'pending' && (
        <DecisionForm<'approve' | 'reject', ScoreChange>
          testId="change-decision"
          reason={{
            name: 'note',
            label: t('changes.note'),
            hint: t('changes.noteHint'),
            requiredMessage: t('changes.noteRequired'),
          }}
          choices={[
            {
              value: 'approve',
              primary: true,
              label: t('changes.approve'),
              question: t('changes.approveQuestion', what),
              confirm: t('changes.approveConfirm'),
            },
            {
              value: 'reject',
              needsReason: true,
              label: t('changes.reject'),
              question: t('changes.rejectQuestion', what),
              confirm: t('changes.rejectConfirm'),
            },
          ]}
          send={(decision, note) =>
            api<ScoreChange>(`/grade-book-changes/${encodeURIComponent(c.requestId)}/decision`, {
              method: 'POST',
              body: { decision, ...(note ? { note } : {}) },
            })
          }
          onDone={onDecided}
        />
      )}
    </li>
  );
}
