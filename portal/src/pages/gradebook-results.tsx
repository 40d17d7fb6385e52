/**
 * A class's results for a semester or the year, as the API computes them from the
 * books and the homeroom rows: per pupil each subject's result (the average, or Đạt / Chưa đạt),
 * the learning level, conduct, half-days absent and, for the year, the honour and what follows.
 * A subject not complete says so in its cell, and nothing above it is given; the names stay in
 * view while the table scrolls sideways on a phone. Above the table, the class's statistics of
 * the period and, for its homeroom teacher, sending its results to the education database
 * (gradebook-class-statistics.tsx). A primary class (Circular 27) has its own table
 * (gradebook-primary-results.tsx). The homeroom teacher's and the school leaders' (the API decides).
 */
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import {
  type ClassResults,
  type PupilResults,
  RESULT_PERIODS,
  type ResultPeriod,
  resultsPath,
} from '../api/gradebook.ts';
import type { Me } from '../api/types.ts';
import { formatNumber, type MessageKey, t } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { Empty, ErrorPanel, Loading } from '../ui/states.tsx';
import { ScrollRegion } from '../ui/table.tsx';
import { bareClassName, levelText, semesterOf } from './gradebook-cells.ts';
import { ClassResultSummary } from './gradebook-class-statistics.tsx';
import { PrimaryResultsTable } from './gradebook-primary-results.tsx';
import { ClassTabs } from './gradebook-tabs.tsx';

const PERIOD_NAME: Record<ResultPeriod, MessageKey> = {
  '1': 'results.period.1',
  '2': 'results.period.2',
  year: 'results.period.year',
};

