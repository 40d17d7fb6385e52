/**
 * The city digital library: the public search over the union catalogue and a title's page (no
 * sign-in), and the librarian's cataloguing desk — a title by hand, MARC 21 files in and out.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { TITLE_TYPES } from '../../../functions/library/domain/kinds.ts';
import { CURRICULUM_SUBJECTS } from '../../../functions/repository/domain/curriculum.ts';
import { ApiProblem, api, type Page, type UploadLink, uploadFile } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { fieldLabel } from '../i18n/fields.ts';
import { formatDay, formatNumber, t } from '../i18n/index.ts';
import { Field, FormProblem, formValues, linesOf, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync, usePolling } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { SchoolPicker, TitlePicker } from '../ui/pickers.tsx';
import { Empty, ErrorPanel, Loading, NotFound } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import { curriculumLabel, useLessonTitles } from './curriculum-names.ts';

const typeLabel = (type: string) => t(`lib.type.${type}` as never);

interface Hit {
  titleId: string;
  title: string;
  authors: string[];
  year?: number;
  type: string;
}

interface Title extends Hit {
  isbn?: string;
  subtitle?: string;
  publisher?: string;
  language: string;
  subjects: string[];
  classification?: string;
  curriculum: { subject: string; grade: number; lessonId?: string }[];
  revision: number;
  /** A digital resource of the learning repository: its page reads or plays it. */
  resourceId?: string;
}

/** The public search: words with or without diacritics, an ISBN, filters; more results on demand. */
export function LibrarySearchPage() {
  usePageTitle(t('lib.search.title'));
  const initial = new URLSearchParams(location.search);
  const [searches, setSearches] = useState(0);
  const [query, setQuery] = useState({
    q: initial.get('q') ?? '',
    type: initial.get('type') ?? '',
    grade: initial.get('grade') ?? '',
    school: initial.get('school') ?? '',
  });
  const [more, setMore] = useState<Hit[]>([]);
  const [cursor, setCursor] = useState<string>();
  const first = useAsync(
    async (signal) => {
      if (!query.q) return undefined;
      const page = await api<Page<Hit>>('/library/search', { query: { ...query, limit: 20 }, signal });
      setMore([]);
      setCursor(page.nextCursor);
      return page;
    },
    // `searches` counts submits: the same words searched again are searched again (new titles).
    [query.q, query.type, query.grade, query.school, searches],
  );
  const loadMore = async () => {
    const page = await api<Page<Hit>>('/library/search', { query: { ...query, limit: 20, cursor } });
    setMore((m) => [...m, ...page.items]);
    setCursor(page.nextCursor);
  };
  const hits = [...(first.data?.items ?? []), ...more];
  // After a search, focus goes to the number found (said by screen readers), then the list.
  const found = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (first.data && searches > 0) found.current?.focus();
  }, [first.data, searches]);
  return (
    <>
      <h1>{t('lib.search.title')}</h1>
      <section class="panel">
        <p>{t('lib.search.intro')}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const v = formValues(e.currentTarget as HTMLFormElement);
            const next = { q: v.q ?? '', type: v.type ?? '', grade: v.grade ?? '', school: v.school ?? '' };
            history.replaceState(null, '', `?${new URLSearchParams(next)}`);
            setQuery(next);
            setSearches((n) => n + 1);
          }}
        >
          <Field name="q" type="search" label={t('lib.search.words')} defaultValue={query.q} required />
          <Select
            name="type"
            label={t('lib.type')}
            defaultValue={query.type}
            options={[
              { value: '', label: t('lib.any') },
              ...TITLE_TYPES.map((v) => ({ value: v, label: typeLabel(v) })),
            ]}
          />
          <Select
            name="grade"
            label={t('lib.grade')}
            defaultValue={query.grade}
            options={[
              { value: '', label: t('lib.any') },
              ...Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })),
            ]}
          />
          <SchoolPicker
            name="school"
            legend={t('lib.search.school')}
            hint={t('lib.search.schoolHint')}
            initialValue={query.school || undefined}
            testId="search-school"
          />
          <button type="submit" class="primary">
            {t('lookup.search')}
          </button>
        </form>
      </section>
      {first.error ? <ErrorPanel error={first.error} retry={first.reload} /> : null}
      {query.q && !first.data && !first.error && <Loading />}
      {first.data && (
        <section class="panel" aria-labelledby="library-found">
          <h2 id="library-found" tabIndex={-1} ref={found} aria-live="polite">
            {t(cursor ? 'lib.search.foundMore' : 'lib.search.found', { count: hits.length })}
          </h2>
          {hits.length === 0 ? (
            <Empty>{t('lib.search.none')}</Empty>
          ) : (
            <ol class="results" data-testid="library-results">
              {hits.map((h) => (
                <li key={h.titleId}>
                  <a href={`/library/titles/${h.titleId}`}>{h.title}</a>
                  <span class="hint">
                    {' '}
                    — {h.authors.join(', ') || t('lib.noAuthor')}
                    {h.year ? `, ${h.year}` : ''} · {typeLabel(h.type)}
                  </span>
                </li>
              ))}
            </ol>
          )}
          {cursor && (
            <button type="button" onClick={() => void loadMore()}>
              {t('lib.more')}
            </button>
          )}
        </section>
      )}
    </>
  );
}

