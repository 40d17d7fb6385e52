/**
 * The exam system for staff: the question bank (authoring and review), papers from a blueprint,
 * sessions (set-up, roll, release, statistics with charts and the results workbook) and the
 * essay marking queue.
 */
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiProblem, api, type Page, type UploadLink, uploadFile } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDateTime, formatNumber, t, tenPointScore } from '../i18n/index.ts';
import { BarChart } from '../ui/bar-chart.tsx';
import { DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { type Choice, SchoolPicker, SearchPicker, useSchoolNames } from '../ui/pickers.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';

const LEVELS = ['recognition', 'comprehension', 'application', 'high-application'] as const;
const TYPES = ['single', 'multiple', 'true-false-group', 'short-numeric', 'essay'] as const;
type QuestionType = (typeof TYPES)[number];
const levelOptions = () => LEVELS.map((l) => ({ value: l, label: t(`exam.level.${l}` as never) }));
const unitPath = (id: string) => `/org-units/${encodeURIComponent(id)}`;
const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/[\n,;]+/)
    .map((l) => l.trim())
    .filter(Boolean);

interface Question {
  questionId: string;
  version: number;
  subject: string;
  grade: number;
  topic: string;
  level: string;
  type: QuestionType;
  stem: string;
  status: string;
  scope: string;
  authorId: string;
  reviewNote?: string;
}

interface PaperSummary {
  paperId: string;
  title: string;
  subject: string;
  grade: number;
  maxPoints: number;
  createdAt: string;
}

interface Session {
  sessionId: string;
  paperId: string;
  title: string;
  opensAt: string;
  closesAt: string;
  durationMinutes: number;
  passMark: number;
  maxPoints: number;
  resultsReleaseAt?: string;
  candidateCount: number;
  attemptsAllowed: number;
  hasAccessCode: boolean;
  rooms?: { name: string; supervisors: string[] }[];
  markers?: string[];
  doubleMarking: boolean;
  practice?: boolean;
  /** A course's test: learners join the roll as they start it. */
  openRoll?: boolean;
  reviewAfterSubmit?: boolean;
  learnersWithoutAccount?: number;
  /** Supervisors' and markers' names, by account. */
  names?: Record<string, string>;
}

/**
 * People with an account at the unit, chosen by name (several): candidates, supervisors, markers.
 * Searched on the server (POST: names are personal data), with or without accents.
 */
function PeoplePicker({
  unit,
  name,
  legend,
  hint,
  problem,
  testId,
}: {
  unit: string;
  name: string;
  legend: string;
  hint: string;
  problem?: ApiProblem | undefined;
  testId?: string;
}) {
  return (
    <SearchPicker
      name={name}
      legend={legend}
      wordsLabel={t('picker.accountWords')}
      hint={hint}
      none={t('picker.accountNone')}
      problem={problem}
      multiple
      minLength={2}
      testId={testId}
      find={async (words, signal): Promise<Choice[]> => {
        const found = await api<{ items: { accountId: string; fullName: string }[] }>(
          `${unitPath(unit)}/exam-people/search`,
          { method: 'POST', body: { words }, signal },
        );
        // People by name; the sign-in name only tells apart two people with the same name.
        const named = (name: string) => found.items.filter((a) => a.fullName === name).length;
        return found.items.map((a) => ({
          value: a.accountId,
          label: a.fullName,
          ...(named(a.fullName) > 1 ? { detail: a.accountId } : {}),
        }));
      }}
    />
  );
}

interface ClassSummary {
  classId: string;
  name: string;
  grade: number;
  schoolYear: string;
  learners: number;
}

/**
 * Candidates from classes of the education database: a school (the unit's own, or one chosen by
 * name), then its classes by name with their learners; each class ticked is sent as `classes`.
 */