/** An average as schools write it, one decimal always: 9,0, 8,6. */
const average = (score: number) =>
  formatNumber(score, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function SubjectCell({ row, code }: { row: PupilResults; code: string }) {
  const result = row.results[code];
  if (result === undefined)
    return <span class="missing">{row.missing.includes(code) ? t('results.missingCell') : '—'}</span>;
  if (typeof result === 'number') return <>{average(result)}</>;
  return <>{t(result === 'D' ? 'results.pass.D' : 'results.pass.CD')}</>;
}

/** What follows the year, in words: promoted (or eligible for graduation), re-tests, training, staying down. */
function outcomeText(data: ClassResults, row: PupilResults, names: Map<string, string>): ComponentChildren {
  const o = row.outcome;
  if (!o) {
    const why = row.missing.length
      ? t('results.undecided.scores')
      : !row.conduct
        ? t('results.undecided.conduct')
        : row.absencesMissing
          ? t('results.undecided.absences')
          : '';
    return <span class="missing">{why ? t('results.undecided', { why }) : '—'}</span>;
  }
  const subjects = o.retestSubjects.map((code) => names.get(code) ?? code).join(', ');
  const grade = data.class.grade;
  const graduation =
    o.graduationEligible === undefined
      ? undefined
      : t(
          o.graduationEligible
            ? grade >= 10
              ? 'results.graduation.upper'
              : 'results.graduation.lower'
            : grade >= 10
              ? 'results.graduation.upperNot'
              : 'results.graduation.lowerNot',
        );
  // In a final grade, being promoted is being eligible for graduation: one line says it.
  if (o.outcome === 'promoted' && o.graduationEligible) return graduation;
  return (
    <>
      {t(`results.outcome.${o.outcome}`, { subjects })}
      {graduation && <span class="hint"> {graduation}</span>}
    </>
  );
}

function LearningCell({ row, names }: { row: PupilResults; names: Map<string, string> }) {
  if (!row.learning)
    return (
      <span class="missing">
        {t('results.unrated')}
        {row.missing.length > 0 && (
          <span class="hint">
            {' '}
            {t('results.missingList', { subjects: row.missing.map((c) => names.get(c) ?? c).join(', ') })}
          </span>
        )}
      </span>
    );
  const lifted = row.learning.liftedFor;
  return (
    <>
      {levelText(row.learning.level)}
      {lifted && <span class="hint"> {t('results.lifted', { subject: names.get(lifted) ?? lifted })}</span>}
    </>
  );
}

export function ClassResultsPage({ me, classId }: { me: Me; classId: string }) {
  const { query } = useLocation();
  const asked = query['period'] as ResultPeriod | undefined;
  const period: ResultPeriod =
    asked && RESULT_PERIODS.includes(asked) ? asked : (String(semesterOf(new Date())) as ResultPeriod);
  const view = useAsync(
    (signal) => api<ClassResults>(resultsPath(classId), { query: { period }, signal }),
    [classId, period],
  );
  const data = view.data?.period === period ? view.data : undefined;
  const name = view.data ? bareClassName(view.data.class.name) : '';
  const title = view.data
    ? t('results.title', { name, period: t(PERIOD_NAME[period]) })
    : t('gradebook.title');
  usePageTitle(title);
  if (view.error) return <ErrorPanel error={view.error} retry={view.reload} />;
  if (!view.data) return <Loading />;
  const shown = data ?? view.data;
  const year = shown.period === 'year';
  const primary = shown.ruleSet.level === 'primary';
  const names = new Map(shown.subjects.map((s) => [s.code, s.name]));
  const tableLabel = t('results.tableLabel', { className: shown.class.name, period: t(PERIOD_NAME[period]) });
  return (
    <>
      <p>
        <a href="/grade-books">{t('gradebook.back')}</a>
      </p>
      <h1>{title}</h1>
      <ClassTabs classId={classId} className={shown.class.name} current="results" />
      <nav class="tabs" aria-label={t('results.periods')} data-testid="period-picker">
        {RESULT_PERIODS.map((p) => (
          <a
            key={p}
            href={`${resultsPath(classId)}?period=${p}`}
            aria-current={p === period ? 'page' : undefined}
          >
            {t(PERIOD_NAME[p])}
          </a>
        ))}
      </nav>
      <p class="lead">
        {primary
          ? t(year ? 'results.leadPrimaryYear' : 'results.leadPrimary')
          : t(year ? 'results.leadYear' : 'results.lead')}
      </p>
      <dl class="details" data-testid="results-details">
        <dt>{t('gradebook.schoolYear')}</dt>
        <dd>{shown.class.schoolYear}</dd>
        <dt>{t('gradebook.circular')}</dt>
        <dd>{t('gradebook.circularName', { circular: shown.ruleSet.circular })}</dd>
      </dl>
      {data && (
        <ClassResultSummary
          me={me}
          classId={classId}
          className={shown.class.name}
          period={period}
          subjects={names}
        />
      )}
      {shown.subjects.length === 0 ? (
        <Empty>{t('results.noSubjects')}</Empty>
      ) : shown.rows.length === 0 ? (
        <Empty>{t('gradebook.noPupils')}</Empty>
      ) : primary ? (
        <PrimaryResultsTable data={shown} label={tableLabel} loading={view.loading} />
      ) : (
        <ScrollRegion label={tableLabel} busy={view.loading}>
          <table class="gradebook-grid results-grid" data-testid="results-table" aria-label={tableLabel}>
            <thead>
              <tr>
                <th scope="col" class="pupil">
                  {t('gradebook.pupil')}
                </th>
                {shown.subjects.map((s) => (
                  <th scope="col" key={s.code} class="subject">
                    {s.name}
                  </th>
                ))}
                <th scope="col">
                  <abbr title={t('results.learningLong')}>{t('results.learning')}</abbr>
                </th>
                <th scope="col">
                  <abbr title={t('results.conductLong')}>{t('results.conduct')}</abbr>
                </th>
                <th scope="col">
                  <abbr title={t('homeroom.col.absentLong')}>{t('homeroom.col.absent')}</abbr>
                </th>
                {year && <th scope="col">{t('results.honour')}</th>}
                {year && <th scope="col">{t('results.outcome')}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.rows.map((row, i) => (
                <tr key={row.learnerId}>
                  <th scope="row" class="pupil">
                    <span class="pupil-number">{formatNumber(i + 1)}.</span> {row.fullName}
                  </th>
                  {shown.subjects.map((s) => (
                    <td key={s.code} class="score" data-subject={s.code}>
                      <SubjectCell row={row} code={s.code} />
                    </td>
                  ))}
                  <td data-testid="learning">
                    <LearningCell row={row} names={names} />
                  </td>
                  <td data-testid="conduct">
                    {row.conduct ? (
                      levelText(row.conduct)
                    ) : (
                      <span class="missing">{t(year ? 'results.noConductYear' : 'results.noConduct')}</span>
                    )}
                  </td>
                  <td class="score" data-testid="absences">
                    {formatNumber(row.absentHalfDays)}
                    {row.absencesMissing && <span class="hint"> {t('results.absencesPartial')}</span>}
                  </td>
                  {year && (
                    <td data-testid="honour">
                      {row.honour ? (
                        t(`results.honour.${row.honour}`)
                      ) : row.learning && row.conduct ? (
                        t('results.noHonour')
                      ) : (
                        <span class="missing">{t('results.notYet')}</span>
                      )}
                    </td>
                  )}
                  {year && <td data-testid="outcome">{outcomeText(shown, row, names)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  );
}
