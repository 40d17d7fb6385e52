/**
 * A unit's primary learners (Circular 27) on the statistics page (result-statistics.tsx): for the
 * year, how many at each achievement and how many completed the grade or primary school; each
 * subject's learners at each rating and each quality's or competency's, in tables that read on a
 * phone as cards.
 */
import { QUALITY_RATINGS, SUBJECT_RATINGS } from '../api/gradebook.ts';
import { ACHIEVEMENTS, COMPLETIONS, type PrimaryTally } from '../api/result-statistics.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { DataTable } from '../ui/table.tsx';
import { Figures } from './result-statistics.tsx';

export function PrimaryStatistics({ tally, year }: { tally: PrimaryTally; year: boolean }) {
  return (
    <section class="panel" aria-labelledby="result-stats-primary" data-testid="result-stats-primary">
      <h2 id="result-stats-primary">{t('resultStats.primary.title')}</h2>
      <p class="hint">{t('resultStats.primary.lead', { n: tally.learners })}</p>
      {year && (
        <>
          <h3>{t('results.primary.achievement')}</h3>
          <Figures
            testId="primary-achievements"
            items={ACHIEVEMENTS.map((a) => [a, t(`results.achievement.${a}`), tally.achievements[a] ?? 0])}
          />
          <h3>{t('results.outcome')}</h3>
          <Figures
            testId="primary-completions"
            items={COMPLETIONS.map((c) => [c, t(`resultStats.completion.${c}`), tally.completions[c] ?? 0])}
          />
        </>
      )}
      <h3>{t('resultStats.primary.subjects')}</h3>
      <DataTable
        testId="primary-subjects"
        items={tally.subjects}
        rowKey={(s) => s.code}
        columns={[
          { header: t('gradebook.subject'), cell: (s) => s.name },
          ...SUBJECT_RATINGS.map((r) => ({
            header: t(`results.rating.${r}`),
            cell: (s: PrimaryTally['subjects'][number]) => formatNumber(s.ratings[r] ?? 0),
          })),
        ]}
      />
      <h3>{t('results.primary.qualities')}</h3>
      <DataTable
        testId="primary-qualities"
        items={tally.qualities}
        rowKey={(q) => q.code}
        columns={[
          { header: t('resultStats.primary.quality'), cell: (q) => q.name },
          ...QUALITY_RATINGS.map((r) => ({
            header: t(`results.quality.${r}`),
            cell: (q: PrimaryTally['qualities'][number]) => formatNumber(q.ratings[r] ?? 0),
          })),
        ]}
      />
    </section>
  );
}
