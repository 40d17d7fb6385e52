/**
 * A primary class's results (Circular 27), the table of the results page (gradebook-results.tsx):
 * per pupil each subject's rating with its periodic test, the qualities and competencies as
 * counts of each rating (the homeroom page lists them one by one), half-days absent and, for the
 * year, the achievement (Art. 9), the honour (Art. 15) and what follows (Art. 11). Nothing is
 * decided while a subject or a quality is missing, and the row says which.
 */
import {
  type ClassResults,
  type PupilResults,
  QUALITY_RATINGS,
  SUBJECT_RATINGS,
  type SubjectRating,
} from '../api/gradebook.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { ScrollRegion } from '../ui/table.tsx';

function RatingCell({ row, code }: { row: PupilResults; code: string }) {
  const rating = row.results[code];
  if (typeof rating !== 'string' || !SUBJECT_RATINGS.includes(rating as SubjectRating))
    return <span class="missing">{row.missing.includes(code) ? t('results.primary.notRated') : '—'}</span>;
  const test = row.tests?.[code];
  return (
    <>
      <abbr title={t(`results.rating.${rating as SubjectRating}`)}>{rating}</abbr>
      {test !== undefined && (
        <span class="hint"> {t('results.primary.test', { score: formatNumber(test) })}</span>
      )}
    </>
  );
}

/** "Tốt: 12, Đạt: 1": how many qualities and competencies have each rating. */
function QualitiesCell({ row, count }: { row: PupilResults; count: number }) {
  const rated = Object.values(row.qualities ?? {});
  const parts = QUALITY_RATINGS.flatMap((r) => {
    const n = rated.filter((x) => x === r).length;
    return n ? [t('results.primary.qualityCount', { rating: t(`results.quality.${r}`), n })] : [];
  });
  if (rated.length < count)
    return (
      <span class="missing">
        {t('results.primary.qualitiesMissing', { rated: rated.length, count })}
        {parts.length > 0 && <span class="hint"> ({parts.join(', ')})</span>}
      </span>
    );
  return <>{parts.join(', ')}</>;
}

function YearCells({ row, names }: { row: PupilResults; names: Map<string, string> }) {
  if (!row.achievement) {
    const missing = row.missing.map((c) =>
      c === 'qualities' ? t('results.primary.qualities') : (names.get(c) ?? c),
    );
    const why = t('results.primary.undecided', { missing: missing.join(', ') });
    return (
      <>
        <td data-testid="achievement">
          <span class="missing">{why}</span>
        </td>
        <td data-testid="honour">
          <span class="missing">{t('results.notYet')}</span>
        </td>
        <td data-testid="outcome">
          <span class="missing">{t('results.notYet')}</span>
        </td>
      </>
    );
  }
  return (
    <>
      <td data-testid="achievement">{t(`results.achievement.${row.achievement}`)}</td>
      <td data-testid="honour">{row.honour ? t(`results.honour.${row.honour}`) : t('results.noHonour')}</td>
      <td data-testid="outcome">{row.completion ? t(`results.completion.${row.completion}`) : '—'}</td>
    </>
  );
}

export function PrimaryResultsTable({
  data,
  label,
  loading,
}: {
  data: ClassResults;
  label: string;
  loading: boolean;
}) {
  const year = data.period === 'year';
  const names = new Map(data.subjects.map((s) => [s.code, s.name]));
  const qualityCount = data.qualities?.length ?? 0;
  return (
    <ScrollRegion label={label} busy={loading}>
      <table class="gradebook-grid results-grid" data-testid="results-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col" class="pupil">
              {t('gradebook.pupil')}
            </th>
            {data.subjects.map((s) => (
              <th scope="col" key={s.code} class="subject">
                {s.name}
              </th>
            ))}
            <th scope="col">{t('results.primary.qualities')}</th>
            <th scope="col">
              <abbr title={t('homeroom.col.absentLong')}>{t('homeroom.col.absent')}</abbr>
            </th>
            {year && <th scope="col">{t('results.primary.achievement')}</th>}
            {year && <th scope="col">{t('results.primary.honour')}</th>}
            {year && <th scope="col">{t('results.outcome')}</th>}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row, i) => (
            <tr key={row.learnerId}>
              <th scope="row" class="pupil">
                <span class="pupil-number">{formatNumber(i + 1)}.</span> {row.fullName}
              </th>
              {data.subjects.map((s) => (
                <td key={s.code} class="score" data-subject={s.code}>
                  <RatingCell row={row} code={s.code} />
                </td>
              ))}
              <td data-testid="qualities">
                <QualitiesCell row={row} count={qualityCount} />
              </td>
              <td class="score" data-testid="absences">
                {formatNumber(row.absentHalfDays)}
              </td>
              {year && <YearCells row={row} names={names} />}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