/** A school holding a title, as the title page says it: no borrower, no code. */
interface Holding {
  schoolId: string;
  name: string;
  commune?: string;
  copies: number;
  available: number;
  shelves: string[];
  /** When none is on the shelf: the day the first copy on loan is due back. */
  nextDueOn?: string;
}

/** A title of the union catalogue, for anyone, with its MARC record. */
export function LibraryTitlePage({ id }: { id: string }) {
  const title = useAsync(
    (signal) => api<Title>(`/library/titles/${encodeURIComponent(id)}`, { signal }),
    [id],
  );
  const holdings = useAsync(
    (signal) => api<{ items: Holding[] }>(`/library/titles/${encodeURIComponent(id)}/holdings`, { signal }),
    [id],
  );
  const lessonTitle = useLessonTitles(title.data?.curriculum ?? []);
  usePageTitle(title.data?.title ?? t('lib.search.title'));
  if (title.error instanceof ApiProblem && title.error.status === 404) return <NotFound />;
  if (title.error) return <ErrorPanel error={title.error} retry={title.reload} />;
  if (!title.data) return <Loading />;
  const b = title.data;
  const rows: [string, string | undefined][] = [
    [t('lib.authors'), b.authors.join('; ')],
    [t('lib.isbn'), b.isbn],
    [t('lib.publisher'), b.publisher],
    [t('lib.year'), b.year ? String(b.year) : undefined],
    [t('lib.type'), typeLabel(b.type)],
    [t('lib.subjects'), b.subjects.join('; ')],
    [t('lib.classification'), b.classification],
    [t('lib.curriculum'), b.curriculum.map((c) => curriculumLabel(c, lessonTitle)).join('; ')],
  ];
  return (
    <>
      <h1>
        {b.title}
        {b.subtitle ? `: ${b.subtitle}` : ''}
      </h1>
      <section class="panel">
        <dl class="facts" data-testid="library-title">
          {rows
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
        </dl>
        {b.resourceId && (
          <p>
            <a class="button primary" href={`/library/resources/${b.resourceId}`} data-testid="open-digital">
              {t('lib.openResource')}
            </a>
          </p>
        )}
        <p>
          <a href={`/api/library/titles/${b.titleId}/marc?format=marcxml`} download>
            {t('lib.marcxml')}
          </a>
          {' · '}
          <a href={`/api/library/titles/${b.titleId}/marc?format=iso2709`} download>
            {t('lib.iso2709')}
          </a>
        </p>
      </section>
      <section class="panel">
        <h2>{t('lib.heldBy')}</h2>
        {holdings.data?.items.length ? (
          <ul class="holdings" data-testid="held-by">
            {holdings.data.items.map((h) => (
              <li key={h.schoolId}>
                <strong>{h.name}</strong>
                {h.commune && <span class="hint"> — {h.commune}</span>}
                <br />
                <span class={h.available > 0 ? 'success' : undefined}>
                  {h.available > 0
                    ? t('lib.heldAvailable', {
                        available: formatNumber(h.available),
                        copies: formatNumber(h.copies),
                      })
                    : h.nextDueOn
                      ? t('lib.heldOutUntil', { day: formatDay(h.nextDueOn) })
                      : t('lib.heldOut')}
                </span>
                {h.shelves.length > 0 && <> · {t('lib.heldShelves', { shelves: h.shelves.join(', ') })}</>}
              </li>
            ))}
          </ul>
        ) : holdings.data ? (
          <Empty>{t('lib.heldNowhere')}</Empty>
        ) : null}
      </section>
    </>
  );
}

interface MappingRow {
  /** Only to keep each row's fields apart while rows come and go. */
  key: number;
  subject: string;
  grade: number;
  lessonId: string;
}
let nextRowKey = 1;

/**
 * A title's places in the 2018 curriculum, one row each: the subject and grade chosen from the
 * curriculum, the lesson (optional) from the Department's list for them; "Thêm" and "Bỏ".
 */
function CurriculumRows({
  rows,
  onChange,
  problem,
}: {
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
  problem?: ApiProblem | undefined;
}) {
  const error = problem?.fieldError('curriculum');
  return (
    <fieldset class={`field${error ? ' invalid' : ''}`} data-testid="curriculum-rows">
      <legend>{t('lib.curriculum')}</legend>
      <p class="hint">{t('lib.curriculumHint')}</p>
      {rows.map((row, i) => (
        <CurriculumRow
          key={row.key}
          row={row}
          n={i + 1}
          onChange={(next) => onChange(rows.map((r) => (r.key === row.key ? next : r)))}
          onRemove={() => onChange(rows.filter((r) => r.key !== row.key))}
        />
      ))}
      <p>
        <button
          type="button"
          onClick={() => onChange([...rows, { key: nextRowKey++, subject: 'toan', grade: 1, lessonId: '' }])}
        >
          {t('lib.curriculumAdd')}
        </button>
      </p>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}

function CurriculumRow({
  row,
  n,
  onChange,
  onRemove,
}: {
  row: MappingRow;
  n: number;
  onChange: (row: MappingRow) => void;
  onRemove: () => void;
}) {
  const grades = CURRICULUM_SUBJECTS.find((s) => s.code === row.subject)?.grades ?? [];
  const key = `${row.subject}/${row.grade}`;
  const lessons = useAsync(
    async (signal) => ({
      key,
      items: (
        await api<{ items: { lessonId: string; title: string }[] }>(`/curriculum/${key}/lessons`, {
          signal,
        }).catch(() => ({ items: [] }))
      ).items,
    }),
    [key],
  );
  // Only the lessons of the subject and grade chosen now (a list still arriving for the ones
  // before is not offered), in teaching order as the API gives them.
  const offered = lessons.data?.key === key ? lessons.data.items : [];
  const label = t('lib.curriculumRow', { n });
  return (
    <fieldset class="inline-fields" data-testid="curriculum-row">
      <legend class="visually-hidden">{label}</legend>
      <Select
        name={`curriculum-subject-${row.key}`}
        label={t('repo.subject')}
        value={row.subject}
        onChange={(e) => {
          const subject = (e.currentTarget as HTMLSelectElement).value;
          const taught = CURRICULUM_SUBJECTS.find((s) => s.code === subject)?.grades ?? [];
          // A grade the new subject is not taught in moves to its first one.
          const grade = taught.includes(row.grade) ? row.grade : (taught[0] ?? 1);
          onChange({ ...row, subject, grade, lessonId: '' });
        }}
        options={CURRICULUM_SUBJECTS.map((s) => ({ value: s.code, label: s.name }))}
      />
      <Select
        name={`curriculum-grade-${row.key}`}
        label={t('lib.grade')}
        value={String(row.grade)}
        onChange={(e) =>
          onChange({ ...row, grade: Number((e.currentTarget as HTMLSelectElement).value), lessonId: '' })
        }
        options={grades.map((g) => ({ value: String(g), label: String(g) }))}
      />
      <Select
        name={`curriculum-lesson-${row.key}`}
        label={t('repo.lesson')}
        value={row.lessonId}
        onChange={(e) => onChange({ ...row, lessonId: (e.currentTarget as HTMLSelectElement).value })}
        options={[
          { value: '', label: t('repo.wholeGrade') },
          ...offered.map((l) => ({ value: l.lessonId, label: l.title })),
        ]}
      />
      <div class="field">
        <button
          type="button"
          class="link"
          onClick={onRemove}
          aria-label={t('picker.remove', { name: label })}
        >
          {t('picker.removeShort')}
        </button>
      </div>
    </fieldset>
  );
}

interface CatalogueJob {
  jobId: string;
  kind: 'import' | 'export';
  status: string;
  records?: number;
  created?: number;
  duplicates?: number;
  failed?: number;
  report: {
    row: number;
    controlNumber?: string;
    outcome: string;
    titleId?: string;
    duplicateBy?: string;
    errors?: { field: string; message: string }[];
  }[];
  downloadUrl?: string;
  upload?: UploadLink;
}

/** The librarian's desk: catalogue a title for the city, import and export MARC 21. */
export function CataloguePage({ id }: { me: Me; id: string }) {
  usePageTitle(t('lib.desk'));
  const [created, setCreated] = useState<Title>();
  const fields = [
    'isbn',
    'title',
    'subtitle',
    'authors',
    'publisher',
    'year',
    'type',
    'subjects',
    'curriculum',
  ];
  const [mapping, setMapping] = useState<MappingRow[]>([]);
  const form = useSubmit(
    async (f) => {
      const v = formValues(f);
      const curriculum = mapping.map((r) => ({
        subject: r.subject,
        grade: r.grade,
        ...(r.lessonId ? { lessonId: r.lessonId } : {}),
      }));
      return api<Title>(`/org-units/${encodeURIComponent(id)}/library-titles`, {
        method: 'POST',
        body: {
          ...(v.isbn ? { isbn: v.isbn } : {}),
          title: v.title ?? '',
          ...(v.subtitle ? { subtitle: v.subtitle } : {}),
          authors: linesOf(v.authors),
          ...(v.publisher ? { publisher: v.publisher } : {}),
          ...(v.year ? { year: Number(v.year) } : {}),
          type: v.type,
          subjects: linesOf(v.subjects),
          curriculum,
        },
      });
    },
    (made) => {
      setCreated(made);
      setMapping([]);
    },
  );
  const duplicateId =
    form.problem?.status === 409 ? /title ([\w-]+)/.exec(form.problem.detail ?? '')?.[1] : undefined;
  return (
    <>
      <h1>{t('lib.desk')}</h1>
      <section class="panel">
        <h2>{t('lib.newTitle')}</h2>
        <p class="hint">{t('lib.newTitleIntro')}</p>
        <form class="stacked" onSubmit={form.onSubmit} data-testid="new-title">
          <Field name="isbn" label={t('lib.isbn')} problem={form.problem} inputMode="numeric" />
          <Field name="title" label={t('lib.titleField')} required problem={form.problem} />
          <Field name="subtitle" label={t('lib.subtitle')} problem={form.problem} />
          <TextArea
            name="authors"
            label={t('lib.authors')}
            hint={t('lib.onePerLine')}
            problem={form.problem}
            rows={2}
          />
          <Field name="publisher" label={t('lib.publisher')} problem={form.problem} />
          <Field name="year" type="number" label={t('lib.year')} problem={form.problem} />
          <Select
            name="type"
            label={t('lib.type')}
            options={TITLE_TYPES.map((v) => ({ value: v, label: typeLabel(v) }))}
            problem={form.problem}
          />
          <TextArea
            name="subjects"
            label={t('lib.subjects')}
            hint={t('lib.onePerLine')}
            problem={form.problem}
            rows={2}
          />
          <CurriculumRows rows={mapping} onChange={setMapping} problem={form.problem} />
          <FormProblem problem={form.problem} failure={form.failure} fields={fields} />
          {duplicateId && (
            <p>
              <a href={`/library/titles/${duplicateId}`}>{t('lib.seeDuplicate')}</a>
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary" disabled={form.busy}>
              {t('lib.catalogue')}
            </button>
          </div>
        </form>
        {created && (
          <p class="success" role="status" data-testid="title-created">
            {t('lib.created')} <a href={`/library/titles/${created.titleId}`}>{created.title}</a>
          </p>
        )}
      </section>
      <MarcFiles unit={id} />
    </>
  );
}

function MarcFiles({ unit }: { unit: string }) {
  const [job, setJob] = useState<CatalogueJob>();
  const upload = useSubmit(
    async (form) => {
      const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
      if (!file) return undefined;
      const format = (form.elements.namedItem('format') as HTMLSelectElement).value;
      const made = await api<CatalogueJob>(`/org-units/${encodeURIComponent(unit)}/catalogue-imports`, {
        method: 'POST',
        body: { format },
      });
      await uploadFile(made.upload!, file);
      return made;
    },
    (made) => made && setJob(made),
  );
  const exportFile = useSubmit(
    (form) =>
      api<CatalogueJob>(`/org-units/${encodeURIComponent(unit)}/catalogue-exports`, {
        method: 'POST',
        body: { format: (form.elements.namedItem('exportFormat') as HTMLSelectElement).value },
      }),
    setJob,
  );
  usePolling(
    job,
    (j) => j.status !== 'done' && j.status !== 'failed',
    (j) => api<CatalogueJob>(`/catalogue-jobs/${j.jobId}`),
    setJob,
  );
  const formats = [
    { value: 'iso2709', label: t('lib.fmt.iso2709') },
    { value: 'marcxml', label: t('lib.fmt.marcxml') },
    { value: 'xlsx', label: t('lib.fmt.xlsx') },
  ];
  return (
    <section class="panel">
      <h2>{t('lib.marc')}</h2>
      <form class="stacked" onSubmit={upload.onSubmit}>
        <p class="hint">{t('lib.marcIntro')}</p>
        <Select name="format" label={t('lib.format')} options={formats} />
        <Field name="file" type="file" label={t('lib.file')} required accept=".mrc,.xml,.marc,.xlsx" />
        <FormProblem problem={upload.problem} failure={upload.failure} fields={[]} />
        <div class="actions">
          <button type="submit" class="primary" disabled={upload.busy}>
            {t('lib.import')}
          </button>
        </div>
      </form>
      <form class="stacked" onSubmit={exportFile.onSubmit}>
        <Select name="exportFormat" label={t('lib.format')} options={formats} defaultValue="marcxml" />
        <div class="actions">
          <button type="submit" disabled={exportFile.busy}>
            {t('lib.export')}
          </button>
        </div>
      </form>
      {job && job.status !== 'done' && job.status !== 'failed' && <p role="status">{t('lib.working')}</p>}
      {job?.kind === 'import' && (job.status === 'done' || job.status === 'failed') && (
        <div role="status" data-testid="marc-import-result">
          <p class={job.failed || job.status === 'failed' ? 'field-error' : 'success'}>
            {t('lib.imported', {
              created: formatNumber(job.created ?? 0),
              duplicates: formatNumber(job.duplicates ?? 0),
              failed: formatNumber(job.failed ?? 0),
            })}
          </p>
          {job.report.some((r) => r.outcome !== 'created') && (
            <DataTable
              items={job.report.filter((r) => r.outcome !== 'created')}
              rowKey={(r) => `${r.row}`}
              columns={[
                {
                  header: t('lib.record'),
                  cell: (r) => `${r.row}${r.controlNumber ? ` (${r.controlNumber})` : ''}`,
                },
                { header: t('lib.outcome'), cell: (r) => t(`lib.outcome.${r.outcome}` as never) },
                {
                  header: t('lib.details'),
                  cell: (r) =>
                    r.outcome === 'duplicate' ? (
                      <a href={`/library/titles/${r.titleId}`}>
                        {t(r.duplicateBy === 'isbn' ? 'lib.sameIsbn' : 'lib.sameTitleAuthor')}
                      </a>
                    ) : (
                      (r.errors ?? [])
                        .map((e) => `${fieldLabel(e.field) ? `${fieldLabel(e.field)}: ` : ''}${e.message}`)
                        .join('; ')
                    ),
                },
              ]}
            />
          )}
        </div>
      )}
      {job?.kind === 'export' && job.status === 'done' && job.downloadUrl && (
        <p role="status">
          <a class="button" href={job.downloadUrl} download>
            {t('lib.exportReady', { records: formatNumber(job.records ?? 0) })}
          </a>
        </p>
      )}
    </section>
  );
}

interface Loan {
  loanId: string;
  barcode: string;
  title: string;
  borrowerName: string;
  borrowerType: string;
  state: 'open' | 'closed';
  dueOn: string;
  renewals: number;
  returnedAt?: string;
}

/** The lending desk: a scanner types the barcode and the card, then Enter. */
export function LendingDeskPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('lib.deskLending'));
  const unit = `/org-units/${encodeURIComponent(id)}`;
  const [lent, setLent] = useState<Loan>();
  const [returned, setReturned] = useState<{ late: boolean; copyStatus: string; keptFor?: string }>();
  const [borrower, setBorrower] = useState<{ borrower: { borrowerName: string }; loans: Loan[] }>();
  const [card, setCard] = useState('');
  const overdue = useAsync(
    (signal) => api<{ items: Loan[] }>(`${unit}/library-overdue`, { signal }),
    [id, lent, returned],
  );
  // Come from the home's "overdue" task: the list, once read, is where the page opens.
  const overdueList = useRef<HTMLElement>(null);
  useEffect(() => {
    if (overdue.data && location.hash === '#overdue') overdueList.current?.scrollIntoView();
  }, [!overdue.data]);
  const lend = useSubmit(async (f) => {
    const v = formValues(f);
    const loan = await api<Loan>(`${unit}/library-loans`, {
      method: 'POST',
      body: { barcode: v.barcode, card: v.card },
    });
    f.reset();
    return loan;
  }, setLent);
  const takeBack = useSubmit(async (f) => {
    const result = await api<{ late: boolean; copyStatus: string; keptFor?: string }>(
      `${unit}/library-returns`,
      {
        method: 'POST',
        body: { barcode: formValues(f).barcode },
      },
    );
    f.reset();
    return result;
  }, setReturned);
  const lookUp = useSubmit(async (f) => {
    const wanted = formValues(f).card ?? '';
    setCard(wanted);
    return api<{ borrower: { borrowerName: string }; loans: Loan[] }>(`${unit}/library-borrower-loans`, {
      method: 'POST',
      body: { card: wanted },
    });
  }, setBorrower);
  const [renewProblem, setRenewProblem] = useState<string>();
  const renew = async (loanId: string) => {
    setRenewProblem(undefined);
    try {
      await api(`${unit}/library-loans/${loanId}/renewals`, { method: 'POST' });
      setBorrower(await api(`${unit}/library-borrower-loans`, { method: 'POST', body: { card } }));
    } catch (error) {
      setRenewProblem(error instanceof ApiProblem ? (error.detail ?? error.title) : String(error));
    }
  };
  const loanColumns = [
    { header: t('lib.titleField'), cell: (l: Loan) => l.title },
    { header: t('lib.barcode'), cell: (l: Loan) => l.barcode },
    { header: t('lib.dueOn'), cell: (l: Loan) => formatDay(l.dueOn) },
  ];
  return (
    <>
      <h1>{t('lib.deskLending')}</h1>
      <div class="columns">
        <section class="panel">
          <h2>{t('lib.lend')}</h2>
          <form class="stacked" onSubmit={lend.onSubmit} data-testid="lend">
            <Field
              name="barcode"
              label={t('lib.barcode')}
              required
              autoComplete="off"
              problem={lend.problem}
            />
            <Field
              name="card"
              label={t('lib.card')}
              hint={t('lib.cardHint')}
              required
              autoComplete="off"
              problem={lend.problem}
            />
            <FormProblem problem={lend.problem} failure={lend.failure} fields={['barcode', 'card']} />
            <button type="submit" class="primary" disabled={lend.busy}>
              {t('lib.lend')}
            </button>
          </form>
          {lent && (
            <p class="success" role="status" data-testid="lent">
              {t('lib.lent', { title: lent.title, borrower: lent.borrowerName, due: formatDay(lent.dueOn) })}
            </p>
          )}
        </section>
        <section class="panel">
          <h2>{t('lib.return')}</h2>
          <form class="stacked" onSubmit={takeBack.onSubmit} data-testid="return">
            <Field
              name="barcode"
              label={t('lib.barcode')}
              required
              autoComplete="off"
              problem={takeBack.problem}
            />
            <FormProblem problem={takeBack.problem} failure={takeBack.failure} fields={['barcode']} />
            <button type="submit" class="primary" disabled={takeBack.busy}>
              {t('lib.return')}
            </button>
          </form>
          {returned && (
            <p class={returned.late ? 'field-error' : 'success'} role="status" data-testid="returned">
              {returned.keptFor
                ? t('lib.returnedKept', { borrower: returned.keptFor })
                : returned.late
                  ? t('lib.returnedLate')
                  : t('lib.returned')}
            </p>
          )}
        </section>
      </div>
      <section class="panel">
        <h2>{t('lib.borrower')}</h2>
        <form class="stacked" onSubmit={lookUp.onSubmit}>
          <Field name="card" label={t('lib.card')} required autoComplete="off" problem={lookUp.problem} />
          <FormProblem problem={lookUp.problem} failure={lookUp.failure} fields={['card']} />
          <button type="submit" disabled={lookUp.busy}>
            {t('lookup.search')}
          </button>
        </form>
        {renewProblem && (
          <p class="field-error" role="alert">
            {renewProblem}
          </p>
        )}
        {borrower && (
          <div data-testid="borrower-loans">
            <p>{borrower.borrower.borrowerName}</p>
            <DataTable
              items={borrower.loans}
              rowKey={(l) => l.loanId}
              columns={[
                ...loanColumns,
                {
                  header: t('lib.state'),
                  cell: (l) =>
                    l.state === 'open'
                      ? t('lib.onLoan')
                      : t('lib.returnedOn', { day: formatDay(l.returnedAt!) }),
                },
                {
                  header: '',
                  cell: (l) =>
                    l.state === 'open' ? (
                      <button type="button" onClick={() => void renew(l.loanId)}>
                        {t('lib.renew')}
                      </button>
                    ) : null,
                },
              ]}
            />
          </div>
        )}
      </section>
      <section class="panel" id="overdue" ref={overdueList}>
        <h2>{t('lib.overdue')}</h2>
        {overdue.error ? (
          <ErrorPanel error={overdue.error} retry={overdue.reload} />
        ) : !overdue.data ? (
          <Loading />
        ) : overdue.data.items.length === 0 ? (
          <Empty>{t('lib.noOverdue')}</Empty>
        ) : (
          <DataTable
            testId="overdue"
            items={overdue.data.items}
            rowKey={(l) => l.loanId}
            columns={[{ header: t('lib.borrower'), cell: (l: Loan) => l.borrowerName }, ...loanColumns]}
          />
        )}
      </section>
      <AddCopies unit={unit} />
    </>
  );
}

function AddCopies({ unit }: { unit: string }) {
  const [added, setAdded] = useState<number>();
  const form = useSubmit(async (f) => {
    const v = formValues(f);
    const result = await api<{ added: number }>(`${unit}/library-copies`, {
      method: 'POST',
      body: {
        titleId: v.titleId,
        copies: linesOf(v.barcodes).map((barcode) => ({
          barcode,
          ...(v.location ? { location: v.location } : {}),
        })),
      },
    });
    f.reset();
    return result.added;
  }, setAdded);
  return (
    <section class="panel">
      <h2>{t('lib.addCopies')}</h2>
      <form class="stacked" onSubmit={form.onSubmit} data-testid="add-copies">
        <TitlePicker problem={form.problem} />
        <TextArea
          name="barcodes"
          label={t('lib.barcodes')}
          hint={t('lib.onePerLine')}
          required
          problem={form.problem}
          rows={3}
        />
        <Field name="location" label={t('lib.location')} problem={form.problem} />
        <FormProblem problem={form.problem} failure={form.failure} fields={['titleId', 'location']} />
        <button type="submit" class="primary" disabled={form.busy}>
          {t('lib.addCopies')}
        </button>
      </form>
      {added !== undefined && (
        <p class="success" role="status" data-testid="copies-added">
          {t('lib.copiesAdded', { count: formatNumber(added) })}
        </p>
      )}
    </section>
  );
}
