/**
 * Digitising the paper registers (issue 23): batches of scans with their progress, uploading scans,
 * keying a record side by side with its page (OCR's proposal filled in, the fields OCR was least
 * sure of marked on the page; the second keyer never sees the first's values; a disagreement shows
 * both readings to the third), and the officer's approval into the register — asked in a dialog,
 * never on Enter.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  DIPLOMA_TYPE_NAMES,
  RANK_NAMES,
  REGISTER_COLUMNS,
} from '../../../functions/diplomas/domain/kinds.ts';
import { ETHNICITIES } from '../../../functions/edu-data/domain/codes.ts';
import { type ApiProblem, api, type Page, type UploadLink, uploadFile } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDateTime, formatDay, formatNumber, type MessageKey, t } from '../i18n/index.ts';
import { ConfirmButton, DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged, usePolling } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { ErrorPanel, Loading, NotFound } from '../ui/states.tsx';

type ScanField = (typeof REGISTER_COLUMNS)[number]['field'];
type Keyed = Partial<Record<ScanField, string>>;
const FIELDS = REGISTER_COLUMNS.map((c) => c.field);
const headerOf = (field: string) => REGISTER_COLUMNS.find((c) => c.field === field)?.header ?? field;

interface Batch {
  batchId: string;
  registerYear: number;
  book: string;
  note?: string;
  files: number;
  kind: 'diplomas' | 'register';
  pages: number;
  reading: number;
  unreadable: number;
  open: number;
  keyedOnce: number;
  disagreed: number;
  agreed: number;
  approved: number;
  createdAt: string;
}
interface ScanFile {
  fileId: string;
  fileName: string;
  state: 'awaiting-upload' | 'split' | 'refused';
  pages?: number;
  problem?: { message: string };
  createdAt: string;
}
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export interface ScanRecord {
  recordId: string;
  batchId: string;
  page: number;
  /** A register page's row (1 for a diploma) and where it is on the page. */
  row: number;
  rowBox?: Box;
  state: 'reading' | 'unreadable' | 'open' | 'keyed-once' | 'disagreed' | 'agreed' | 'approved';
  image?: { url: string; width: number; height: number };
  problem?: { message: string };
  proposal?: { values: Keyed; fields: Record<string, { confidence: number; box: Box }> };
  keyings: { mine: boolean; at: string; values?: Keyed }[];
  differing?: string[];
  agreed?: Keyed;
  returns: { note: string; at: string }[];
  entryId?: string;
  revision: number;
}

const stateText = (s: ScanRecord['state']) => t(`scans.state.${s}` as MessageKey);
/** What still waits for keying in a batch. */
const toKey = (b: Batch) => b.open + b.keyedOnce + b.disagreed;