function ClassPicker({ unit, problem }: { unit: string; problem?: ApiProblem | undefined }) {
  const [school, setSchool] = useState(unit);
  const [chosen, setChosen] = useState<{ classId: string; label: string }[]>([]);
  const schoolName = useSchoolNames();
  const classes = useAsync(
    (signal) =>
      api<{ items: ClassSummary[] }>(`${unitPath(school)}/exam-classes`, { signal }).catch(() => ({
        items: [] as ClassSummary[],
      })),
    [school],
  );
  const label = (c: ClassSummary) =>
    t('exam.classLabel', { name: c.name, n: formatNumber(c.learners), school: schoolName(school) });
  const error = problem?.fieldError('classes');
  return (
    <fieldset class={`field${error ? ' invalid' : ''}`} data-testid="exam-classes">
      <legend>{t('exam.classes')}</legend>
      <p class="hint">{t('exam.classesHint')}</p>
      {chosen.length > 0 && (
        <ul class="chosen" aria-label={t('picker.chosen')}>
          {chosen.map((c) => (
            <li key={c.classId}>
              <input type="hidden" name="classes" value={c.classId} />
              {c.label}{' '}
              <button
                type="button"
                class="link"
                onClick={() => setChosen(chosen.filter((x) => x.classId !== c.classId))}
                aria-label={t('picker.remove', { name: c.label })}
              >
                {t('picker.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div
        // The school picker's radio choices are heard here; they are not part of the session.
        onChange={(e) => {
          const input = e.target as HTMLInputElement;
          if (input.name === 'classSchool' && input.checked) setSchool(input.value);
        }}
      >
        <SchoolPicker name="classSchool" legend={t('exam.classSchool')} hint={t('exam.classSchoolHint')} />
      </div>
      <p class="hint">{t('exam.classesOf', { school: schoolName(school) })}</p>
      {!classes.data ? (
        <Loading />
      ) : classes.data.items.length === 0 ? (
        <p class="hint">{t('exam.noClasses')}</p>
      ) : (
        <div class="choices">
          {classes.data.items.map((c) => {
            const picked = chosen.some((x) => x.classId === c.classId);
            return (
              <p key={c.classId} class="choice">
                <button
                  type="button"
                  disabled={picked}
                  onClick={() => setChosen([...chosen, { classId: c.classId, label: label(c) }])}
                  aria-label={t('picker.add', { name: label(c) })}
                >
                  {t('picker.addShort')}
                </button>{' '}
                {t('exam.classChoice', { name: c.name, n: formatNumber(c.learners), year: c.schoolYear })}
              </p>
            );
          })}
        </div>
      )}
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}

export function ExamTabs({ unit, current }: { unit: string; current: 'bank' | 'papers' | 'sessions' }) {
  const tabs = [
    ['bank', `/units/${unit}/questions`, 'exam.bank'],
    ['papers', `/units/${unit}/exam-papers`, 'exam.papers'],
    ['sessions', `/units/${unit}/exam-sessions`, 'exam.sessions'],
  ] as const;
  return (
    <nav class="tabs" aria-label={t('exam.sections')}>
      {tabs.map(([key, href, label]) => (
        <a key={key} href={href} aria-current={key === current ? 'page' : undefined}>
          {t(label)}
        </a>
      ))}
    </nav>
  );
}

/** What a question form holds, turned into the API's question body. */
function questionBody(type: QuestionType, v: Record<string, string>) {
  const points = Number((v.points ?? '').replace(',', '.'));
  const options = ['A', 'B', 'C', 'D'].map((id) => ({ id, text: v[`option${id}`] ?? '' }));
  switch (type) {
    case 'single':
      return { type, options, correct: v.correct ?? '', points };
    case 'multiple':
      return { type, options, correct: lines(v.correctMany).map((c) => c.toUpperCase()), points };
    case 'true-false-group':
      return {
        type,
        statements: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: v[`statement${id}`] ?? '' })),
        correct: Object.fromEntries(['a', 'b', 'c', 'd'].map((id) => [id, v[`truth${id}`] === 'true'])),
        points,
      };
    case 'short-numeric':
      return {
        type,
        accepted: lines(v.accepted).map((a) => Number(a.replace(',', '.'))),
        tolerance: Number((v.tolerance ?? '0').replace(',', '.')),
        points,
      };
    case 'essay': {
      const rubric = (v.rubric ?? '')
        .split('\n')
        .map((l) => l.split('|'))
        .filter(([c]) => c?.trim())
        .map(([criterion, p]) => ({
          criterion: criterion!.trim(),
          points: Number((p ?? '').trim().replace(',', '.')),
        }));
      return { type, rubric, points: rubric.reduce((n, r) => n + r.points, 0) };
    }
  }
}

interface Shelf {
  subject: string;
  grade: number;
  questions: number;
  approved: number;
}

/** The subjects and grades the unit's bank has questions of, with their counts. */
const useShelves = (unit: string, refresh = 0) =>
  useAsync(
    (signal) => api<{ items: Shelf[] }>(`${unitPath(unit)}/question-shelves`, { signal }),
    [unit, refresh],
  );
const shelfValue = (subject: string, grade: string | number) => JSON.stringify([subject, Number(grade)]);

export function QuestionBankPage({ me, id }: { me: Me; id: string }) {
  usePageTitle(t('exam.bank'));
  const [subject, setSubject] = useState('');
  const [grade, setGrade] = useState('');
  const [status, setStatus] = useState('');
  const [type, setType] = useState<QuestionType>('single');
  const [refresh, setRefresh] = useState(0);
  const [done, setDone] = useState<string>();
  const shelves = useShelves(id, refresh);
  // The bank opens on the subject and grade with the most questions, never on an empty shelf.
  useEffect(() => {
    const items = shelves.data?.items;
    if (subject || !items?.length) return;
    const fullest = [...items].sort((a, b) => b.questions - a.questions)[0]!;
    setSubject(fullest.subject);
    setGrade(String(fullest.grade));
  }, [shelves.data]);
  const bank = usePaged<Question>(
    (cursor, signal) =>
      subject
        ? api<Page<Question>>(`${unitPath(id)}/questions`, {
            query: { subject, grade, status, limit: 25, cursor },
            signal,
          })
        : Promise.resolve({ items: [] }),
    [id, subject, grade, status, refresh],
  );
  const create = useSubmit(
    async (form) => {
      const v = formValues(form);
      const files = [...((form.elements.namedItem('media') as HTMLInputElement).files ?? [])];
      const media: string[] = [];
      for (const file of files) {
        const link = await api<{ key: string; upload: UploadLink }>(`${unitPath(id)}/question-media`, {
          method: 'POST',
          body: { contentType: file.type },
        });
        await uploadFile(link.upload, file);
        media.push(link.key);
      }
      return api<Question>(`${unitPath(id)}/questions`, {
        method: 'POST',
        body: {
          scope: v.scope,
          subject: v.subject,
          grade: Number(v.grade),
          topic: v.topic,
          level: v.level,
          stem: v.stem,
          question: {
            ...questionBody(type, v),
            ...(v.explanation?.trim() ? { explanation: v.explanation.trim() } : {}),
          },
          ...(media.length ? { media } : {}),
        },
      });
    },
    (q) => {
      setDone(t('exam.questionSaved', { topic: q.topic }));
      setSubject(q.subject);
      setGrade(String(q.grade));
      setRefresh((n) => n + 1);
    },
  );
  // Several questions reviewed at once, deliberately: chosen by ticking, decided in a dialog.
  const [chosen, setChosen] = useState<Map<string, Question>>(new Map());
  const [reviewed, setReviewed] = useState<string>();
  const pick = (q: Question) =>
    setChosen((before) => {
      const next = new Map(before);
      if (next.has(q.questionId)) next.delete(q.questionId);
      else next.set(q.questionId, q);
      return next;
    });
  const review = async (decision: 'approve' | 'return', note: string) => {
    let done = 0;
    for (const q of chosen.values()) {
      const answer = await api(`/questions/${q.questionId}/review`, {
        method: 'POST',
        body: { expectedVersion: q.version, decision, ...(note ? { note } : {}) },
      }).then(
        () => true,
        () => false,
      );
      if (answer) done++;
    }
    return { done, failed: chosen.size - done };
  };
  const canReview = me.permissions.includes('exam.review');
  const reviewable = (q: Question) => canReview && q.status === 'submitted' && q.authorId !== me.sub;
  const share = async (q: Question, to: 'school' | 'department') => {
    await api(`/questions/${q.questionId}/share`, {
      method: 'POST',
      body: { to, expectedVersion: q.version },
    });
    setDone(t(to === 'school' ? 'exam.sharedSchool' : 'exam.sharedDepartment'));
    setRefresh((n) => n + 1);
  };
  return (
    <>
      <h1>{t('exam.bank')}</h1>
      <ExamTabs unit={id} current="bank" />
      <section class="panel">
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          {shelves.data?.items.length ? (
            <Select
              name="shelf"
              label={t('exam.shelf')}
              value={shelfValue(subject, grade)}
              onChange={(e) => {
                const [s, g] = JSON.parse((e.currentTarget as HTMLSelectElement).value) as [string, number];
                setSubject(s);
                setGrade(String(g));
              }}
              options={shelves.data.items.map((sh) => ({
                value: shelfValue(sh.subject, sh.grade),
                label: t('exam.shelfLabel', {
                  subject: sh.subject,
                  grade: sh.grade,
                  n: formatNumber(sh.questions),
                  approved: formatNumber(sh.approved),
                }),
              }))}
            />
          ) : shelves.data ? (
            <p class="hint">{t('exam.bankEmpty')}</p>
          ) : (
            <Loading />
          )}
          <Select
            name="filterStatus"
            label={t('exam.status')}
            value={status}
            onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}
            options={[
              { value: '', label: t('exam.all') },
              ...['submitted', 'approved', 'returned'].map((s) => ({
                value: s,
                label: t(`exam.qstatus.${s}` as never),
              })),
            ]}
          />
        </form>
        <PagedList state={bank} label={t('exam.bank')}>
          {(rows) => (
            <DataTable
              testId="questions"
              items={rows}
              rowKey={(q) => q.questionId}
              columns={[
                ...(canReview
                  ? [
                      {
                        header: t('exam.pick'),
                        cell: (q: Question) =>
                          reviewable(q) ? (
                            <input
                              type="checkbox"
                              aria-label={t('exam.pickOne', { stem: q.stem.slice(0, 60) })}
                              checked={chosen.has(q.questionId)}
                              onChange={() => pick(q)}
                            />
                          ) : null,
                      },
                    ]
                  : []),
                { header: t('exam.stem'), cell: (q) => q.stem.slice(0, 120) },
                { header: t('exam.topic'), cell: (q) => q.topic },
                { header: t('exam.level'), cell: (q) => t(`exam.level.${q.level}` as never) },
                { header: t('exam.type'), cell: (q) => t(`exam.type.${q.type}` as never) },
                {
                  header: t('exam.status'),
                  cell: (q) => (
                    <span class={`badge badge-${q.status}`}>{t(`exam.qstatus.${q.status}` as never)}</span>
                  ),
                },
                {
                  header: t('records.action'),
                  cell: (q) =>
                    q.scope === 'personal' && q.authorId === me.sub ? (
                      <button type="button" onClick={() => void share(q, 'school')}>
                        {t('exam.shareSchool')}
                      </button>
                    ) : q.scope === 'school' && q.status === 'approved' ? (
                      <button type="button" onClick={() => void share(q, 'department')}>
                        {t('exam.shareDepartment')}
                      </button>
                    ) : null,
                },
              ]}
            />
          )}
        </PagedList>
        {canReview && (
          <DecisionForm
            testId="question-decision"
            reason={{
              name: 'note',
              label: t('exam.returnWhy'),
              requiredMessage: t('exam.returnWhyRequired'),
            }}
            disabled={chosen.size === 0}
            choices={[
              {
                value: 'approve',
                primary: true,
                label: t('exam.approveN', { count: chosen.size }),
                question: t('exam.confirmApproveN', { count: chosen.size }),
                confirm: t('exam.approve'),
              },
              {
                value: 'return',
                needsReason: true,
                label: t('exam.returnN', { count: chosen.size }),
                question: t('exam.confirmReturnN', { count: chosen.size }),
                confirm: t('exam.return'),
              },
            ]}
            send={review}
            onDone={(result, decision) => {
              setReviewed(
                [
                  result.done
                    ? t(decision === 'approve' ? 'exam.approvedN' : 'exam.returnedN', { count: result.done })
                    : '',
                  result.failed ? t('exam.reviewFailed', { count: result.failed }) : '',
                ]
                  .filter(Boolean)
                  .join(' '),
              );
              setChosen(new Map());
              setRefresh((n) => n + 1);
            }}
          />
        )}
        {reviewed && (
          <p class="success" role="status" data-testid="question-reviewed">
            {reviewed}
          </p>
        )}
      </section>
      <QuestionSheets unit={id} subject={subject} grade={grade} onImported={() => setRefresh((n) => n + 1)} />
      <section class="panel">
        <h2>{t('exam.newQuestion')}</h2>
        <form class="stacked" onSubmit={create.onSubmit} data-testid="question-form">
          <Select
            name="scope"
            label={t('exam.scope')}
            problem={create.problem}
            options={['school', 'personal', 'department'].map((s) => ({
              value: s,
              label: t(`exam.scope.${s}` as never),
            }))}
          />
          <Field
            name="subject"
            label={t('exam.subject')}
            required
            key={`subject-${subject}`}
            defaultValue={subject}
            problem={create.problem}
          />
          <Field
            name="grade"
            label={t('exam.grade')}
            type="number"
            min={0}
            max={12}
            required
            key={`grade-${grade}`}
            defaultValue={grade}
            problem={create.problem}
          />
          <Field name="topic" label={t('exam.topic')} required problem={create.problem} />
          <Select name="level" label={t('exam.level')} options={levelOptions()} problem={create.problem} />
          <TextArea name="stem" label={t('exam.stem')} rows={3} required problem={create.problem} />
          <Field
            name="media"
            type="file"
            label={t('exam.media')}
            hint={t('exam.mediaHint')}
            multiple
            accept="image/png,image/jpeg,image/webp,image/gif,audio/mpeg,audio/ogg,audio/wav,audio/mp4"
            problem={create.problem}
          />
          <Select
            name="type"
            label={t('exam.type')}
            value={type}
            onChange={(e) => setType((e.currentTarget as HTMLSelectElement).value as QuestionType)}
            options={TYPES.map((ty) => ({ value: ty, label: t(`exam.type.${ty}` as never) }))}
          />
          {(type === 'single' || type === 'multiple') &&
            ['A', 'B', 'C', 'D'].map((o) => (
              <Field key={o} name={`option${o}`} label={t('exam.option', { id: o })} required />
            ))}
          {type === 'single' && (
            <Select
              name="correct"
              label={t('exam.correct')}
              options={['A', 'B', 'C', 'D'].map((o) => ({ value: o, label: o }))}
            />
          )}
          {type === 'multiple' && (
            <Field name="correctMany" label={t('exam.correctMany')} hint="A, C" required />
          )}
          {type === 'true-false-group' &&
            ['a', 'b', 'c', 'd'].map((s) => (
              <div key={s} class="inline-fields">
                <Field name={`statement${s}`} label={t('exam.statement', { id: s })} required />
                <Select
                  name={`truth${s}`}
                  label={t('exam.truth', { id: s })}
                  options={[
                    { value: 'true', label: t('exam.true') },
                    { value: 'false', label: t('exam.false') },
                  ]}
                />
              </div>
            ))}
          {type === 'short-numeric' && (
            <>
              <Field name="accepted" label={t('exam.accepted')} hint="2,5; 2,50" required />
              <Field name="tolerance" label={t('exam.tolerance')} defaultValue="0" />
            </>
          )}
          {type === 'essay' ? (
            <TextArea name="rubric" label={t('exam.rubric')} hint={t('exam.rubricHint')} rows={4} required />
          ) : (
            <Field
              name="points"
              label={t('exam.pointsLabel')}
              required
              defaultValue="0,25"
              problem={create.problem}
            />
          )}
          <TextArea
            name="explanation"
            label={t('exam.explanationField')}
            hint={t('exam.explanationHint')}
            rows={3}
            problem={create.problem}
          />
          <FormProblem
            problem={create.problem}
            failure={create.failure}
            fields={['scope', 'subject', 'grade', 'topic', 'level']}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={create.busy}>
              {t('exam.saveQuestion')}
            </button>
          </div>
          {done && (
            <p class="success" role="status">
              {done}
            </p>
          )}
        </form>
      </section>
    </>
  );
}

interface TopicCounts {
  topic: string;
  levels: Record<(typeof LEVELS)[number], number>;
  total: number;
}

/**
 * A paper from a blueprint: the subject and grade from the bank's shelves with approved questions,
 * then each topic with the approved questions per cognitive level; the author sets how many of
 * each to draw, never more than there are.
 */
export function PapersPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('exam.papers'));
  const [refresh, setRefresh] = useState(0);
  const [built, setBuilt] = useState<string>();
  const [shelf, setShelf] = useState<string>();
  const [counts, setCounts] = useState<Record<string, number>>({});
  const shelves = useShelves(id);
  const usable = (shelves.data?.items ?? []).filter((s) => s.approved > 0);
  const chosen = shelf ?? (usable[0] ? shelfValue(usable[0].subject, usable[0].grade) : undefined);
  const [subject, grade] = chosen ? (JSON.parse(chosen) as [string, number]) : ['', 0];
  const topics = useAsync(
    (signal) =>
      subject
        ? api<{ items: TopicCounts[] }>(`${unitPath(id)}/question-topics`, {
            query: { subject, grade },
            signal,
          })
        : Promise.resolve({ items: [] as TopicCounts[] }),
    [id, subject, grade],
  );
  const papers = usePaged<PaperSummary>(
    (cursor, signal) =>
      api<Page<PaperSummary>>(`${unitPath(id)}/exam-papers`, { query: { limit: 25, cursor }, signal }),
    [id, refresh],
  );
  const cellKey = (topic: string, level: string) => JSON.stringify([topic, level]);
  const blueprint = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([key, count]) => {
      const [topic, level] = JSON.parse(key) as [string, string];
      return { topic, level, count };
    });
  const available = (topic: string, level: (typeof LEVELS)[number]) =>
    topics.data?.items.find((x) => x.topic === topic)?.levels[level] ?? 0;
  const tooMany = blueprint.filter((b) => b.count > available(b.topic, b.level as (typeof LEVELS)[number]));
  const total = blueprint.reduce((n, b) => n + b.count, 0);
  const build = useSubmit(
    (form) => {
      const v = formValues(form);
      return api<PaperSummary>(`${unitPath(id)}/exam-papers`, {
        method: 'POST',
        body: { title: v.title, subject, grade, variants: Number(v.variants), blueprint },
      });
    },
    (p) => {
      setBuilt(t('exam.paperBuilt', { title: p.title, points: formatNumber(p.maxPoints) }));
      setRefresh((n) => n + 1);
    },
  );
  return (
    <>
      <h1>{t('exam.papers')}</h1>
      <ExamTabs unit={id} current="papers" />
      <section class="panel">
        <PagedList state={papers} label={t('exam.papers')}>
          {(items) => (
            <DataTable
              testId="papers"
              items={items}
              rowKey={(p) => p.paperId}
              columns={[
                { header: t('exam.title'), cell: (p) => p.title },
                { header: t('exam.subject'), cell: (p) => `${p.subject} ${p.grade}` },
                { header: t('exam.maxPoints'), cell: (p) => formatNumber(p.maxPoints) },
                { header: t('exam.createdAt'), cell: (p) => formatDateTime(p.createdAt) },
              ]}
            />
          )}
        </PagedList>
      </section>
      <section class="panel">
        <h2>{t('exam.newPaper')}</h2>
        <form
          class="stacked"
          onSubmit={(e) => {
            if (tooMany.length || blueprint.length === 0) e.preventDefault();
            else build.onSubmit(e);
          }}
        >
          <Field name="title" label={t('exam.title')} required problem={build.problem} />
          {!shelves.data ? (
            <Loading />
          ) : usable.length === 0 ? (
            <p class="hint">{t('exam.noApproved')}</p>
          ) : (
            <Select
              name="shelf"
              label={t('exam.shelf')}
              value={chosen}
              onChange={(e) => {
                setShelf((e.currentTarget as HTMLSelectElement).value);
                setCounts({});
              }}
              options={usable.map((sh) => ({
                value: shelfValue(sh.subject, sh.grade),
                label: t('exam.shelfApproved', {
                  subject: sh.subject,
                  grade: sh.grade,
                  approved: formatNumber(sh.approved),
                }),
              }))}
            />
          )}
          <Field
            name="variants"
            label={t('exam.variants')}
            type="number"
            min={1}
            max={48}
            required
            defaultValue="4"
          />
          <fieldset>
            <legend>{t('exam.blueprint')}</legend>
            <p class="hint">{t('exam.blueprintHint')}</p>
            {topics.data && topics.data.items.length > 0 ? (
              <DataTable
                testId="blueprint"
                items={topics.data.items}
                rowKey={(x) => x.topic}
                columns={[
                  { header: t('exam.topic'), cell: (x) => x.topic },
                  ...LEVELS.map((level) => ({
                    header: t(`exam.level.${level}` as never),
                    cell: (x: TopicCounts) => {
                      const key = cellKey(x.topic, level);
                      const have = x.levels[level];
                      const asked = counts[key] ?? 0;
                      const over = asked > have;
                      return have === 0 && !asked ? (
                        <span class="hint">{t('exam.noneAvailable')}</span>
                      ) : (
                        <label class={`count-cell${over ? ' invalid' : ''}`}>
                          <input
                            type="number"
                            min={0}
                            max={have}
                            value={asked}
                            aria-label={t('exam.countOf', {
                              topic: x.topic,
                              level: t(`exam.level.${level}` as never),
                              n: formatNumber(have),
                            })}
                            aria-invalid={over ? 'true' : undefined}
                            onInput={(e) =>
                              setCounts({
                                ...counts,
                                [key]: Number((e.currentTarget as HTMLInputElement).value) || 0,
                              })
                            }
                          />{' '}
                          <span class="hint">{t('exam.ofAvailable', { n: formatNumber(have) })}</span>
                        </label>
                      );
                    },
                  })),
                ]}
              />
            ) : topics.data ? (
              <p class="hint">{t('exam.noApproved')}</p>
            ) : (
              <Loading />
            )}
            <p aria-live="polite">{t('exam.blueprintTotal', { n: formatNumber(total) })}</p>
            {tooMany.length > 0 && (
              <p class="field-error" role="alert">
                {t('exam.tooManyAsked', {
                  list: tooMany
                    .map((b) =>
                      t('exam.askedOver', {
                        topic: b.topic,
                        level: t(`exam.level.${b.level}` as never),
                        n: formatNumber(available(b.topic, b.level as (typeof LEVELS)[number])),
                      }),
                    )
                    .join('; '),
                })}
              </p>
            )}
          </fieldset>
          <FormProblem problem={build.problem} failure={build.failure} fields={['title', 'subject']} />
          <div class="actions">
            <button
              type="submit"
              class="primary"
              disabled={build.busy || tooMany.length > 0 || blueprint.length === 0}
            >
              {t('exam.buildPaper')}
            </button>
          </div>
          {built && (
            <p class="success" role="status">
              {built}
            </p>
          )}
        </form>
      </section>
    </>
  );
}

/** `datetime-local` is the browser's local time; the API wants an instant. */
const instant = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);

