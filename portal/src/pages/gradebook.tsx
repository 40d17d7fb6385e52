/**
 * Grade books (sổ điểm, functions/gradebook): a teacher's books of this school year and the
 * classes they are homeroom teacher of; a school leader's classes of the school; a class's books
 * (subject, semester, teacher, locked or open); and a book's grid (gradebook-grid.tsx), read-only
 * once locked or for whoever does not teach it, with "Khoá sổ điểm" for the school's leaders,
 * asked in a dialog (Enter never locks). The API decides who may read, enter or lock. The class's
 * homeroom rows and results (gradebook-homeroom.tsx, gradebook-results.tsx) are tabs beside its
 * books, with its transcripts (gradebook-transcripts.tsx); a locked book's teacher asks a change of
 * a cell from its grid (gradebook-changes.tsx), and a school leader's classes link to the school's
 * queue of those requests and to signing the school's transcripts (gradebook-signing.tsx).
 */
import { useRef, useState } from 'preact/hooks';
import { ROLE_RULES, type Role } from '../../../shared/auth/permissions.ts';
import { api } from '../api/client.ts';
import {
  type ClassGradeBooks,
  type GradeBook,
  type GradeBookClass,
  type GradeBookSummary,
  gradeBookPath,
  gradeBooksPath,
  type MyGradeBook,
  type ScoreChange,
  type ScoreRow,
  signTranscriptsPage,
} from '../api/gradebook.ts';
import type { Me } from '../api/types.ts';
import { formatDate, formatDayTime, formatNumber, t } from '../i18n/index.ts';
import { ConfirmButton } from '../ui/decision.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { Empty, ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import { bareClassName } from './gradebook-cells.ts';
import { AskChangeDialog, askedText } from './gradebook-changes.tsx';
import { GradeGrid, type GridHandle } from './gradebook-grid.tsx';
import { ClassTabs, useHomeroomAccess } from './gradebook-tabs.tsx';
import { GradeBookXlsx } from './gradebook-xlsx.tsx';

const enc = encodeURIComponent;

/** The units where the person leads a school's grade books (a role that locks them itself). */
export function unitsLockingGradeBooks(me: Me): [string, string][] {
  const units = new Map<string, string>();
  for (const r of me.roles)
    if (
      (ROLE_RULES[r.role as Role] ?? []).some(
        (rule) => rule.permission === 'gradebook.lock' && !rule.delegateOnly,
      )
    )
      units.set(r.scopeOrgUnitId, r.scopeName ?? r.scopeOrgUnitId);
  return [...units];
}

/** "Lớp 12A1 — Toán, học kì 2". */
const bookLabel = (className: string, subjectName: string, semester: number) =>
  t('gradebook.bookLink', { className, subject: subjectName, semester });

// ——— My grade books ———

export function GradeBooksPage({ me }: { me: Me }) {
  usePageTitle(t('gradebook.title'));
  const leading = unitsLockingGradeBooks(me);
  const mine = useAsync((signal) => api<{ items: MyGradeBook[] }>('/me/grade-books', { signal }), [me.sub]);
  const showMine = leading.length === 0 || (mine.data?.items.length ?? 0) > 0 || mine.error;
  return (
    <>
      <h1>{t('gradebook.title')}</h1>
      <p class="lead">{leading.length ? t('gradebook.leadLeader') : t('gradebook.leadTeacher')}</p>
      {showMine && (
        <section class="panel" aria-labelledby="my-books-title">
          <h2 id="my-books-title">{t('gradebook.mine')}</h2>
          {mine.error ? (
            <ErrorPanel error={mine.error} retry={mine.reload} />
          ) : !mine.data ? (
            <Loading />
          ) : mine.data.items.length === 0 ? (
            <Empty>{t('gradebook.noneMine')}</Empty>
          ) : (
            <MyBooks items={mine.data.items} />
          )}
        </section>
      )}
      {showMine && <MyChanges />}
      {leading.map(([unit, name]) => (
        <SchoolClasses key={unit} unit={unit} name={name} />
      ))}
    </>
  );
}

/** When a semester's books lock, as the school set it: a date to plan by, past or to come. */
function LockDeadline({ lockOn }: { lockOn: string | undefined }) {
  if (!lockOn) return null;
  const passed = lockOn <= new Date().toISOString().slice(0, 10);
  return (
    <p class="hint" data-testid="lock-deadline">
      {t(passed ? 'gradebook.deadlinePassed' : 'gradebook.deadline', { date: formatDate(lockOn) })}
    </p>
  );
}

