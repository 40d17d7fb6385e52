/**
 * "Ký học bạ", a school leader's screen (from "Sổ điểm" and a home task): a grade of the school's
 * latest year is picked (its grades from the school's classes), its transcripts counted by class
 * and state, and "Ký học bạ khối N" signs every approved one at once through a dialog whose focused
 * button is "Huỷ" and which says how many will be signed (ui/decision.tsx: Enter never signs). A
 * worker then signs each (the homeroom teacher, the principal, the school's seal) within seconds:
 * the screen asks again every second while some are being signed, with the progress.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import {
  type GradeBookClass,
  type GradeTranscripts,
  gradeTranscriptsPath,
  signTranscriptsPage,
  type TranscriptCounts,
  transcriptsPath,
} from '../api/gradebook.ts';
import type { Me } from '../api/types.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { ConfirmButton } from '../ui/decision.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { Empty, ErrorPanel, Loading, ProgressBar } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import { bareClassName } from './gradebook-cells.ts';
import { yearText } from './gradebook-transcripts.tsx';

const NONE: TranscriptCounts = { approved: 0, signing: 0, signed: 0, failed: 0 };

/** Waiting for a signature: approved, or failed and to be signed again. */
const waitingOf = (c: TranscriptCounts) => c.approved + c.failed;

export function SignTranscriptsPage({ me, id }: { me: Me; id: string }) {
  const school = me.roles.find((r) => r.scopeOrgUnitId === id)?.scopeName ?? id;
  usePageTitle(t('signing.title'));
  const { query } = useLocation();
  const classes = useAsync(
    (signal) =>
      api<{ items: GradeBookClass[] }>(`/org-units/${encodeURIComponent(id)}/grade-book-classes`, { signal }),
    [id],
  );
  const all = classes.data?.items ?? [];
  const grades = [...new Set(all.map((c) => c.grade))].sort((a, b) => a - b);
  const asked = Number(query['grade']);
  // The last grade by default: its transcripts are the ones a school needs first (graduation).
  const grade = grades.includes(asked) ? asked : grades[grades.length - 1];
  const schoolYear = all[0]?.schoolYear;
  return (
    <>
      <p>
        <a href="/grade-books">{t('gradebook.back')}</a>
      </p>
      <h1>{t('signing.title')}</h1>
      <p class="lead">{t('signing.lead', { school })}</p>
      {classes.error ? (
        <ErrorPanel error={classes.error} retry={classes.reload} />
      ) : !classes.data ? (
        <Loading />
      ) : grade === undefined || !schoolYear ? (
        <Empty>{t('gradebook.noClasses')}</Empty>
      ) : (
        <>
          <nav class="tabs" aria-label={t('signing.grades')} data-testid="grade-picker">
            {grades.map((g) => (
              <a
                key={g}
                href={`${signTranscriptsPage(id)}?grade=${g}`}
                aria-current={g === grade ? 'page' : undefined}
              >
                {t('signing.grade', { grade: g })}
              </a>
            ))}
          </nav>
          <GradeSigning
            key={`${schoolYear}-${grade}`}
            unit={id}
            schoolYear={schoolYear}
            grade={grade}
            classes={all.filter((c) => c.grade === grade)}
          />
        </>
      )}
    </>
  );
}