export function SessionsPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('exam.sessions'));
  const [refresh, setRefresh] = useState(0);
  const sessions = usePaged<Session>(
    (cursor, signal) =>
      api<Page<Session>>(`${unitPath(id)}/exam-sessions`, { query: { limit: 25, cursor }, signal }),
    [id, refresh],
  );
  const papers = useAsync(
    (signal) => api<Page<PaperSummary>>(`${unitPath(id)}/exam-papers`, { query: { limit: 100 }, signal }),
    [id],
  );
  const [paperId, setPaperId] = useState<string>();
  const paper = papers.data?.items.find((p) => p.paperId === paperId) ?? papers.data?.items[0];
  const [roomCount, setRoomCount] = useState(0);
  const [practice, setPractice] = useState(false);
  // A course's test: no roll now, the course's learners join as they start it.
  const [openRoll, setOpenRoll] = useState(false);
  const create = useSubmit(
    (form) => {
      const v = formValues(form);
      const data = new FormData(form);
      // Pickers send one hidden field per choice.
      const all = (name: string) => data.getAll(name).map(String);
      const schools = all('schools');
      const classes = all('classes');
      const candidates = [...new Set([...all('candidates'), ...lines(v.candidatesPasted)])];
      const markers = all('markers');
      const rooms = Array.from({ length: roomCount }, (_, i) => ({
        name: (v[`roomName${i}`] ?? '').trim(),
        supervisors: all(`roomSupervisors${i}`),
      })).filter((r) => r.name);
      return api<Session>(`${unitPath(id)}/exam-sessions`, {
        method: 'POST',
        body: {
          paperId: v.paperId,
          title: v.title,
          opensAt: instant(v.opensAt),
          closesAt: instant(v.closesAt),
          lateEntryUntil: instant(v.lateEntryUntil),
          durationMinutes: Number(v.durationMinutes),
          passMark: Number((v.passMark ?? '').replace(',', '.')),
          resultsReleaseAt: instant(v.resultsReleaseAt),
          attemptsAllowed: Number(v.attemptsAllowed ?? 1),
          ...(v.accessCode ? { accessCode: v.accessCode } : {}),
          ...(rooms.length ? { rooms } : {}),
          ...(markers.length ? { markers } : {}),
          doubleMarking: v.doubleMarking === 'on',
          ...(candidates.length ? { candidates } : {}),
          ...(schools.length ? { schools } : {}),
          ...(classes.length ? { classes } : {}),
          ...(v.practice === 'on' ? { practice: true, reviewAfterSubmit: v.reviewAfterSubmit === 'on' } : {}),
          ...(v.openRoll === 'on' ? { openRoll: true } : {}),
        },
      });
    },
    (s) => {
      setRefresh((n) => n + 1);
      location.assign(`/exam-sessions/${s.sessionId}`);
    },
  );
  const hour = (h: number) => {
    const d = new Date(Date.now() + h * 3_600_000);
    d.setSeconds(0, 0);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  };
  return (
    <>
      <h1>{t('exam.sessions')}</h1>
      <ExamTabs unit={id} current="sessions" />
      <section class="panel">
        <PagedList state={sessions} label={t('exam.sessions')}>
          {(items) => (
            <DataTable
              testId="sessions"
              items={items}
              rowKey={(s) => s.sessionId}
              columns={[
                {
                  header: t('exam.title'),
                  cell: (s) => <a href={`/exam-sessions/${s.sessionId}`}>{s.title}</a>,
                },
                { header: t('exam.opensAt'), cell: (s) => formatDateTime(s.opensAt) },
                { header: t('exam.candidates'), cell: (s) => formatNumber(s.candidateCount) },
              ]}
            />
          )}
        </PagedList>
      </section>
      <section class="panel">
        <h2>{t('exam.newSession')}</h2>
        <form class="stacked" onSubmit={create.onSubmit}>
          {papers.data ? (
            <Select
              name="paperId"
              label={t('exam.paper')}
              problem={create.problem}
              value={paper?.paperId}
              onChange={(e) => setPaperId((e.currentTarget as HTMLSelectElement).value)}
              options={papers.data.items.map((p) => ({
                value: p.paperId,
                label: `${p.title} (${p.subject} ${p.grade})`,
              }))}
            />
          ) : (
            <Loading />
          )}
          <Field name="title" label={t('exam.title')} required problem={create.problem} />
          <Field
            name="opensAt"
            label={t('exam.opensAt')}
            type="datetime-local"
            required
            defaultValue={hour(0)}
            problem={create.problem}
          />
          <Field
            name="closesAt"
            label={t('exam.closesAt')}
            type="datetime-local"
            required
            defaultValue={hour(2)}
            problem={create.problem}
          />
          <Field
            name="lateEntryUntil"
            label={t('exam.lateEntryUntil')}
            type="datetime-local"
            problem={create.problem}
          />
          <Field
            name="durationMinutes"
            label={t('exam.duration')}
            type="number"
            min={1}
            max={600}
            required
            defaultValue="45"
            problem={create.problem}
          />
          <Field
            // A new paper gives a new default: half its maximum, shown beside it.
            key={`pass-${paper?.paperId ?? ''}`}
            name="passMark"
            label={t('exam.passMark')}
            hint={paper ? t('exam.passMarkOf', { max: formatNumber(paper.maxPoints) }) : undefined}
            required
            defaultValue={formatNumber(paper ? paper.maxPoints / 2 : 5)}
            problem={create.problem}
          />
          <Field
            name="resultsReleaseAt"
            label={t('exam.releaseAt')}
            hint={t('exam.releaseHint')}
            type="datetime-local"
            problem={create.problem}
          />
          <Field
            name="attemptsAllowed"
            label={t('exam.attempts')}
            type="number"
            min={1}
            max={10}
            defaultValue="1"
          />
          <Field
            name="accessCode"
            label={t('exam.accessCode')}
            hint={t('exam.accessCodeHint')}
            problem={create.problem}
          />
          <label class="choice">
            <input
              type="checkbox"
              name="openRoll"
              checked={openRoll}
              onChange={(e) => setOpenRoll((e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {t('exam.openRoll')}
          </label>
          {openRoll ? (
            <p class="hint" data-testid="open-roll-hint">
              {t('exam.openRollHint')}
            </p>
          ) : (
            <>
              <label class="choice">
                <input
                  type="checkbox"
                  name="practice"
                  checked={practice}
                  onChange={(e) => setPractice((e.currentTarget as HTMLInputElement).checked)}
                />{' '}
                {t('exam.practice')}
              </label>
              {practice && (
                <label class="choice">
                  <input type="checkbox" name="reviewAfterSubmit" /> {t('exam.reviewAfterSubmit')}
                </label>
              )}
              <ClassPicker unit={id} problem={create.problem} />
              <PeoplePicker
                unit={id}
                name="candidates"
                legend={t('exam.candidateList')}
                hint={t('exam.candidateListHint')}
                problem={create.problem}
                testId="exam-candidates"
              />
              <details>
                <summary>{t('exam.pasteCandidates')}</summary>
                <TextArea
                  name="candidatesPasted"
                  label={t('exam.pastedList')}
                  hint={t('exam.pastedListHint')}
                  rows={4}
                />
              </details>
              <SchoolPicker
                name="schools"
                legend={t('exam.schools')}
                hint={t('exam.schoolsHint')}
                multiple
                problem={create.problem}
                testId="exam-schools"
              />
            </>
          )}
          <fieldset class={`field${create.problem?.fieldError('rooms') ? ' invalid' : ''}`}>
            <legend>{t('exam.rooms')}</legend>
            <p class="hint">{t('exam.roomsHint')}</p>
            {Array.from({ length: roomCount }, (_, i) => (
              <div key={i} class="room-row">
                <Field name={`roomName${i}`} label={t('exam.roomName', { n: i + 1 })} required />
                <PeoplePicker
                  unit={id}
                  name={`roomSupervisors${i}`}
                  legend={t('exam.supervisors')}
                  hint={t('exam.supervisorsHint')}
                />
              </div>
            ))}
            <div class="actions">
              <button type="button" onClick={() => setRoomCount((n) => n + 1)}>
                {t('exam.addRoom')}
              </button>
              {roomCount > 0 && (
                <button type="button" onClick={() => setRoomCount((n) => n - 1)}>
                  {t('exam.removeRoom')}
                </button>
              )}
            </div>
            {create.problem?.fieldError('rooms') && (
              <p class="field-error">{create.problem.fieldError('rooms')}</p>
            )}
          </fieldset>
          <PeoplePicker
            unit={id}
            name="markers"
            legend={t('exam.markers')}
            hint={t('exam.markersHint')}
            problem={create.problem}
            testId="exam-markers"
          />
          <label class="choice">
            <input type="checkbox" name="doubleMarking" /> {t('exam.doubleMarking')}
          </label>
          <FormProblem
            problem={create.problem}
            failure={create.failure}
            fields={[
              'paperId',
              'title',
              'opensAt',
              'closesAt',
              'lateEntryUntil',
              'durationMinutes',
              'passMark',
              'resultsReleaseAt',
              'accessCode',
              'schools',
              'classes',
              'candidates',
              'rooms',
              'markers',
              'reviewAfterSubmit',
            ]}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={create.busy}>
              {t('exam.createSession')}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

interface RollLine {
  accountId: string;
  fullName: string;
  schoolId: string;
  room: string;
  state: string;
  points?: number;
  pendingScripts?: number;
  passed?: boolean;
}

interface Figures {
  candidates: number;
  notStarted: number;
  inProgress: number;
  submitted: number;
  graded: number;
  awaitingMarking: number;
  summary: {
    count: number;
    mean: number;
    median: number;
    standardDeviation: number;
    passRate: number;
    distribution: Record<string, number>;
  };
  bySchool: { orgUnitId: string; name: string; count: number; mean: number; passRate: number }[];
  items: {
    questionId: string;
    stem: string;
    type: string;
    difficulty: number;
    discrimination: number;
    choices: Record<string, number>;
  }[];
}

export function SessionPage({ me, id }: { me: Me; id: string }) {
  const session = useAsync((signal) => api<Session>(`/exam-sessions/${id}`, { signal }), [id]);
  const schoolName = useSchoolNames();
  const [room, setRoom] = useState('');
  const [refresh, setRefresh] = useState(0);
  usePageTitle(session.data?.title ?? t('exam.sessions'));
  const roll = usePaged<RollLine>(
    (cursor, signal) =>
      api<Page<RollLine>>(`/exam-sessions/${id}/candidates`, { query: { limit: 50, cursor, room }, signal }),
    [id, room, refresh],
  );
  const canResults = me.permissions.includes('exam.results');
  const stats = useAsync(
    async (signal) =>
      canResults
        ? api<{
            status: string;
            computedAt?: string;
            figures?: Figures;
            workbookUrl?: string;
            error?: string;
          }>(`/exam-sessions/${id}/statistics`, { signal })
        : undefined,
    [id, refresh],
  );
  const [busy, setBusy] = useState(false);
  const act = async (path: string) => {
    setBusy(true);
    try {
      await api(path, { method: 'POST' });
      if (path.endsWith('/statistics')) {
        // Computed by a worker: look again until it is ready.
        for (let i = 0; i < 30; i++) {
          await new Promise((r) => setTimeout(r, 1000));
          const s = await api<{ status: string }>(`/exam-sessions/${id}/statistics`);
          if (s.status !== 'pending') break;
        }
      }
      session.reload();
      setRefresh((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  if (session.error) return <ErrorPanel error={session.error} retry={session.reload} />;
  if (!session.data) return <Loading />;
  const s = session.data;
  const f = stats.data?.figures;
  return (
    <>
      <h1>{s.title}</h1>
      <section class="panel">
        <dl class="details">
          <dt>{t('exam.opensAt')}</dt>
          <dd>{formatDateTime(s.opensAt)}</dd>
          <dt>{t('exam.closesAt')}</dt>
          <dd>{formatDateTime(s.closesAt)}</dd>
          <dt>{t('exam.duration')}</dt>
          <dd>{t('exam.minutes', { n: s.durationMinutes })}</dd>
          <dt>{t('exam.passMark')}</dt>
          <dd>
            {formatNumber(s.passMark)} / {formatNumber(s.maxPoints)}
          </dd>
          <dt>{t('exam.candidates')}</dt>
          <dd>{formatNumber(s.candidateCount)}</dd>
          <dt>{t('exam.releaseAt')}</dt>
          <dd>{s.resultsReleaseAt ? formatDateTime(s.resultsReleaseAt) : t('exam.releaseOnMarking')}</dd>
          <dt>{t('exam.kind')}</dt>
          <dd>
            {s.openRoll
              ? t('exam.kind.courseTest')
              : s.practice
                ? s.reviewAfterSubmit
                  ? t('exam.kind.practiceReview')
                  : t('exam.kind.practice')
                : t('exam.kind.exam')}
          </dd>
          {s.markers?.length ? (
            <>
              <dt>{t('exam.markers')}</dt>
              <dd data-testid="session-markers">{s.markers.map((m) => s.names?.[m] ?? m).join(', ')}</dd>
            </>
          ) : null}
          {s.rooms?.map((r) => (
            <Fragment key={r.name}>
              <dt>{r.name}</dt>
              <dd>
                {r.supervisors.length
                  ? t('exam.supervisedBy', { names: r.supervisors.map((p) => s.names?.[p] ?? p).join(', ') })
                  : t('exam.noSupervisors')}
              </dd>
            </Fragment>
          ))}
        </dl>
        {s.learnersWithoutAccount ? (
          <p class="notice" role="status">
            {t('exam.learnersWithoutAccount', { n: formatNumber(s.learnersWithoutAccount) })}
          </p>
        ) : null}
        <div class="actions">
          <a class="button" href={`/exam-sessions/${id}/marking`}>
            {t('exam.marking')}
          </a>
          <button type="button" disabled={busy} onClick={() => void act(`/exam-sessions/${id}/release`)}>
            {t('exam.releaseNow')}
          </button>
        </div>
      </section>
      <section class="panel">
        <h2>{t('exam.roll')}</h2>
        {s.rooms?.length ? (
          <Select
            name="room"
            label={t('exam.room')}
            value={room}
            onChange={(e) => setRoom((e.currentTarget as HTMLSelectElement).value)}
            options={[
              { value: '', label: t('exam.all') },
              ...s.rooms.map((r) => ({ value: r.name, label: r.name })),
            ]}
          />
        ) : null}
        <PagedList state={roll} label={t('exam.roll')}>
          {(items) => (
            <DataTable
              testId="roll"
              items={items}
              rowKey={(l) => l.accountId}
              columns={[
                { header: t('exam.candidate'), cell: (l) => l.fullName || l.accountId },
                { header: t('exam.school'), cell: (l) => schoolName(l.schoolId) },
                { header: t('exam.room'), cell: (l) => l.room },
                {
                  header: t('exam.state'),
                  cell: (l) =>
                    l.state === 'graded' && l.pendingScripts
                      ? t('exam.awaitingMarking')
                      : t(`exam.state.${l.state}` as never),
                },
                {
                  header: t('exam.score'),
                  cell: (l) => {
                    if (l.points === undefined) return '—';
                    const score = tenPointScore(l.points, s.maxPoints);
                    return `${score.ten} (${score.raw})`;
                  },
                },
              ]}
            />
          )}
        </PagedList>
      </section>
      {canResults && (
        <section class="panel">
          <h2>{t('exam.statistics')}</h2>
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => void act(`/exam-sessions/${id}/statistics`)}>
              {t('exam.computeStatistics')}
            </button>
            {stats.data?.workbookUrl && (
              <a class="button" href={stats.data.workbookUrl}>
                {t('exam.downloadResults')}
              </a>
            )}
          </div>
          {stats.data?.status === 'pending' && <p role="status">{t('exam.computing')}</p>}
          {f && (
            <>
              <p class="hint">{t('exam.computedAt', { at: formatDateTime(stats.data!.computedAt!) })}</p>
              <div class="figures" data-testid="exam-figures">
                {(
                  [
                    ['exam.fig.graded', f.summary.count],
                    ['exam.fig.mean', f.summary.mean],
                    ['exam.fig.median', f.summary.median],
                    ['exam.fig.sd', f.summary.standardDeviation],
                    ['exam.fig.passRate', Math.round(f.summary.passRate * 1000) / 10],
                  ] as const
                ).map(([label, value]) => (
                  <div class="card" key={label}>
                    <p>{t(label)}</p>
                    <p class="figure">{formatNumber(value)}</p>
                  </div>
                ))}
              </div>
              <BarChart
                title={t('exam.distribution')}
                rows={Object.entries(f.summary.distribution)
                  .sort(([a], [b]) => Number(a) - Number(b))
                  .map(([band, value]) => ({ label: formatNumber(Number(band)), value }))}
              />
              <BarChart
                title={t('exam.meanBySchool')}
                rows={f.bySchool.map((g) => ({ label: g.name, value: g.mean }))}
              />
              <h3>{t('exam.itemAnalysis')}</h3>
              <DataTable
                testId="item-analysis"
                items={f.items}
                rowKey={(i) => i.questionId}
                columns={[
                  { header: t('exam.stem'), cell: (i) => i.stem || i.questionId.slice(0, 8) },
                  { header: t('exam.type'), cell: (i) => t(`exam.type.${i.type}` as never) },
                  { header: t('exam.difficulty'), cell: (i) => formatNumber(i.difficulty) },
                  { header: t('exam.discrimination'), cell: (i) => formatNumber(i.discrimination) },
                  {
                    header: t('exam.choices'),
                    cell: (i) =>
                      Object.entries(i.choices)
                        .sort(([a], [b]) => a.localeCompare(b))
                        .map(([c, n]) => `${c}: ${n}`)
                        .join(', '),
                  },
                ]}
              />
            </>
          )}
        </section>
      )}
    </>
  );
}

interface ScriptView {
  scriptId: string;
  questionId: string;
  text: string;
  criteria: { criterion: string; points: number }[];
  state: 'open' | 'disputed' | 'done';
  requiredMarks: number;
  marksGiven: number;
  markedByMe: boolean;
  marks?: { points: number }[];
  finalPoints?: number;
}

export function MarkingPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('exam.marking'));
  const [state, setState] = useState<'open' | 'disputed' | 'done'>('open');
  const [refresh, setRefresh] = useState(0);
  const scripts = usePaged<ScriptView>(
    (cursor, signal) =>
      api<Page<ScriptView>>(`/exam-sessions/${id}/scripts`, { query: { state, limit: 10, cursor }, signal }),
    [id, state, refresh],
  );
  return (
    <>
      <h1>{t('exam.marking')}</h1>
      <nav class="tabs" aria-label={t('exam.marking')}>
        {(['open', 'disputed', 'done'] as const).map((s) => (
          <button key={s} type="button" aria-pressed={state === s} onClick={() => setState(s)}>
            {t(`exam.scripts.${s}` as never)}
          </button>
        ))}
      </nav>
      <PagedList state={scripts} label={t('exam.marking')}>
        {(items) => (
          <>
            {items.map((script) => (
              <ScriptCard
                key={script.scriptId}
                sessionId={id}
                script={script}
                onMarked={() => setRefresh((n) => n + 1)}
              />
            ))}
          </>
        )}
      </PagedList>
    </>
  );
}

function ScriptCard({
  sessionId,
  script,
  onMarked,
}: {
  sessionId: string;
  script: ScriptView;
  onMarked: () => void;
}) {
  const mark = useSubmit((form) => {
    const v = formValues(form);
    return api(`/exam-sessions/${sessionId}/scripts/${script.scriptId}/marks`, {
      method: 'POST',
      body: { criterionPoints: script.criteria.map((_, i) => Number((v[`c${i}`] ?? '0').replace(',', '.'))) },
    });
  }, onMarked);
  return (
    <section class="panel" data-testid="script">
      <h2>{t('exam.script', { id: script.scriptId.slice(0, 8) })}</h2>
      <blockquote class="essay">{script.text}</blockquote>
      {script.marks && (
        <p>{t('exam.marksSoFar', { marks: script.marks.map((m) => formatNumber(m.points)).join(' · ') })}</p>
      )}
      {script.finalPoints !== undefined ? (
        <p role="status">{t('exam.finalMark', { points: formatNumber(script.finalPoints) })}</p>
      ) : script.markedByMe && script.state === 'open' ? (
        <p>{t('exam.waitSecond')}</p>
      ) : (
        <form class="stacked" onSubmit={mark.onSubmit}>
          {script.criteria.map((c, i) => (
            <Field
              key={c.criterion}
              name={`c${i}`}
              label={t('exam.criterionMark', { criterion: c.criterion, max: formatNumber(c.points) })}
              type="number"
              step={0.25}
              min={0}
              max={c.points}
              required
            />
          ))}
          <FormProblem problem={mark.problem} failure={mark.failure} fields={[]} />
          <div class="actions">
            <button type="submit" class="primary" disabled={mark.busy}>
              {t('exam.saveMark')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

interface SheetJob {
  jobId: string;
  kind: 'import' | 'export';
  status: string;
  rows?: number;
  created?: number;
  duplicates?: number;
  failed?: number;
  errors: { row: number; column: string; message: string }[];
  downloadUrl?: string;
  upload?: UploadLink;
}

/** Import questions from a sheet (upload, then the worker's result by cell) or export a bank. */
function QuestionSheets({
  unit,
  subject,
  grade,
  onImported,
}: {
  unit: string;
  subject: string;
  grade: string;
  onImported: () => void;
}) {
  const [job, setJob] = useState<SheetJob>();
  const done = useRef(onImported);
  done.current = onImported;
  const upload = useSubmit(
    async (form) => {
      const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
      if (!file) return undefined;
      const created = await api<SheetJob>(`${unitPath(unit)}/question-imports`, { method: 'POST' });
      await uploadFile(created.upload!, file);
      return created;
    },
    (created) => created && setJob(created),
  );
  const exportBank = useSubmit(
    () =>
      api<SheetJob>(`${unitPath(unit)}/question-exports`, {
        method: 'POST',
        body: { subject, grade: Number(grade) },
      }),
    setJob,
  );
  useEffect(() => {
    if (!job) return;
    if (job.status === 'done' || job.status === 'failed') {
      if (job.kind === 'import') done.current();
      return;
    }
    const timer = setTimeout(
      () => api<SheetJob>(`/question-sheets/${job.jobId}`).then(setJob, () => undefined),
      1_000,
    );
    return () => clearTimeout(timer);
  }, [job]);
  return (
    <section class="panel">
      <h2>{t('exam.sheets')}</h2>
      <form class="stacked" onSubmit={upload.onSubmit}>
        <p class="hint">{t('exam.sheetsIntro')}</p>
        <Field name="file" type="file" label={t('import.file')} required accept=".xlsx" />
        <FormProblem problem={upload.problem} failure={upload.failure} fields={[]} />
        <div class="actions">
          <button type="submit" class="primary" disabled={upload.busy}>
            {t('import.button')}
          </button>
        </div>
      </form>
      <form onSubmit={exportBank.onSubmit}>
        <button type="submit" disabled={exportBank.busy}>
          {t('exam.exportBank', { subject, grade })}
        </button>
      </form>
      {job && job.status !== 'done' && job.status !== 'failed' && (
        <p role="status">{t('exam.sheetWorking')}</p>
      )}
      {job?.status === 'done' && job.kind === 'import' && (
        <div role="status" data-testid="question-import-result">
          <p class={job.failed ? 'field-error' : 'success'}>
            {t('exam.imported', {
              created: job.created ?? 0,
              duplicates: job.duplicates ?? 0,
              failed: job.failed ?? 0,
            })}
          </p>
          {job.errors.length > 0 && (
            <DataTable
              items={job.errors}
              rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
              columns={[
                { header: t('exam.row'), cell: (e) => e.row },
                { header: t('exam.column'), cell: (e) => e.column },
                { header: t('exam.problem'), cell: (e) => e.message },
              ]}
            />
          )}
        </div>
      )}
      {job?.status === 'done' && job.kind === 'export' && job.downloadUrl && (
        <p role="status">
          <a class="button" href={job.downloadUrl} download>
            {t('exam.exportReady', { rows: job.rows ?? 0 })}
          </a>
        </p>
      )}
      {job?.status === 'failed' && (
        <p class="field-error" role="alert">
          {job.errors.map((e) => e.message).join('; ')}
        </p>
      )}
    </section>
  );
}
