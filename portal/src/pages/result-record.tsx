/**
 * A learner's result as the education database keeps it (a `result` record, written by the grade
 * book and never typed): whose, which period, under which circular, each subject by its name with
 * its average or rating (and in primary its periodic test), and what the period decided — for the
 * commune officer who approves it and the school that reads it. Codes never show: subjects and
 * qualities are named from the programme (functions/gradebook/domain).
 */
import { CIRCULAR_27, RULE_SETS } from '../../../functions/gradebook/domain/rules.ts';
import { subjectsOfGrade } from '../../../functions/gradebook/domain/subjects.ts';
import type { Level, QualityRating, ResultPeriod, SubjectRating, YearOutcome } from '../api/gradebook.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { DataTable } from '../ui/table.tsx';
import { levelText } from './gradebook-cells.ts';

interface ResultData {
  learnerName?: string;
  grade: number;
  schoolYear: string;
  period: ResultPeriod;
  ruleSet: string;
  subjects: Record<string, number | 'D' | 'CD' | SubjectRating>;
  absentHalfDays: number;
  honour?: 'excellent' | 'good';
  // Circular 22
  learning?: Level;
  conduct?: Level;
  outcome?: YearOutcome;
  retestSubjects?: string[];
  graduationEligible?: boolean;
  // Circular 27
  tests?: Record<string, number>;
  qualities?: Record<string, QualityRating>;
  achievement?: 'HTXS' | 'HTT' | 'HT' | 'CHT';
  completion?: 'grade' | 'primary' | 'support';
}

const PERIOD = { '1': 'results.period.1', '2': 'results.period.2', year: 'results.period.year' } as const;

function subjectValue(value: number | string): string {
  if (typeof value === 'number')
    return formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (value === 'D' || value === 'CD') return t(`results.pass.${value}`);
  return t(`results.rating.${value as SubjectRating}`);
}

export function ResultRecordView({ data }: { data: Record<string, unknown> }) {
  const r = data as unknown as ResultData;
  const names = new Map(subjectsOfGrade(r.grade).map((s) => [s.code, s.name]));
  const subjectName = (code: string) => names.get(code) ?? code;
  const circular = RULE_SETS.find((s) => s.id === r.ruleSet)?.circular ?? r.ruleSet;
  const subjects = Object.entries(r.subjects).map(([code, value]) => ({ code, value }));
  const qualities = CIRCULAR_27.qualities.filter((q) => r.qualities?.[q.code]);
  return (
    <>
      <dl class="details" data-testid="record-data">
        {r.learnerName && (
          <>
            <dt>{t('gradebook.pupil')}</dt>
            <dd>{r.learnerName}</dd>
          </>
        )}
        <dt>{t('gradebook.schoolYear')}</dt>
        <dd>{r.schoolYear}</dd>
        <dt>{t('resultRecord.period')}</dt>
        <dd>{t(PERIOD[r.period])}</dd>
        <dt>{t('gradebook.grade')}</dt>
        <dd>{formatNumber(r.grade)}</dd>
        <dt>{t('gradebook.circular')}</dt>
        <dd>{t('gradebook.circularName', { circular })}</dd>
        {r.learning && (
          <>
            <dt>{t('results.learningLong')}</dt>
            <dd>{levelText(r.learning)}</dd>
          </>
        )}
        {r.conduct && (
          <>
            <dt>{t('results.conductLong')}</dt>
            <dd>{levelText(r.conduct)}</dd>
          </>
        )}
        {r.achievement && (
          <>
            <dt>{t('results.primary.achievement')}</dt>
            <dd>{t(`results.achievement.${r.achievement}`)}</dd>
          </>
        )}
        <dt>{t('homeroom.col.absentLong')}</dt>
        <dd>{formatNumber(r.absentHalfDays)}</dd>
        {r.honour && (
          <>
            <dt>{t('results.honour')}</dt>
            <dd>{t(`results.honour.${r.honour}`)}</dd>
          </>
        )}
        {r.outcome && (
          <>
            <dt>{t('results.outcome')}</dt>
            <dd>
              {t(`results.outcome.${r.outcome}`, {
                subjects: (r.retestSubjects ?? []).map(subjectName).join(', '),
              })}
            </dd>
          </>
        )}
        {r.completion && (
          <>
            <dt>{t('results.outcome')}</dt>
            <dd>{t(`results.completion.${r.completion}`)}</dd>
          </>
        )}
      </dl>
      <DataTable
        testId="result-subjects"
        items={subjects}
        rowKey={(s) => s.code}
        columns={[
          { header: t('gradebook.subject'), cell: (s) => subjectName(s.code) },
          { header: t('resultRecord.result'), cell: (s) => subjectValue(s.value) },
          ...(r.tests
            ? [
                {
                  header: t('gradebook.col.testLong'),
                  cell: (s: { code: string }) =>
                    r.tests?.[s.code] === undefined ? '—' : formatNumber(r.tests[s.code]!),
                },
              ]
            : []),
        ]}
      />
      {qualities.length > 0 && (
        <DataTable
          testId="result-qualities"
          items={qualities}
          rowKey={(q) => q.code}
          columns={[
            { header: t('resultStats.primary.quality'), cell: (q) => q.name },
            { header: t('resultRecord.rating'), cell: (q) => t(`results.quality.${r.qualities![q.code]!}`) },
          ]}
        />
      )}
    </>
  );
}