/** The batches, newest register year first, each with what waits; a form to start one. */
export function DiplomaScansPage({ me }: { me: Me }) {
  usePageTitle(t('scans.title'));
  const [created, setCreated] = useState<Batch>();
  const batches = usePaged<Batch>(
    (cursor, signal) => api<Page<Batch>>('/diploma-scan-batches', { query: { cursor }, signal }),
    [created?.batchId],
  );
  const create = useSubmit((form) => {
    const v = formValues(form);
    return api<Batch>('/diploma-scan-batches', {
      method: 'POST',
      body: {
        registerYear: Number(v.registerYear),
        kind: v.kind === 'register' ? 'register' : 'diplomas',
        book: v.book ?? '',
        ...(v.note ? { note: v.note } : {}),
      },
    });
  }, setCreated);
  return (
    <>
      {me.permissions.includes('diploma.read') && (
        <p>
          <a href="/diplomas">← {t('diplomas.title')}</a>
        </p>
      )}
      <h1>{t('scans.title')}</h1>
      <p class="lead">{t('scans.intro')}</p>
      {created && (
        <p class="success" role="status">
          {t('scans.created', { book: created.book })}{' '}
          <a href={`/diplomas/scans/${created.batchId}`}>{t('scans.openBatch')}</a>
        </p>
      )}
      <PagedList state={batches} label={t('scans.batches')} empty={t('scans.none')}>
        {(items) => (
          <table class="data" data-testid="scan-batches">
            <thead>
              <tr>
                <th scope="col">{t('scans.year')}</th>
                <th scope="col">{t('scans.book')}</th>
                <th scope="col">{t('scans.pages')}</th>
                <th scope="col">{t('scans.toKey')}</th>
                <th scope="col">{t('scans.toApprove')}</th>
                <th scope="col">{t('scans.approved')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.batchId}>
                  <td>{b.registerYear}</td>
                  <td>
                    <a href={`/diplomas/scans/${b.batchId}`}>{b.book}</a>
                  </td>
                  <td>{formatNumber(b.pages)}</td>
                  <td>{formatNumber(toKey(b))}</td>
                  <td>{formatNumber(b.agreed)}</td>
                  <td>
                    {formatNumber(b.approved)}
                    {recordsOf(b) > 0 && (
                      <span class="hint"> ({Math.floor((b.approved / recordsOf(b)) * 100)}%)</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
      <section class="panel">
        <h2>{t('scans.new')}</h2>
        <form class="stacked" onSubmit={create.onSubmit} data-testid="new-batch">
          <Field
            name="registerYear"
            label={t('scans.year')}
            hint={t('scans.yearHint')}
            type="number"
            min={1970}
            max={new Date().getFullYear()}
            required
            problem={create.problem}
          />
          <Select
            name="kind"
            label={t('scans.kind')}
            options={[
              { value: 'diplomas', label: t('scans.kind.diplomas') },
              { value: 'register', label: t('scans.kind.register') },
            ]}
            problem={create.problem}
          />
          <Field
            name="book"
            label={t('scans.book')}
            hint={t('scans.bookHint')}
            required
            problem={create.problem}
          />
          <TextArea name="note" label={t('scans.note')} problem={create.problem} />
          <FormProblem
            problem={create.problem}
            failure={create.failure}
            fields={['registerYear', 'kind', 'book', 'note']}
          />
          <button type="submit" class="primary" disabled={create.busy}>
            {t('scans.create')}
          </button>
        </form>
      </section>
    </>
  );
}

/** A batch: its progress and files, uploading more, keying, and (for officers) what waits for approval. */
export function DiplomaScanBatchPage({ me, batchId }: { me: Me; batchId: string }) {
  const [uploaded, setUploaded] = useState(0);
  const batch = useAsync(
    (signal) => api<Batch & { fileList: ScanFile[] }>(`/diploma-scan-batches/${batchId}`, { signal }),
    [batchId, uploaded],
  );
  const [polled, setPolled] = useState<Batch & { fileList: ScanFile[] }>();
  const current = polled && polled.batchId === batchId ? polled : batch.data;
  usePolling(
    current,
    (b) => b.reading > 0 || b.fileList.some((f) => f.state === 'awaiting-upload'),
    (b) => api<Batch & { fileList: ScanFile[] }>(`/diploma-scan-batches/${b.batchId}`),
    setPolled,
  );
  usePageTitle(current?.book ?? t('scans.title'));
  const approver = me.permissions.includes('diploma.register');
  const upload = useSubmit(
    async (form) => {
      const files = [...((form.elements.namedItem('files') as HTMLInputElement).files ?? [])];
      if (!files.length) throw new Error(t('scans.chooseFiles'));
      for (const file of files) {
        const asked = await api<{ upload: UploadLink }>(`/diploma-scan-batches/${batchId}/files`, {
          method: 'POST',
          body: { fileName: file.name, contentType: file.type || 'application/pdf' },
        });
        await uploadFile(asked.upload, file);
      }
      form.reset();
      return files.length;
    },
    () => setUploaded((n) => n + 1),
  );
  if (batch.error) return <ErrorPanel error={batch.error} retry={batch.reload} />;
  if (!current) return <Loading />;
  const b = current;
  return (
    <>
      <p>
        <a href="/diplomas/scans">← {t('scans.title')}</a>
      </p>
      <h1>{b.book}</h1>
      <p class="lead">{t('scans.batchLead', { year: String(b.registerYear) })}</p>
      {b.note && <p class="hint">{b.note}</p>}
      <dl class="facts" data-testid="batch-progress">
        <dt>{t('scans.pages')}</dt>
        <dd>{formatNumber(b.pages)}</dd>
        <dt>{t('scans.reading')}</dt>
        <dd>{formatNumber(b.reading)}</dd>
        <dt>{t('scans.toKey')}</dt>
        <dd>{formatNumber(toKey(b))}</dd>
        <dt>{t('scans.disagreed')}</dt>
        <dd>{formatNumber(b.disagreed)}</dd>
        <dt>{t('scans.toApprove')}</dt>
        <dd>{formatNumber(b.agreed)}</dd>
        <dt>{t('scans.approved')}</dt>
        <dd>{formatNumber(b.approved)}</dd>
        {b.unreadable > 0 && (
          <>
            <dt>{t('scans.unreadable')}</dt>
            <dd>{formatNumber(b.unreadable)}</dd>
          </>
        )}
      </dl>
      <p class="actions">
        {toKey(b) > 0 && (
          <a class="button primary" href={`/diplomas/scans/${batchId}/key`} data-testid="start-keying">
            {t('scans.startKeying')}
          </a>
        )}
      </p>
      {approver && b.agreed > 0 && <AgreedRecords batchId={batchId} />}
      <section class="panel">
        <h2>{t('scans.upload')}</h2>
        <p>{t('scans.uploadIntro')}</p>
        <form class="stacked" onSubmit={upload.onSubmit}>
          <div class="field">
            <label for="scan-files">{t('scans.files')}</label>
            <input
              id="scan-files"
              name="files"
              type="file"
              multiple
              accept="application/pdf,image/tiff,image/jpeg,image/png,.pdf,.tif,.tiff,.jpg,.jpeg,.png"
              required
            />
          </div>
          <FormProblem problem={upload.problem} failure={upload.failure} fields={[]} />
          <button type="submit" class="primary" disabled={upload.busy}>
            {t('scans.uploadButton')}
          </button>
        </form>
        {b.fileList.length > 0 && (
          <table class="data" data-testid="scan-files">
            <thead>
              <tr>
                <th scope="col">{t('scans.file')}</th>
                <th scope="col">{t('scans.fileState')}</th>
              </tr>
            </thead>
            <tbody>
              {b.fileList.map((f) => (
                <tr key={f.fileId}>
                  <td>{f.fileName}</td>
                  <td>
                    {f.state === 'split'
                      ? t('scans.fileSplit', { pages: String(f.pages ?? 0) })
                      : f.state === 'refused'
                        ? f.problem?.message
                        : t('scans.fileWaiting')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** The agreed records of a batch, for an officer to open and approve. */
function AgreedRecords({ batchId }: { batchId: string }) {
  const records = usePaged<ScanRecord>(
    (cursor, signal) =>
      api<Page<ScanRecord>>(`/diploma-scan-batches/${batchId}/records`, {
        query: { state: 'agreed', cursor },
        signal,
      }),
    [batchId],
  );
  return (
    <section class="panel">
      <h2>{t('scans.toApprove')}</h2>
      <PagedList state={records} label={t('scans.toApprove')} empty={t('scans.noneToApprove')}>
        {(items) => (
          <ul data-testid="agreed-records">
            {items.map((r) => (
              <li key={r.recordId}>
                <a href={`/diplomas/scan-records/${r.recordId}`}>
                  {t(r.rowBox ? 'scans.recordNameRow' : 'scans.recordName', {
                    page: String(r.page),
                    row: String(r.row),
                    name: r.agreed?.['holder.fullName'] ?? '',
                    serial: r.agreed?.serial ?? '',
                  })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </section>
  );
}

/** The page as read, with the boxes of the fields OCR was least sure of (or that the keyings differ on). */
/** A batch's records, whatever each waits for (a register page makes a record a row). */
const recordsOf = (b: Batch) =>
  b.reading + b.unreadable + b.open + b.keyedOnce + b.disagreed + b.agreed + b.approved;

function ScanImage({ record, marked }: { record: ScanRecord; marked: string[] }) {
  if (!record.image) return <p class="notice">{record.problem?.message ?? t('scans.noImage')}</p>;
  const { width, height, url } = record.image;
  const boxes = marked
    .map((field) => ({ field, box: record.proposal?.fields[field]?.box }))
    .filter((m): m is { field: string; box: Box } => Boolean(m.box));
  return (
    <figure class="scan" data-testid="scan-page">
      <div class="scan-page">
        <img
          src={url}
          alt={t('scans.pageAlt', { page: String(record.page) })}
          width={width}
          height={height}
        />
        {record.rowBox && (
          <span
            class="scan-row"
            data-testid="scan-row"
            style={{
              left: `${(record.rowBox.x0 / width) * 100}%`,
              top: `${(record.rowBox.y0 / height) * 100}%`,
              width: `${((record.rowBox.x1 - record.rowBox.x0) / width) * 100}%`,
              height: `${((record.rowBox.y1 - record.rowBox.y0) / height) * 100}%`,
            }}
          />
        )}
        {boxes.map(({ field, box }) => (
          <span
            key={field}
            class="scan-mark"
            title={headerOf(field)}
            style={{
              left: `${(box.x0 / width) * 100}%`,
              top: `${(box.y0 / height) * 100}%`,
              width: `${((box.x1 - box.x0) / width) * 100}%`,
              height: `${((box.y1 - box.y0) / height) * 100}%`,
            }}
          />
        ))}
      </div>
      <figcaption class="hint">
        {t('scans.pageCaption', { page: String(record.page) })}{' '}
        <a href={url} target="_blank" rel="noopener">
          {t('scans.fullSize')}
        </a>
      </figcaption>
    </figure>
  );
}

const typeOptions = () => [
  { value: '', label: t('scans.choose') },
  ...Object.values(DIPLOMA_TYPE_NAMES).map((name) => ({ value: name, label: name })),
];
const genderOptions = () => [
  { value: '', label: t('scans.choose') },
  { value: 'Nam', label: 'Nam' },
  { value: 'Nữ', label: 'Nữ' },
];
const rankOptions = () => [
  { value: '', label: t('diplomas.noRank') },
  ...Object.values(RANK_NAMES).map((name) => ({ value: name, label: name })),
];
const ethnicityOptions = () => [
  { value: '', label: t('diplomas.notRecorded') },
  ...Object.values(ETHNICITIES).map((name) => ({ value: name, label: name })),
];
/** A picked value the list does not have (OCR read "Khó") is offered as read, so nothing is lost silently. */
const withValue = (options: { value: string; label: string }[], value: string | undefined) =>
  value && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;

/** The keying form: the register's columns as written on paper, filled with `start`. */
function KeyingFields({
  start,
  problem,
  others,
}: {
  start: Keyed;
  problem?: ApiProblem | undefined;
  others?: Keyed[];
}) {
  // The pickers hold what was picked (a re-render, such as a refused save, keeps it).
  const [picked, setPicked] = useState<Keyed>(start);
  const hintOf = (field: ScanField) =>
    others?.length
      ? t('scans.readings', { values: others.map((o) => `“${o[field] ?? ''}”`).join(' · ') })
      : field === 'holder.birthDate' || field === 'issuedOn'
        ? t('scans.dateHint')
        : field === 'registerNumber'
          ? t('scans.numberHint')
          : undefined;
  return (
    <>
      {FIELDS.filter((f) => f !== 'holder.personalId').map((field) => {
        const name = `values.${field}`;
        const label = headerOf(field);
        const value = start[field] ?? '';
        const hint = hintOf(field);
        const picker =
          field === 'type'
            ? typeOptions()
            : field === 'holder.gender'
              ? genderOptions()
              : field === 'rank'
                ? rankOptions()
                : field === 'holder.ethnicity'
                  ? ethnicityOptions()
                  : undefined;
        return picker ? (
          <Select
            key={name}
            name={name}
            label={label}
            options={withValue(picker, value)}
            value={picked[field] ?? ''}
            onChange={(e) => setPicked({ ...picked, [field]: e.currentTarget.value })}
            problem={problem}
          />
        ) : (
          <Field
            key={name}
            name={name}
            label={label}
            {...(hint ? { hint } : {})}
            defaultValue={value}
            required={'required' in (REGISTER_COLUMNS.find((c) => c.field === field) ?? {})}
            problem={problem}
            autoComplete="off"
          />
        );
      })}
    </>
  );
}

const keyedFrom = (form: HTMLFormElement): Keyed => {
  const v = formValues(form);
  return Object.fromEntries(
    FIELDS.filter((f) => v[`values.${f}`]).map((f) => [f, v[`values.${f}`]!]),
  ) as Keyed;
};

/** Keying: the next record this person can key in the batch, beside its page; saved, the next one. */
export function DiplomaKeyingPage({ batchId }: { me: Me; batchId: string }) {
  usePageTitle(t('scans.keying'));
  const [done, setDone] = useState(0);
  const next = useAsync(
    (signal) => api<{ record?: ScanRecord }>(`/diploma-scan-batches/${batchId}/next-record`, { signal }),
    [batchId, done],
  );
  const back = (
    <p>
      <a href={`/diplomas/scans/${batchId}`}>← {t('scans.backToBatch')}</a>
    </p>
  );
  if (next.error) return <ErrorPanel error={next.error} retry={next.reload} />;
  if (!next.data) return <Loading />;
  const record = next.data.record;
  if (!record)
    return (
      <>
        {back}
        <h1>{t('scans.keying')}</h1>
        <p role="status" data-testid="nothing-to-key">
          {done ? t('scans.keyedAll', { count: String(done) }) : t('scans.nothingToKey')}
        </p>
      </>
    );
  return (
    <>
      {back}
      <h1>{t('scans.keying')}</h1>
      {done > 0 && (
        <p class="success" role="status">
          {t('scans.keyedSoFar', { count: String(done) })}
        </p>
      )}
      <KeyRecord key={record.recordId} record={record} onKeyed={() => setDone((n) => n + 1)} />
    </>
  );
}

function KeyRecord({ record, onKeyed }: { record: ScanRecord; onKeyed: () => void }) {
  const third = record.state === 'disagreed';
  const readings = third ? record.keyings.map((k) => k.values ?? {}) : undefined;
  // OCR's proposal for the first two; the third starts from what the two agree on.
  const start: Keyed = third
    ? Object.fromEntries(
        FIELDS.filter((f) => !record.differing?.includes(f)).map((f) => [f, readings?.[0]?.[f] ?? '']),
      )
    : (record.proposal?.values ?? {});
  // The fields to look at first: those the keyings differ on, else OCR's five least sure.
  const marked = third
    ? (record.differing ?? [])
    : Object.entries(record.proposal?.fields ?? {})
        .sort((a, b) => a[1].confidence - b[1].confidence)
        .slice(0, 5)
        .map(([f]) => f);
  const key = useSubmit(
    (form) =>
      api<ScanRecord>(`/diploma-scan-records/${record.recordId}/keyings`, {
        method: 'POST',
        body: { values: keyedFrom(form), expectedRevision: record.revision },
      }),
    onKeyed,
  );
  return (
    <div class="keying" data-testid="keying">
      <ScanImage record={record} marked={marked} />
      <form class="panel stacked" onSubmit={key.onSubmit} data-testid="keying-form">
        {record.rowBox && (
          <p data-testid="keying-where">
            <strong>{t('scans.whereRow', { page: String(record.page), row: String(record.row) })}</strong>
          </p>
        )}
        <p class="hint">
          {third
            ? t('scans.thirdIntro', { fields: (record.differing ?? []).map(headerOf).join(', ') })
            : record.state === 'keyed-once'
              ? t('scans.secondIntro')
              : t('scans.firstIntro')}
        </p>
        {record.returns.length > 0 && (
          <p class="notice">{t('scans.returned', { note: record.returns.at(-1)!.note })}</p>
        )}
        <KeyingFields start={start} problem={key.problem} {...(readings ? { others: readings } : {})} />
        <FormProblem problem={key.problem} failure={key.failure} fields={FIELDS.map((f) => `values.${f}`)} />
        <button type="submit" class="primary" disabled={key.busy}>
          {t('scans.save')}
        </button>
      </form>
    </div>
  );
}

/** A record beside its page: what was agreed and, for an officer, approving it into the register or sending it back. */
export function DiplomaScanRecordPage({ me, recordId }: { me: Me; recordId: string }) {
  const [changed, setChanged] = useState<ScanRecord>();
  const [takeId, setTakeId] = useState(false);
  // The education check read again after an approval refused for it.
  const [matchRead, setMatchRead] = useState(0);
  // Another record opened on the same page: nothing of the last one's carries over.
  useEffect(() => {
    setChanged(undefined);
    setTakeId(false);
  }, [recordId]);
  const loaded = useAsync(
    (signal) => api<ScanRecord>(`/diploma-scan-records/${recordId}`, { signal }),
    [recordId],
  );
  usePageTitle(t('scans.record'));
  if (loaded.error) {
    if ((loaded.error as ApiProblem).status === 404) return <NotFound />;
    return <ErrorPanel error={loaded.error} retry={loaded.reload} />;
  }
  const record = changed ?? loaded.data;
  if (!record) return <Loading />;
  const approver = me.permissions.includes('diploma.register');
  const keyedByMe = record.keyings.some((k) => k.mine);
  const name = record.agreed?.['holder.fullName'] ?? '';
  return (
    <>
      <p>
        <a href={`/diplomas/scans/${record.batchId}`}>← {t('scans.backToBatch')}</a>
      </p>
      <h1>
        {t(record.rowBox ? 'scans.recordTitleRow' : 'scans.recordTitle', {
          page: String(record.page),
          row: String(record.row),
        })}
      </h1>
      <p role="status" data-testid="record-state">
        {stateText(record.state)}
        {record.entryId && (
          <>
            {' '}
            <a href={`/diplomas/${record.entryId}`}>{t('scans.openEntry')}</a>
          </>
        )}
      </p>
      <div class="keying">
        <ScanImage record={record} marked={[]} />
        <section class="panel">
          {record.agreed ? (
            <dl class="facts" data-testid="agreed">
              {FIELDS.filter((f) => record.agreed?.[f]).map((f) => (
                <div key={f}>
                  <dt>{headerOf(f)}</dt>
                  <dd>{record.agreed?.[f]}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p>{t('scans.notAgreedYet', { count: String(record.keyings.length) })}</p>
          )}
          <p class="hint">
            {record.keyings
              .map((k) => (k.mine ? t('scans.keyedByYou') : t('scans.keyedAt', { at: formatDateTime(k.at) })))
              .join(' · ')}
          </p>
          {approver && record.state === 'agreed' && !keyedByMe && (
            <EducationCheck
              recordId={record.recordId}
              read={`${record.revision}:${matchRead}`}
              take={takeId}
              onTake={setTakeId}
            />
          )}
          {approver && record.state === 'agreed' && !keyedByMe && (
            <div class="actions stacked">
              <ConfirmButton
                label={t('scans.approve')}
                question={t('scans.askApprove', { name, serial: record.agreed?.serial ?? '' })}
                detail={t('scans.approveDetail')}
                confirm={t('scans.doApprove')}
                testId="approve"
                send={async () => {
                  try {
                    return await api<ScanRecord>(`/diploma-scan-records/${record.recordId}/decision`, {
                      method: 'POST',
                      body: {
                        decision: 'approve',
                        expectedRevision: record.revision,
                        ...(takeId ? { personalIdFromEducation: true } : {}),
                      },
                    });
                  } catch (error) {
                    // The database no longer offers that ID: the check is read again, the tick cleared.
                    if (takeId && (error as ApiProblem).status === 409) {
                      setTakeId(false);
                      setMatchRead((n) => n + 1);
                    }
                    throw error;
                  }
                }}
                onDone={setChanged}
              />
              <DecisionForm
                testId="send-back"
                reason={{
                  name: 'note',
                  label: t('scans.backNote'),
                  hint: t('scans.backNoteHint'),
                  requiredMessage: t('scans.backNoteRequired'),
                }}
                choices={[
                  {
                    value: 'send-back',
                    needsReason: true,
                    label: t('scans.sendBack'),
                    question: t('scans.askSendBack', { name }),
                    confirm: t('scans.doSendBack'),
                  },
                ]}
                send={(_decision, note) =>
                  api<ScanRecord>(`/diploma-scan-records/${record.recordId}/decision`, {
                    method: 'POST',
                    body: { decision: 'send-back', note, expectedRevision: record.revision },
                  })
                }
                onDone={setChanged}
              />
            </div>
          )}
          {approver && record.state === 'agreed' && keyedByMe && (
            <p class="notice">{t('scans.youKeyedIt')}</p>
          )}
        </section>
      </div>
    </>
  );
}

interface EducationMatch {
  found: 'none' | 'one' | 'several';
  learners: {
    fullName: string;
    birthDate: string;
    school: string;
    sameSpelling: boolean;
    sameSchool: boolean;
    personalIdRecorded: boolean;
    personalIdAgrees?: boolean;
  }[];
  offersPersonalId: boolean;
}

/**
 * The agreed holder beside the education database (for the approver): the city's learners of that
 * name and birth date, a name spelled otherwise marked; where one learner, spelled alike, has a
 * personal ID, the approver may have the register record it (the citizen then finds the diploma
 * under their own ID). The ID itself is never shown.
 */
function EducationCheck({
  recordId,
  read,
  take,
  onTake,
}: {
  recordId: string;
  /** Changes when the check must be read again (the record changed, an approval was refused). */
  read: string;
  take: boolean;
  onTake: (take: boolean) => void;
}) {
  const match = useAsync(
    (signal) => api<EducationMatch>(`/diploma-scan-records/${recordId}/education-match`, { signal }),
    [recordId, read],
  );
  const m = match.data;
  return (
    <section aria-labelledby="education-check" data-testid="education-check">
      <h2 id="education-check">{t('scans.educationTitle')}</h2>
      {match.error ? (
        <ErrorPanel error={match.error} retry={match.reload} />
      ) : !m ? (
        <Loading />
      ) : m.found === 'none' ? (
        <p>{t('scans.educationNone')}</p>
      ) : (
        <>
          <p>{t(m.found === 'one' ? 'scans.educationOne' : 'scans.educationSeveral')}</p>
          <ul>
            {m.learners.map((l, i) => (
              <li key={i}>
                <strong>{l.fullName}</strong> — {formatDay(l.birthDate)} — {l.school}
                {!l.sameSpelling && <strong class="field-error"> {t('scans.educationSpelling')}</strong>}
                {!l.sameSchool && <span class="hint"> {t('scans.educationOtherSchool')}</span>}
                {l.personalIdAgrees === false && (
                  <strong class="field-error"> {t('scans.educationIdDiffers')}</strong>
                )}
              </li>
            ))}
          </ul>
          {m.offersPersonalId && (
            <label class="choice">
              <input
                type="checkbox"
                checked={take}
                onChange={(e) => onTake((e.currentTarget as HTMLInputElement).checked)}
              />{' '}
              {t('scans.educationTakeId')}
            </label>
          )}
        </>
      )}
    </section>
  );
}
