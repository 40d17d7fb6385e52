/**
 * The homeroom teacher's semester ("Chủ nhiệm"): each pupil's conduct (T, K, Đ, CĐ — or the
 * words) or, in primary (Circular 27), each quality and competency (T, Đ, CCG), half-days absent
 * and a comment, typed in the grade book's grid (gradebook-grid.tsx:
 * keys as in a spreadsheet, autosave, each refused cell with its reason in Vietnamese, a 409
 * reloading with what was typed kept). The homeroom teacher enters; school leaders read.
 */
import { useState } from 'preact/hooks';
import { QUALITY_FIELD } from '../../../functions/gradebook/domain/book.ts';
import { api } from '../api/client.ts';
import { type Homeroom, type HomeroomRow, homeroomPath } from '../api/gradebook.ts';
import type { Me } from '../api/types.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { Empty, ErrorPanel, Loading } from '../ui/states.tsx';
import { bareClassName, type GridColumn } from './gradebook-cells.ts';
import { CellGrid } from './gradebook-grid.tsx';
import { ClassTabs } from './gradebook-tabs.tsx';

/** Conduct as the teacher types it: T, K, Đ, CĐ. */
const CONDUCT_CODE = { T: 'T', K: 'K', D: 'Đ', CD: 'CĐ' } as const;
/** A quality's rating as the teacher types it: T, Đ, CCG. */
export const QUALITY_CODE = { T: 'T', D: 'Đ', CCG: 'CCG' } as const;

function homeroomText(row: HomeroomRow, field: string): string {
  if (field.startsWith(QUALITY_FIELD)) {
    const rating = row.qualities?.[field.slice(QUALITY_FIELD.length)];
    return rating ? QUALITY_CODE[rating] : '';
  }
  switch (field) {
    case 'conduct':
      return row.conduct ? CONDUCT_CODE[row.conduct] : '';
    case 'absentHalfDays':
      return row.absentHalfDays === undefined ? '' : String(row.absentHalfDays);
    case 'comment':
      return row.comment ?? '';
    default:
      return '';
  }
}

/** The row's columns as the API names them: conduct (Circular 22) or each quality (Circular 27). */
function homeroomColumns(data: Homeroom): GridColumn[] {
  const qualities = new Map(data.qualities.map((q) => [q.code, q]));
  return data.fields.map((field): GridColumn => {
    const quality = field.startsWith(QUALITY_FIELD)
      ? qualities.get(field.slice(QUALITY_FIELD.length))
      : undefined;
    if (quality)
      return {
        field,
        short: quality.name,
        long: t('homeroom.col.qualityLong', {
          group: t(`homeroom.group.${quality.group}`),
          name: quality.name,
        }),
        kind: 'code',
        hint: 'homeroom.hint.quality',
      };
    switch (field) {
      case 'conduct':
        return {
          field,
          short: t('homeroom.col.conduct'),
          long: t('homeroom.col.conductLong'),
          kind: 'code',
          hint: 'homeroom.hint.conduct',
        };
      case 'absentHalfDays':
        return {
          field,
          short: t('homeroom.col.absent'),
          long: t('homeroom.col.absentLong'),
          kind: 'count',
          hint: 'homeroom.hint.absent',
        };
      default:
        return {
          field,
          short: t('gradebook.col.comment'),
          long: t('gradebook.col.comment'),
          kind: 'comment',
        };
    }
  });
}

/** "I", "II": semesters as schools write them. */
export const semesterName = (semester: number) =>
  t(semester === 2 ? 'gradebook.semesterII' : 'gradebook.semesterI');

export function HomeroomPage({ classId, semester }: { me: Me; classId: string; semester: string }) {
  const n = semester === '2' ? 2 : 1;
  const view = useAsync((signal) => api<Homeroom>(homeroomPath(classId, n), { signal }), [classId, n]);
  const [notice, setNotice] = useState<string>();
  // The other semester's rows, while this one's load, are not shown under this one's title.
  const data = view.data?.semester === n ? view.data : undefined;
  const name = data ? bareClassName(data.class.name) : '';
  const title = data ? t('homeroom.title', { name, semester: semesterName(n) }) : t('gradebook.title');
  usePageTitle(title);
  if (view.error) return <ErrorPanel error={view.error} retry={view.reload} />;
  if (!data) return <Loading />;
  const primary = data.level === 'primary';
  return (
    <>
      <p>
        <a href="/grade-books">{t('gradebook.back')}</a>
      </p>
      <h1>{title}</h1>
      <ClassTabs classId={classId} className={data.class.name} current="homeroom" />
      <dl class="details" data-testid="homeroom-details">
        <dt>{t('gradebook.homeroomTeacher')}</dt>
        <dd>{data.homeroomTeacherName ?? t('gradebook.noTeacher')}</dd>
        <dt>{t('gradebook.schoolYear')}</dt>
        <dd>{data.class.schoolYear}</dd>
        <dt>{t('gradebook.pupils')}</dt>
        <dd>{formatNumber(data.rows.length)}</dd>
      </dl>
      <nav class="tabs" aria-label={t('homeroom.semesters')} data-testid="semester-tabs">
        {[1, 2].map((s) => (
          <a key={s} href={homeroomPath(classId, s)} aria-current={s === n ? 'page' : undefined}>
            {t('gradebook.semesterNamed', { name: semesterName(s) })}
          </a>
        ))}
      </nav>
      <p class="lead">{t(primary ? 'homeroom.leadPrimary' : 'homeroom.lead')}</p>
      {data.locked ? (
        <p class="notice" data-testid="homeroom-locked">
          {t(data.mayCorrect ? 'homeroom.lockedCorrect' : 'homeroom.locked')}
        </p>
      ) : (
        !data.mayEnter && (
          <p class="notice" data-testid="homeroom-read-only">
            {t(primary ? 'homeroom.readOnlyPrimary' : 'homeroom.readOnly')}
          </p>
        )
      )}
      {notice && (
        <p class="notice" role="alert" data-testid="homeroom-reloaded">
          {notice}
        </p>
      )}
      {data.rows.length === 0 ? (
        <Empty>{t('gradebook.noPupils')}</Empty>
      ) : (
        <CellGrid<HomeroomRow>
          key={data.semester}
          rows={data.rows}
          columns={homeroomColumns(data)}
          text={homeroomText}
          path={`${homeroomPath(classId, data.semester)}${data.mayCorrect ? '/corrections' : ''}`}
          editable={data.mayEnter || data.mayCorrect}
          label={t(primary ? 'homeroom.gridLabelPrimary' : 'homeroom.gridLabel', {
            className: data.class.name,
            semester: semesterName(data.semester),
          })}
          testId="homeroom-grid"
          texts={{
            keys: 'homeroom.keys',
            autosave: 'homeroom.autosave',
            changedElsewhere: 'homeroom.changedElsewhere',
          }}
          onConflict={(detail) => {
            setNotice(t('homeroom.reloaded', { detail }));
            view.reload();
          }}
        />
      )}
    </>
  );
}
