/**
 * Released scores, the learners' and guardians' side: for each linked learner (oneself, each
 * child by name) the grade books of their class that are locked — released — with their own
 * scores as the grade book shows them (TX1…, GK, CK, the average; Đ / CĐ; the rating) and the
 * teacher's comment. Nothing shows before a book is released.
 */

import { api } from '../api/client.ts';
import type { ScoreCells } from '../api/gradebook.ts';
import type { Me } from '../api/types.ts';
import { formatDayTime, t } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { formatScore } from './class-parts.tsx';
import { cellText, columnOf } from './gradebook-cells.ts';

interface ReleasedBook {
  subject: string;
  subjectName: string;
  semester: number;
  releasedAt: string;
  cells: ScoreCells;
  average?: number;
}
interface LearnerScores {
  learnerId: string;
  fullName: string;
  relation: 'self' | 'guardian';
  className: string;
  schoolYear: string;
  books: ReleasedBook[];
}

/** The cells a released book shows, in the grid's order: what was given, nothing empty. */
function shownCells(book: ReleasedBook): { label: string; long: string; value: string }[] {
  const fields = [
    ...book.cells.regular.map((_, i) => `regular.${i}`),
    'midTerm',
    'endTerm',
    'pass',
    'rating',
    'test',
  ];
  return fields
    .map((field) => ({ column: columnOf(field), value: cellText({ cells: book.cells }, field) }))
    .filter((c) => c.value !== '')
    .map((c) => ({ label: c.column.short, long: c.column.long, value: c.value }));
}

export function MyScoresPage(_: { me: Me }) {
  usePageTitle(t('myScores.title'));
  const scores = useAsync((signal) => api<{ learners: LearnerScores[] }>('/me/scores', { signal }), []);
  if (scores.error) return <ErrorPanel error={scores.error} retry={scores.reload} />;
  if (!scores.data) return <Loading />;
  const learners = scores.data.learners;
  const namesThem = learners.length > 1 || learners.some((l) => l.relation === 'guardian');
  return (
    <>
      <h1>{t('myScores.title')}</h1>
      <p class="lead">{t('myScores.lead')}</p>
      {learners.length === 0 && (
        <p class="empty" data-testid="my-scores-none">
          {t('myScores.noLearner')}
        </p>
      )}
      {learners.map((l) => (
        <section
          key={l.learnerId}
          class="panel"
          aria-labelledby={`scores-${l.learnerId}`}
          data-testid="learner-scores"
        >
          <h2 id={`scores-${l.learnerId}`}>
            {namesThem ? t('myScores.of', { name: l.fullName, className: l.className }) : l.className}
          </h2>
          {l.books.length === 0 ? (
            <p class="empty">{t('myScores.noneReleased')}</p>
          ) : (
            <ul class="items">
              {[...l.books]
                .sort((a, b) => a.semester - b.semester || a.subjectName.localeCompare(b.subjectName, 'vi'))
                .map((b) => (
                  <li key={`${b.subject}-${b.semester}`} data-testid="released-book">
                    <strong>{t('myScores.book', { subject: b.subjectName, semester: b.semester })}</strong>
                    <dl class="score-cells">
                      {shownCells(b).map((c) => (
                        <div key={c.label}>
                          <dt>
                            <abbr title={c.long}>{c.label}</abbr>
                          </dt>
                          <dd>{c.value}</dd>
                        </div>
                      ))}
                      {b.average !== undefined && (
                        <div>
                          <dt>
                            <abbr title={t('myScores.averageLong')}>{t('myScores.average')}</abbr>
                          </dt>
                          <dd data-testid="released-average">{formatScore(b.average)}</dd>
                        </div>
                      )}
                    </dl>
                    {b.cells.comment && <p>{t('myScores.comment', { comment: b.cells.comment })}</p>}
                    <p class="muted">{t('myScores.releasedAt', { at: formatDayTime(b.releasedAt) })}</p>
                  </li>
                ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
