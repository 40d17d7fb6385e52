/**
 * On a class's "Kết quả" tab: the class's statistics of the period, computed now from its books
 * (learning levels, conduct, for the year honours and what follows, each subject's mean), and for
 * its homeroom teacher "Gửi kết quả lên CSDL" — the class's results of the period sent to the
 * education database through a dialog whose focused button is "Huỷ", answered with how many were
 * sent, who was not and what they miss, or the books still open (nothing is sent while one is).
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../api/client.ts';
import { type MyGradeBook, type ResultPeriod, SUBJECT_RATINGS } from '../api/gradebook.ts';
import {
  ACHIEVEMENTS,
  COMPLETIONS,
  classResultStatisticsPath,
  LEVELS,
  OUTCOMES,
  type PrimaryTally,
  type ResultStatistics,
  type ResultsSubmission,
  resultsSubmissionPath,
  type Tally,
} from '../api/result-statistics.ts';
import type { Me } from '../api/types.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { ConfirmButton } from '../ui/decision.tsx';
import { useAsync } from '../ui/hooks.ts';
import { ErrorPanel } from '../ui/states.tsx';
import { levelText } from './gradebook-cells.ts';
import { missingText } from './gradebook-transcripts.tsx';
import { meanText, PERIOD_NAME, PERIOD_PHRASE } from './result-statistics.tsx';

/** "Tốt 3 · Khá 5 · Đạt 2 · Chưa đạt 0". */
const levelsText = (counts: Tally['learning']) =>
  LEVELS.map((l) => `${levelText(l)} ${formatNumber(counts[l] ?? 0)}`).join(' · ');

/** "TOAN/2" → "Toán học kì 2". */
const bookText = (key: string, subjects: Map<string, string>) => {
  const [code = key, semester = ''] = key.split('/');
  return t('classStats.book', { subject: subjects.get(code) ?? code, semester });
};

export function ClassResultSummary({
  me,
  classId,
  className,
  period,
  subjects,
}: {
  me: Me;
  classId: string;
  className: string;
  period: ResultPeriod;
  /** The class's subjects by code → name. */
  subjects: Map<string, string>;
}) {
  const stats = useAsync(
    (signal) =>
      api<ResultStatistics>(classResultStatisticsPath(classId), { query: { period }, signal }).catch(
        (error: unknown) => {
          // A class the caller may not read (404): no summary.
          if (error instanceof ApiProblem && (error.status === 409 || error.status === 404)) return undefined;
          throw error;
        },
      ),
    [classId, period],
  );
  // The homeroom teacher sends: the class is one of her homeroom classes this year.
  const mine = useAsync(
    (signal) =>
      me.permissions.includes('gradebook.enter')
        ? api<{ items: MyGradeBook[] }>('/me/grade-books', { signal })
        : Promise.resolve({ items: [] as MyGradeBook[] }),
    [me.sub],
  );
  const [sent, setSent] = useState<ResultsSubmission>();
  const homeroom = (mine.data?.items ?? []).some((b) => b.role === 'homeroom' && b.classId === classId);
  const periodName = t(PERIOD_NAME[period]);
  const data = stats.data?.period === period ? stats.data : undefined;
  if (stats.error) return <ErrorPanel error={stats.error} retry={stats.reload} />;
  if (!data && !homeroom) return null;
  const total = data?.total;
  return (
    <section class="panel" aria-labelledby="class-stats-title" data-testid="class-result-stats">
      <h2 id="class-stats-title">{t('classStats.title', { period: periodName })}</h2>
      {total && (
        <dl class="details" data-testid="class-stats-figures">
          <dt>{t('classStats.counted')}</dt>
          <dd data-figure="learners">
            {t('classStats.countedText', { learners: total.learners, incomplete: total.incomplete })}
          </dd>
          {total.primary && total.primary.learners > 0 && (
            <PrimaryFigures tally={total.primary} year={period === 'year'} />
          )}
          {total.learners > (total.primary?.learners ?? 0) && (
            <>
              <dt>{t('results.learningLong')}</dt>
              <dd data-figure="learning">{levelsText(total.learning)}</dd>
              <dt>{t('results.conductLong')}</dt>
              <dd data-figure="conduct">{levelsText(total.conduct)}</dd>
              {period === 'year' && (
                <>
                  <dt>{t('resultStats.honours')}</dt>
                  <dd data-figure="honours">
                    {t('classStats.honoursText', {
                      excellent: total.honours.excellent,
                      good: total.honours.good,
                    })}
                  </dd>
                  <dt>{t('results.outcome')}</dt>
                  <dd data-figure="outcomes">
                    {OUTCOMES.map(
                      (o) => `${t(`resultStats.outcome.${o}`)} ${formatNumber(total.outcomes[o] ?? 0)}`,
                    ).join(' · ')}
                  </dd>
                </>
              )}
              {total.subjects.some((s) => s.scored > 0) && (
                <>
                  <dt>{t('classStats.means')}</dt>
                  <dd data-figure="means">
                    {total.subjects
                      .filter((s) => s.scored > 0)
                      .map((s) => `${s.name} ${meanText(s.mean)}`)
                      .join(' · ')}
                  </dd>
                </>
              )}
            </>
          )}
        </dl>
      )}
      {homeroom && (
        <>
          <p class="hint">{t('classStats.submitLead', { period: t(PERIOD_PHRASE[period]) })}</p>
          <ConfirmButton
            testId="submit-results"
            label={t('classStats.submit')}
            question={t('classStats.submitQuestion', { period: t(PERIOD_PHRASE[period]), className })}
            detail={t('classStats.submitDetail')}
            confirm={t('classStats.submitConfirm')}
            send={() => {
              setSent(undefined);
              return api<ResultsSubmission>(resultsSubmissionPath(classId), {
                method: 'POST',
                body: { period },
              });
            }}
            onDone={(result) => {
              setSent(result);
              stats.reload();
            }}
          />
        </>
      )}
      {sent && <SubmissionOutcome sent={sent} subjects={subjects} />}
    </section>
  );
}