function GradeSigning({
  unit,
  schoolYear,
  grade,
  classes,
}: {
  unit: string;
  schoolYear: string;
  grade: number;
  classes: GradeBookClass[];
}) {
  const view = useAsync(
    (signal) => api<GradeTranscripts>(gradeTranscriptsPath(unit), { query: { schoolYear, grade }, signal }),
    [unit, schoolYear, grade],
  );
  // How many this screen asked to sign: the progress counts down from it.
  const [queued, setQueued] = useState<number>();
  const signing = view.data?.counts.signing ?? 0;
  useEffect(() => {
    if (!signing) return;
    const timer = setTimeout(view.reload, 1_000);
    return () => clearTimeout(timer);
  }, [view.data]);
  if (view.error) return <ErrorPanel error={view.error} retry={view.reload} />;
  if (!view.data) return <Loading />;
  const { counts } = view.data;
  const waiting = waitingOf(counts);
  const byClass = new Map(view.data.classes.map((c) => [c.classId, c]));
  // Every class of the grade, those with no transcript approved yet too (by the API's name, or the list's).
  const rows = [
    ...classes.map((c) => ({
      classId: c.classId,
      className: c.name,
      homeroomTeacherName: c.homeroomTeacherName,
      counts: byClass.get(c.classId)?.counts ?? NONE,
    })),
    ...view.data.classes
      .filter((c) => !classes.some((k) => k.classId === c.classId))
      .map((c) => ({ ...c, homeroomTeacherName: undefined })),
  ];
  const what = { grade, year: yearText(schoolYear) };
  const total = queued ?? signing + counts.signed;
  const done = Math.max(0, total - signing);
  return (
    <section class="panel" aria-labelledby="grade-signing-title" data-testid="grade-signing">
      <h2 id="grade-signing-title">{t('signing.gradeTitle', what)}</h2>
      <dl class="details" data-testid="grade-counts">
        <dt>{t('signing.count.approved')}</dt>
        <dd data-testid="count-approved">{formatNumber(counts.approved)}</dd>
        <dt>{t('signing.count.signing')}</dt>
        <dd data-testid="count-signing">{formatNumber(counts.signing)}</dd>
        <dt>{t('signing.count.signed')}</dt>
        <dd data-testid="count-signed">{formatNumber(counts.signed)}</dd>
        <dt>{t('signing.count.failed')}</dt>
        <dd data-testid="count-failed">{formatNumber(counts.failed)}</dd>
      </dl>
      {signing > 0 ? (
        <div role="status" data-testid="signing-progress">
          <ProgressBar
            value={total ? (100 * done) / total : 0}
            label={t('signing.progress', what)}
            text={t('signing.progressText', { done, total })}
          />
        </div>
      ) : (
        queued !== undefined && (
          <p class="notice" role="status" data-testid="signing-done">
            {t('signing.done', { n: counts.signed, grade })}
            {counts.failed > 0 && <> {t('signing.doneFailed', { n: counts.failed })}</>}
          </p>
        )
      )}
      {waiting > 0 && signing === 0 ? (
        <ConfirmButton
          testId="sign-grade"
          label={t('signing.sign', { grade })}
          question={t('signing.question', { ...what, n: waiting })}
          detail={t('signing.detail')}
          confirm={t('signing.confirm', { n: waiting })}
          send={() =>
            api<{ queued: number }>(`${gradeTranscriptsPath(unit)}/signing`, {
              method: 'POST',
              body: { schoolYear, grade },
            })
          }
          onDone={(result) => {
            setQueued(result.queued);
            view.reload();
          }}
        />
      ) : (
        signing === 0 && (
          <p class="hint" data-testid="nothing-to-sign">
            {t('signing.nothing', { grade })}
          </p>
        )
      )}
      <DataTable
        testId="grade-transcripts"
        items={rows}
        rowKey={(r) => r.classId}
        columns={[
          {
            header: t('gradebook.class'),
            cell: (r) => (
              <a
                href={transcriptsPath(r.classId)}
                aria-label={t('signing.classLink', { name: bareClassName(r.className) })}
              >
                {r.className}
              </a>
            ),
          },
          {
            header: t('gradebook.homeroomTeacher'),
            cell: (r) => r.homeroomTeacherName ?? <span class="hint">{t('gradebook.noTeacher')}</span>,
          },
          { header: t('signing.col.approved'), cell: (r) => formatNumber(r.counts.approved) },
          { header: t('signing.col.signing'), cell: (r) => formatNumber(r.counts.signing) },
          { header: t('signing.col.signed'), cell: (r) => formatNumber(r.counts.signed) },
          { header: t('signing.col.failed'), cell: (r) => formatNumber(r.counts.failed) },
        ]}
      />
    </section>
  );
}