/** The teacher's own change requests to locked books, newest first: what was asked and what was decided. */
function MyChanges() {
  const mine = useAsync(
    (signal) => api<{ items: ScoreChange[] }>('/me/grade-book-changes?limit=20', { signal }),
    [],
  );
  if (mine.error || !mine.data?.items.length) return null;
  return (
    <section class="panel" aria-labelledby="my-changes-title" data-testid="my-changes">
      <h2 id="my-changes-title">{t('gradebook.myChanges')}</h2>
      <ul class="items">
        {mine.data.items.map((c) => (
          <li key={c.requestId} data-testid="my-change">
            <strong>
              {t('changes.itemTitle', {
                name: c.fullName,
                subject: c.subjectName,
                semester: c.semester,
                className: bareClassName(c.className),
              })}
            </strong>
            <br />
            {askedText(c)}{' '}
            <span
              class={`badge ${c.state === 'approved' ? 'badge-approved' : c.state === 'rejected' ? 'badge-returned' : ''}`}
            >
              {t(`changes.state.${c.state}`)}
            </span>
            {c.note && <> — {c.note}</>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The person's books, by class: the homeroom class first, then each subject and semester. */
function MyBooks({ items }: { items: MyGradeBook[] }) {
  const classes = new Map<string, MyGradeBook[]>();
  for (const item of items) classes.set(item.classId, [...(classes.get(item.classId) ?? []), item]);
  return (
    <ul class="items" data-testid="my-grade-books">
      {[...classes].map(([classId, books]) => {
        const first = books[0]!;
        return (
          <li key={classId}>
            <h3 class="item-title">{first.className}</h3>
            <p class="hint">{t('gradebook.classOf', { school: first.schoolName, year: first.schoolYear })}</p>
            <ul>
              {books.map((b) =>
                b.role === 'homeroom' ? (
                  <li key="homeroom">
                    <a href={gradeBooksPath(classId)}>
                      {t('gradebook.homeroomLink', { name: bareClassName(b.className) })}
                    </a>
                  </li>
                ) : (
                  <li key={`${b.subject}-${b.semester}`}>
                    <a href={gradeBookPath(classId, b.subject!, b.semester!)}>
                      {bookLabel(b.className, b.subjectName ?? b.subject!, b.semester!)}
                    </a>
                  </li>
                ),
              )}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

/** A school leader's classes of the school's latest year, each to its books. */
function SchoolClasses({ unit, name }: { unit: string; name: string }) {
  const classes = useAsync(
    (signal) => api<{ items: GradeBookClass[] }>(`/org-units/${enc(unit)}/grade-book-classes`, { signal }),
    [unit],
  );
  const titleId = `school-classes-${unit.replace(/\W/g, '-')}`;
  return (
    <section class="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('gradebook.schoolClasses', { school: name })}</h2>
      <p>
        <a href={`/units/${enc(unit)}/grade-book-changes`}>{t('gradebook.changesLink')}</a>
        {' · '}
        <a href={signTranscriptsPage(unit)}>{t('gradebook.signingLink')}</a>
      </p>
      {classes.error ? (
        <ErrorPanel error={classes.error} retry={classes.reload} />
      ) : !classes.data ? (
        <Loading />
      ) : classes.data.items.length === 0 ? (
        <Empty>{t('gradebook.noClasses')}</Empty>
      ) : (
        <DataTable
          testId="grade-book-classes"
          items={classes.data.items}
          rowKey={(c) => c.classId}
          columns={[
            {
              header: t('gradebook.class'),
              cell: (c) => <a href={gradeBooksPath(c.classId)}>{c.name}</a>,
            },
            { header: t('gradebook.grade'), cell: (c) => formatNumber(c.grade) },
            { header: t('gradebook.schoolYear'), cell: (c) => c.schoolYear },
            {
              header: t('gradebook.homeroomTeacher'),
              cell: (c) => c.homeroomTeacherName ?? <span class="hint">{t('gradebook.noTeacher')}</span>,
            },
          ]}
        />
      )}
    </section>
  );
}

// ——— A class's grade books ———

/** "Đã khoá" with when and by whom, or "Đang mở". */
function LockState({ book }: { book: GradeBookSummary }) {
  if (!book.locked)
    return (
      <span class="badge badge-draft" data-testid="book-state">
        {t('gradebook.open')}
      </span>
    );
  return (
    <>
      <span class="badge badge-approved" data-testid="book-state">
        {t('gradebook.locked')}
      </span>
      {(book.lockedAt || book.lockedByName) && <span class="hint"> {lockedWhenWho(book)}</span>}
    </>
  );
}

const lockedWhenWho = (book: GradeBookSummary) =>
  book.lockedAt && book.lockedByName
    ? t('gradebook.lockedAtBy', { at: formatDayTime(book.lockedAt), name: book.lockedByName })
    : book.lockedAt
      ? t('gradebook.lockedAt', { at: formatDayTime(book.lockedAt) })
      : t('gradebook.lockedBy', { name: book.lockedByName ?? '' });

/** "Khoá sổ điểm", asked in a dialog naming the book: only its confirming button locks. */
function LockButton({
  classId,
  className,
  book,
  onDone,
}: {
  classId: string;
  className: string;
  book: GradeBookSummary;
  onDone: () => void;
}) {
  const what = { subject: book.subjectName, semester: book.semester, className };
  return (
    <ConfirmButton
      testId="lock-grade-book"
      label={t('gradebook.lock')}
      name={t('gradebook.lockNamed', what)}
      question={t('gradebook.lockQuestion', what)}
      detail={t('gradebook.lockDetail')}
      confirm={t('gradebook.lockConfirm')}
      send={() =>
        api<GradeBookSummary>(`${gradeBookPath(classId, book.subject, book.semester)}/lock`, {
          method: 'POST',
        })
      }
      onDone={onDone}
    />
  );
}

export function ClassGradeBooksPage({ classId }: { me: Me; classId: string }) {
  const view = useAsync((signal) => api<ClassGradeBooks>(gradeBooksPath(classId), { signal }), [classId]);
  const homeroom = useHomeroomAccess(classId);
  const name = view.data ? bareClassName(view.data.class.name) : '';
  usePageTitle(view.data ? t('gradebook.classTitle', { name }) : t('gradebook.title'));
  if (view.error) return <ErrorPanel error={view.error} retry={view.reload} />;
  if (!view.data) return <Loading />;
  const { class: cls, ruleSet, items } = view.data;
  const locks = items.some((b) => b.mayLock);
  const semesters = [...new Set(items.map((b) => b.semester))].sort((a, b) => a - b);
  return (
    <>
      <p>
        <a href="/grade-books">{t('gradebook.back')}</a>
      </p>
      <h1>{t('gradebook.classTitle', { name })}</h1>
      {homeroom && <ClassTabs classId={classId} className={cls.name} current="books" />}
      <dl class="details" data-testid="class-details">
        <dt>{t('gradebook.schoolYear')}</dt>
        <dd>{cls.schoolYear}</dd>
        <dt>{t('gradebook.grade')}</dt>
        <dd>{formatNumber(cls.grade)}</dd>
        <dt>{t('gradebook.circular')}</dt>
        <dd>{t('gradebook.circularName', { circular: ruleSet.circular })}</dd>
      </dl>
      {semesters.map((semester) => (
        <section
          key={semester}
          class="panel"
          aria-labelledby={`semester-${semester}`}
          data-testid={`semester-${semester}`}
        >
          <h2 id={`semester-${semester}`}>{t('gradebook.semester', { n: semester })}</h2>
          <LockDeadline lockOn={view.data?.deadlines?.find((d) => d.semester === semester)?.lockOn} />
          <DataTable
            testId={`class-grade-books-${semester}`}
            items={items.filter((b) => b.semester === semester)}
            rowKey={(b) => `${b.subject}-${b.semester}`}
            columns={[
              {
                header: t('gradebook.subject'),
                cell: (b) => (
                  <a
                    href={gradeBookPath(classId, b.subject, b.semester)}
                    aria-label={t('gradebook.subjectSemester', {
                      subject: b.subjectName,
                      semester: b.semester,
                    })}
                  >
                    {b.subjectName}
                  </a>
                ),
              },
              {
                header: t('gradebook.teacher'),
                cell: (b) => b.teacherName ?? <span class="hint">{t('gradebook.noTeacher')}</span>,
              },
              {
                header: t('gradebook.state'),
                cell: (b) => (
                  <>
                    <LockState book={b} />
                    {b.mayEnter && <span class="hint"> · {t('gradebook.youEnter')}</span>}
                  </>
                ),
              },
              ...(locks
                ? [
                    {
                      header: t('gradebook.lockHeader'),
                      cell: (b: GradeBookSummary) =>
                        b.mayLock ? (
                          <LockButton classId={classId} className={cls.name} book={b} onDone={view.reload} />
                        ) : (
                          ''
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </section>
      ))}
    </>
  );
}

// ——— One grade book ———

export function GradeBookPage({
  classId,
  subject,
  semester,
}: {
  me: Me;
  classId: string;
  subject: string;
  semester: string;
}) {
  const view = useAsync(
    (signal) => api<GradeBook>(gradeBookPath(classId, subject, Number(semester)), { signal }),
    [classId, subject, semester],
  );
  const [notice, setNotice] = useState<string>();
  const [asked, setAsked] = useState<string>();
  const [asking, setAsking] = useState<ScoreRow>();
  const grid = useRef<GridHandle>();
  const book = view.data;
  // A locked book: its subject's teacher (by their books this year) may ask a change of a cell.
  const mine = useAsync(
    (signal) =>
      book?.locked
        ? api<{ items: MyGradeBook[] }>('/me/grade-books', { signal })
        : Promise.resolve({ items: [] as MyGradeBook[] }),
    [book?.locked, classId],
  );
  const mayAsk = Boolean(
    book?.locked &&
      mine.data?.items.some(
        (b) =>
          b.role === 'teacher' &&
          b.classId === classId &&
          b.subject === book.subject &&
          b.semester === book.semester,
      ),
  );
  const title = book
    ? t('gradebook.bookTitle', {
        subject: book.subjectName,
        className: book.class.name,
        semester: book.semester,
      })
    : t('gradebook.title');
  usePageTitle(title);
  if (view.error) return <ErrorPanel error={view.error} retry={view.reload} />;
  if (!book) return <Loading />;
  return (
    <>
      <p>
        <a href={gradeBooksPath(classId)}>
          {t('gradebook.backToClass', { name: bareClassName(book.class.name) })}
        </a>
      </p>
      <h1>{title}</h1>
      <dl class="details" data-testid="book-details">
        <dt>{t('gradebook.teacher')}</dt>
        <dd>{book.teacherName ?? t('gradebook.noTeacher')}</dd>
        <dt>{t('gradebook.schoolYear')}</dt>
        <dd>{book.class.schoolYear}</dd>
        <dt>{t('gradebook.pupils')}</dt>
        <dd>{formatNumber(book.rows.length)}</dd>
        <dt>{t('gradebook.circular')}</dt>
        <dd>{t('gradebook.circularName', { circular: book.ruleSet.circular })}</dd>
      </dl>
      {book.locked ? (
        <div class="notice locked-banner" data-testid="gradebook-locked">
          <p>
            <strong>{t('gradebook.lockedBanner')}</strong>
            {(book.lockedAt || book.lockedByName) && <> — {lockedWhenWho(book)}</>}
          </p>
          <p>{mayAsk ? t('gradebook.lockedNoteTeacher') : t('gradebook.lockedNote')}</p>
        </div>
      ) : (
        !book.mayEnter && (
          <p class="notice" data-testid="gradebook-read-only">
            {t('gradebook.readOnly')}
          </p>
        )
      )}
      {notice && (
        <p class="notice" role="alert" data-testid="gradebook-reloaded">
          {notice}
        </p>
      )}
      {asked && (
        <p class="notice" role="status" data-testid="change-asked">
          {asked}
        </p>
      )}
      {book.mayLock && (
        <LockButton
          classId={classId}
          className={book.class.name}
          book={book}
          onDone={() => {
            setNotice(undefined);
            view.reload();
          }}
        />
      )}
      {book.mayEnter && book.rows.length > 0 && <GradeBookXlsx book={book} grid={grid} />}
      {book.rows.length === 0 ? (
        <Empty>{t('gradebook.noPupils')}</Empty>
      ) : (
        <GradeGrid
          book={book}
          handle={grid}
          {...(mayAsk
            ? {
                action: {
                  header: t('changes.header'),
                  cell: (row: ScoreRow) => (
                    <button
                      type="button"
                      aria-label={t('changes.askFor', { name: row.fullName })}
                      onClick={() => {
                        setAsked(undefined);
                        setAsking(row);
                      }}
                    >
                      {t('changes.ask')}
                    </button>
                  ),
                },
              }
            : {})}
          onConflict={(detail) => {
            setNotice(t('gradebook.reloaded', { detail }));
            view.reload();
          }}
        />
      )}
      {mayAsk && (
        <AskChangeDialog
          book={book}
          row={asking}
          onClose={() => setAsking(undefined)}
          onAsked={(change: ScoreChange) => setAsked(askedText(change))}
        />
      )}
    </>
  );
}