/** "Hoàn thành xuất sắc 3 · Hoàn thành tốt 5 · …", the completions, each subject's ratings. */
function PrimaryFigures({ tally, year }: { tally: PrimaryTally; year: boolean }) {
  const counts = <K extends string>(keys: readonly K[], of: Record<K, number>, label: (k: K) => string) =>
    keys.map((k) => `${label(k)} ${formatNumber(of[k] ?? 0)}`).join(' · ');
  return (
    <>
      {year && (
        <>
          <dt>{t('results.primary.achievement')}</dt>
          <dd data-figure="achievements">
            {counts(ACHIEVEMENTS, tally.achievements, (a) => t(`results.achievement.${a}`))}
          </dd>
          <dt>{t('results.outcome')}</dt>
          <dd data-figure="completions">
            {counts(COMPLETIONS, tally.completions, (c) => t(`resultStats.completion.${c}`))}
          </dd>
        </>
      )}
      <dt>{t('classStats.ratings')}</dt>
      <dd data-figure="ratings">
        {tally.subjects
          .map((s) => `${s.name}: ${counts(SUBJECT_RATINGS, s.ratings, (r) => t(`results.rating.${r}`))}`)
          .join('; ')}
      </dd>
    </>
  );
}

function SubmissionOutcome({ sent, subjects }: { sent: ResultsSubmission; subjects: Map<string, string> }) {
  if (sent.openBooks.length)
    return (
      <p class="notice" role="status" data-testid="submission-outcome">
        {t('classStats.openBooks', { books: sent.openBooks.map((b) => bookText(b, subjects)).join(', ') })}
      </p>
    );
  return (
    <section
      class="notice"
      role="status"
      data-testid="submission-outcome"
      aria-label={t('classStats.sentLabel')}
    >
      <p>
        <strong>{t('classStats.sent', { submitted: sent.submitted, unchanged: sent.unchanged })}</strong>
      </p>
      {sent.elsewhere > 0 && <p>{t('classStats.elsewhere', { n: sent.elsewhere })}</p>}
      {sent.skipped.length > 0 && (
        <>
          <p>{t('classStats.skipped', { n: sent.skipped.length })}</p>
          <ul data-testid="submission-skipped">
            {sent.skipped.map((s) => (
              <li key={s.learnerId}>
                {t('transcripts.skippedPupil', {
                  name: s.fullName,
                  missing: missingText(s.missing, subjects),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
