/**
 * Released scores, the learners' and guardians' side: for each linked learner (oneself, each
 * child by name) the grade books of their class that are locked — released — with their own
 * scores as the grade book shows them (TX1…, GK, CK, the average; Đ / CĐ; the rating) and the
 * teacher's comment. Nothing shows before a book is released. Under them the learner's signed
 * transcripts (học bạ): year, class, school, the day signed and the verification code (a link to
 * the public verification page), with the signed PDF and the XML to download.
 */

import { api } from '../api/client.ts';
import type { DownloadLink, MyTranscripts, ScoreCells } from '../api/gradebook.ts';
import type { Me } from '../api/types.ts';
import { formatDay, formatDayTime, t } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { formatScore } from './class-parts.tsx';
import { cellText, columnOf } from './gradebook-cells.ts';
import { TranscriptFiles, verifyHref, yearText } from './gradebook-transcripts.tsx';

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

type LearnerTranscripts = MyTranscripts['learners'][number];

/** A learner's signed transcripts, newest year first, each with its files and its code. */
function Transcripts({
  learner,
  error,
  retry,
}: {
  learner: LearnerTranscripts | undefined;
  error: unknown;
  retry: () => void;
}) {
  const id = `transcripts-${learner?.learnerId ?? 'none'}`;
  return (
    <section aria-labelledby={id} data-testid="learner-transcripts">
      <h3 id={id}>{t('myScores.transcripts')}</h3>
      {error ? (
        <ErrorPanel error={error} retry={retry} />
      ) : !learner || learner.transcripts.length === 0 ? (
        <p class="empty">{t('myScores.noTranscripts')}</p>
      ) : (
        <ul class="items">
          {learner.transcripts.map((tr) => (
            <li key={tr.schoolYear} data-testid="transcript">
              <h4 class="item-title">
                {t('myScores.transcriptTitle', { year: yearText(tr.schoolYear), className: tr.className })}
              </h4>
              <dl class="details">
                <dt>{t('myScores.school')}</dt>
                <dd>{tr.schoolName}</dd>
                <dt>{t('myScores.signedOn')}</dt>
                <dd>{formatDay(tr.signedAt)}</dd>
                <dt>{t('transcripts.code')}</dt>
                <dd>
                  <code data-testid="transcript-code">{tr.code}</code> ·{' '}
                  <a href={verifyHref(tr.code)}>{t('myScores.verify')}</a>
                </dd>
              </dl>
              <TranscriptFiles
                name={t('myScores.transcriptFilesOf', {
                  name: learner.fullName,
                  year: yearText(tr.schoolYear),
                })}
                link={(format) =>
                  api<DownloadLink>('/me/transcripts/download', {
                    method: 'POST',
                    body: { learnerId: learner.learnerId, schoolYear: tr.schoolYear, format },
                  })
                }
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MyScoresPage(_: { me: Me }) {
  usePageTitle(t('myScores.title'));
  const scores = useAsync((signal) => api<{ learners: LearnerScores[] }>('/me/scores', { signal }), []);
  const transcripts = useAsync((signal) => api<MyTranscripts>('/me/transcripts', { signal }), []);
  if (scores.error) return <ErrorPanel error={scores.error} retry={scores.reload} />;
  if (!scores.data) return <Loading />;
  const learners = scores.data.learners;
  const transcriptsOf = new Map((transcripts.data?.learners ?? []).map((l) => [l.learnerId, l]));
  // A learner with transcripts but no class this year (left, graduated): their transcripts still show.
  const formerLearners = (transcripts.data?.learners ?? []).filter(
    (l) => l.transcripts.length > 0 && !learners.some((s) => s.learnerId === l.learnerId),
  );
  const namesThem = learners.length > 1 || learners.some((l) => l.relation === 'guardian');
  return (
    <>
      <h1>{t('myScores.title')}</h1>
      <p class="lead">{t('myScores.lead')}</p>
      {learners.length === 0 && formerLearners.length === 0 && (
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
          {transcripts.data || transcripts.error ? (
            <Transcripts
              learner={transcriptsOf.get(l.learnerId)}
              error={transcripts.error}
              retry={transcripts.reload}
            />
          ) : (
            <Loading />
          )}
        </section>
      ))}
      {formerLearners.map((l) => (
        <section
          key={l.learnerId}
          class="panel"
          aria-labelledby={`scores-${l.learnerId}`}
          data-testid="learner-scores"
        >
          <h2 id={`scores-${l.learnerId}`}>{l.fullName}</h2>
          <Transcripts learner={l} error={undefined} retry={transcripts.reload} />
        </section>
      ))}
    </>
  );
}
