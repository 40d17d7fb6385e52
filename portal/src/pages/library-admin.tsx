/**
 * A school library's housekeeping: the stock-taking screen (a barcode scanner types into the
 * field and presses Enter; each scan answers at once), and the library's management — its own
 * loan rules, a copy's condition and status, and inter-school loans with their trail.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDateTime, formatNumber, t } from '../i18n/index.ts';
import { Field, FormProblem, formValues, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged, usePolling } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { SchoolPicker, TitlePicker, useSchoolNames } from '../ui/pickers.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';

interface Report {
  held: number;
  scanned: number;
  found: number;
  onLoan: number;
  missing: number;
  onShelfButOut: number;
  foundAgain: number;
  unknown: number;
  lists: {
    missing: { barcode: string; titleId: string; title?: string; authors?: string[]; location?: string }[];
    onShelfButOut: string[];
    foundAgain: string[];
    unknown: string[];
  };
}
interface Stocktake {
  stocktakeId: string;
  status: 'open' | 'counting' | 'done';
  startedAt: string;
  scanned?: number;
  report?: Report;
}
interface Scan {
  barcode: string;
  known: boolean;
  title?: string;
  status?: string;
  location?: string;
}

const copyStatus = (s: string) => t(`libAdmin.status.${s}` as never);

/** The stock-taking screen: start, scan shelf by shelf, finish, read the report. */
export function StocktakePage({ id }: { me: Me; id: string }) {
  usePageTitle(t('libAdmin.stocktake'));
  const unit = `/org-units/${encodeURIComponent(id)}`;
  const [session, setSession] = useState<Stocktake>();
  const [scans, setScans] = useState<Scan[]>([]);
  const recent = useAsync(
    (signal) => api<{ items: Stocktake[] }>(`${unit}/library-stocktakes`, { signal }),
    [id],
  );
  useEffect(() => {
    // Resume the session still open (another tab, a reload).
    const open = recent.data?.items.find((s) => s.status === 'open');
    if (open && !session) setSession(open);
  }, [recent.data]);
  usePolling(
    session,
    (s) => s.status === 'counting',
    (s) => api<Stocktake>(`/library-stocktakes/${s.stocktakeId}`),
    setSession,
  );
  const start = useSubmit(
    () => api<Stocktake>(`${unit}/library-stocktakes`, { method: 'POST' }),
    (s) => {
      setScans([]);
      setSession(s);
    },
  );
  const scan = useSubmit(
    async (form) => {
      const barcode = formValues(form).barcode ?? '';
      form.reset();
      return api<Scan>(`/library-stocktakes/${session!.stocktakeId}/scans`, {
        method: 'POST',
        body: { barcode },
      });
    },
    (s) => setScans((list) => [s, ...list.filter((x) => x.barcode !== s.barcode)].slice(0, 50)),
  );
  const finish = useSubmit(
    () => api<Stocktake>(`/library-stocktakes/${session!.stocktakeId}/finish`, { method: 'POST' }),
    setSession,
  );
  return (
    <>
      <h1>{t('libAdmin.stocktake')}</h1>
      {!session || session.status === 'done' ? (
        <section class="panel">
          <p>{t('libAdmin.stocktakeIntro')}</p>
          <form onSubmit={start.onSubmit}>
            <FormProblem problem={start.problem} failure={start.failure} fields={[]} />
            <button type="submit" class="primary" disabled={start.busy}>
              {t('libAdmin.start')}
            </button>
          </form>
        </section>
      ) : null}
      {session?.status === 'open' && (
        <section class="panel" data-testid="scanner">
          <form class="stacked" onSubmit={scan.onSubmit}>
            <Field
              name="barcode"
              label={t('libAdmin.scan')}
              hint={t('libAdmin.scanHint')}
              autoComplete="off"
              autoFocus
              required
              problem={scan.problem}
            />
            <FormProblem problem={scan.problem} failure={scan.failure} fields={['barcode']} />
          </form>
          <p role="status" data-testid="scan-count">
            {t('libAdmin.scanned', { count: formatNumber(scans.length + (session.scanned ?? 0)) })}
          </p>
          <ol class="scans" data-testid="scans">
            {scans.map((s) => (
              <li key={s.barcode} class={s.known && s.status === 'available' ? '' : 'field-error'}>
                <code>{s.barcode}</code> —{' '}
                {s.known
                  ? `${s.title} · ${copyStatus(s.status!)}${s.location ? ` · ${s.location}` : ''}`
                  : t('libAdmin.unknown')}
              </li>
            ))}
          </ol>
          <form onSubmit={finish.onSubmit}>
            <FormProblem problem={finish.problem} failure={finish.failure} fields={[]} />
            <button type="submit" disabled={finish.busy}>
              {t('libAdmin.finish')}
            </button>
          </form>
        </section>
      )}
      {session?.status === 'counting' && <p role="status">{t('libAdmin.counting')}</p>}
      {session?.status === 'done' && session.report && <StocktakeReport report={session.report} />}
    </>
  );
}

function StocktakeReport({ report: r }: { report: Report }) {
  const figures: [string, number][] = [
    [t('libAdmin.held'), r.held],
    [t('libAdmin.scannedCount'), r.scanned],
    [t('libAdmin.found'), r.found],
    [t('libAdmin.onLoan'), r.onLoan],
    [t('libAdmin.missing'), r.missing],
    [t('libAdmin.onShelfButOut'), r.onShelfButOut],
    [t('libAdmin.foundAgain'), r.foundAgain],
    [t('libAdmin.unknownCount'), r.unknown],
  ];
  return (
    <section class="panel" data-testid="stocktake-report">
      <h2>{t('libAdmin.report')}</h2>
      <dl class="facts">
        {figures.map(([label, n]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{formatNumber(n)}</dd>
          </div>
        ))}
      </dl>
      {r.lists.missing.length > 0 && (
        <>
          <h3>{t('libAdmin.missing')}</h3>
          <DataTable
            items={r.lists.missing}
            rowKey={(c) => c.barcode}
            testId="stocktake-missing"
            columns={[
              {
                header: t('lib.titleField'),
                cell: (c) => (
                  // Reports made before titles were kept name none: the link still opens it.
                  <a href={`/library/titles/${c.titleId}`}>{c.title || t('libAdmin.openTitle')}</a>
                ),
              },
              { header: t('lib.authors'), cell: (c) => (c.authors ?? []).join(', ') },
              { header: t('lib.location'), cell: (c) => c.location ?? '' },
              { header: t('lib.barcode'), cell: (c) => c.barcode },
            ]}
          />
        </>
      )}
      {r.lists.onShelfButOut.length > 0 && (
        <p>
          {t('libAdmin.onShelfButOut')}: {r.lists.onShelfButOut.join(', ')}
        </p>
      )}
      {r.lists.unknown.length > 0 && (
        <p>
          {t('libAdmin.unknownCount')}: {r.lists.unknown.join(', ')}
        </p>
      )}
    </section>
  );
}

interface Rules {
  student: { loanDays: number; maxLoans: number; maxRenewals: number };
  staff: { loanDays: number; maxLoans: number; maxRenewals: number };
  holdShelfDays: number;
}
interface Interloan {
  requestId: string;
  titleId: string;
  title: string;
  borrowerSchool: string;
  lenderSchool: string;
  status: string;
  barcode?: string;
  trail: { status: string; at: string; school: string; note?: string }[];
}

/** The next steps each side may take, by status (the server decides; this offers the buttons). */
const NEXT: Record<string, { lender: string[]; borrower: string[] }> = {
  requested: { lender: ['accept', 'refuse'], borrower: ['cancel'] },
  accepted: { lender: ['ship', 'refuse'], borrower: ['cancel'] },
  shipped: { lender: [], borrower: ['receive'] },
  received: { lender: [], borrower: ['return'] },
  returned: { lender: ['close'], borrower: [] },
};

/** The library's management: loan rules, a copy's condition and status, inter-school loans. */
export function LibraryAdminPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('libAdmin.title'));
  const unit = `/org-units/${encodeURIComponent(id)}`;
  const rules = useAsync((signal) => api<Rules>(`${unit}/library-rules`, { signal }), [id]);
  const [saved, setSaved] = useState(false);
  const saveRules = useSubmit(
    async (form) => {
      const v = formValues(form);
      const n = (k: string) => Number(v[k]);
      return api<Rules>(`${unit}/library-rules`, {
        method: 'PUT',
        body: {
          student: {
            loanDays: n('studentDays'),
            maxLoans: n('studentMax'),
            maxRenewals: n('studentRenewals'),
          },
          staff: { loanDays: n('staffDays'), maxLoans: n('staffMax'), maxRenewals: n('staffRenewals') },
          holdShelfDays: n('holdShelfDays'),
        },
      });
    },
    () => setSaved(true),
  );
  const [changed, setChanged] = useState<{ barcode: string; status: string; condition: string }>();
  const changeCopy = useSubmit(async (form) => {
    const v = formValues(form);
    return api<{ barcode: string; status: string; condition: string }>(
      `${unit}/library-copies/${encodeURIComponent(v.barcode ?? '')}`,
      {
        method: 'PATCH',
        body: {
          ...(v.condition ? { condition: v.condition } : {}),
          ...(v.location ? { location: v.location } : {}),
          ...(v.status ? { status: v.status } : {}),
          ...(v.reason ? { reason: v.reason } : {}),
        },
      },
    );
  }, setChanged);
  const r = rules.data;
  const number = (name: string, label: string, value: number | undefined, max: number) => (
    <Field
      name={name}
      type="number"
      label={label}
      min={0}
      max={max}
      defaultValue={String(value ?? '')}
      required
      problem={saveRules.problem}
    />
  );
  return (
    <>
      <h1>{t('libAdmin.title')}</h1>
      <div class="columns">
        <section class="panel">
          <h2>{t('libAdmin.rules')}</h2>
          {rules.error ? <ErrorPanel error={rules.error} retry={rules.reload} /> : null}
          {!r && !rules.error ? <Loading /> : null}
          {r && (
            <form class="stacked" onSubmit={saveRules.onSubmit} data-testid="library-rules">
              <fieldset>
                <legend>{t('libAdmin.students')}</legend>
                {number('studentDays', t('libAdmin.loanDays'), r.student.loanDays, 120)}
                {number('studentMax', t('libAdmin.maxLoans'), r.student.maxLoans, 50)}
                {number('studentRenewals', t('libAdmin.maxRenewals'), r.student.maxRenewals, 10)}
              </fieldset>
              <fieldset>
                <legend>{t('libAdmin.staff')}</legend>
                {number('staffDays', t('libAdmin.loanDays'), r.staff.loanDays, 120)}
                {number('staffMax', t('libAdmin.maxLoans'), r.staff.maxLoans, 50)}
                {number('staffRenewals', t('libAdmin.maxRenewals'), r.staff.maxRenewals, 10)}
              </fieldset>
              {number('holdShelfDays', t('libAdmin.holdShelfDays'), r.holdShelfDays, 14)}
              <FormProblem problem={saveRules.problem} failure={saveRules.failure} fields={[]} />
              <button type="submit" class="primary" disabled={saveRules.busy}>
                {t('libAdmin.saveRules')}
              </button>
              {saved && (
                <p class="success" role="status">
                  {t('libAdmin.rulesSaved')}
                </p>
              )}
            </form>
          )}
        </section>
        <section class="panel">
          <h2>{t('libAdmin.copy')}</h2>
          <form class="stacked" onSubmit={changeCopy.onSubmit} data-testid="change-copy">
            <Field
              name="barcode"
              label={t('lib.barcode')}
              required
              autoComplete="off"
              problem={changeCopy.problem}
            />
            <Select
              name="condition"
              label={t('libAdmin.condition')}
              options={[
                { value: '', label: t('libAdmin.unchanged') },
                ...['new', 'good', 'worn', 'damaged'].map((c) => ({
                  value: c,
                  label: t(`libAdmin.condition.${c}` as never),
                })),
              ]}
              problem={changeCopy.problem}
            />
            <Field name="location" label={t('lib.location')} problem={changeCopy.problem} />
            <Select
              name="status"
              label={t('libAdmin.statusLabel')}
              options={[
                { value: '', label: t('libAdmin.unchanged') },
                ...['available', 'lost', 'withdrawn'].map((s) => ({ value: s, label: copyStatus(s) })),
              ]}
              problem={changeCopy.problem}
            />
            <Field name="reason" label={t('libAdmin.reason')} problem={changeCopy.problem} />
            <FormProblem
              problem={changeCopy.problem}
              failure={changeCopy.failure}
              fields={['barcode', 'condition', 'location', 'status']}
            />
            <button type="submit" disabled={changeCopy.busy}>
              {t('libAdmin.saveCopy')}
            </button>
            {changed && (
              <p class="success" role="status" data-testid="copy-changed">
                {changed.barcode}: {copyStatus(changed.status)} ·{' '}
                {t(`libAdmin.condition.${changed.condition}` as never)}
              </p>
            )}
          </form>
        </section>
      </div>
      <Labels unit={unit} />
      <Interloans unit={unit} schoolId={id} />
    </>
  );
}

interface LabelJob {
  jobId: string;
  status: 'pending' | 'done' | 'failed';
  labels?: number;
  error?: string;
  downloadUrl?: string;
}

/** Label sheets: barcodes (one per line) or a title's copies, as Code 128 or QR; the PDF to download. */
function Labels({ unit }: { unit: string }) {
  const [job, setJob] = useState<LabelJob>();
  const ask = useSubmit(async (form) => {
    const v = formValues(form);
    const barcodes = (v.barcodes ?? '')
      .split(/[\s,;]+/)
      .map((b) => b.trim())
      .filter(Boolean);
    return api<LabelJob>(`${unit}/library-labels`, {
      method: 'POST',
      body: {
        code: v.code,
        ...(barcodes.length ? { barcodes } : {}),
        ...(v.titleId ? { titleId: v.titleId } : {}),
      },
    });
  }, setJob);
  usePolling(
    job,
    (j) => j.status === 'pending',
    (j) => api<LabelJob>(`/library-label-jobs/${j.jobId}`),
    setJob,
  );
  return (
    <section class="panel">
      <h2>{t('libAdmin.labels')}</h2>
      <form class="stacked" onSubmit={ask.onSubmit} data-testid="labels">
        <TextArea
          name="barcodes"
          label={t('libAdmin.labelBarcodes')}
          hint={t('libAdmin.labelHint')}
          rows={3}
          problem={ask.problem}
        />
        <TitlePicker problem={ask.problem} required={false} />
        <Select
          name="code"
          label={t('libAdmin.labelCode')}
          options={[
            { value: 'code128', label: t('libAdmin.code128') },
            { value: 'qr', label: t('libAdmin.qr') },
          ]}
        />
        <FormProblem problem={ask.problem} failure={ask.failure} fields={['barcodes', 'titleId']} />
        <button type="submit" disabled={ask.busy}>
          {t('libAdmin.printLabels')}
        </button>
      </form>
      {job?.status === 'pending' && <p role="status">{t('lib.working')}</p>}
      {job?.status === 'failed' && <p class="field-error">{job.error}</p>}
      {job?.status === 'done' && job.downloadUrl && (
        <p role="status" data-testid="labels-ready">
          <a href={job.downloadUrl}>{t('libAdmin.labelsReady', { count: formatNumber(job.labels ?? 0) })}</a>
        </p>
      )}
    </section>
  );
}

function Interloans({ unit, schoolId }: { unit: string; schoolId: string }) {
  const [side, setSide] = useState<'borrower' | 'lender'>('borrower');
  const [version, setVersion] = useState(0);
  const schoolName = useSchoolNames();
  const list = usePaged<Interloan>(
    (cursor, signal) =>
      api<Page<Interloan>>(`${unit}/interlibrary-loans`, { query: { side, limit: 10, cursor }, signal }),
    [side, version],
  );
  const ask = useSubmit(
    async (form) => {
      const v = formValues(form);
      const made = await api<Interloan>(`${unit}/interlibrary-loans`, {
        method: 'POST',
        body: { titleId: v.titleId, lenderSchoolId: v.lenderSchoolId, ...(v.note ? { note: v.note } : {}) },
      });
      form.reset();
      return made;
    },
    () => {
      setSide('borrower');
      setVersion((n) => n + 1);
    },
  );
  const [stepProblem, setStepProblem] = useState<unknown>();
  const step = async (r: Interloan, action: string) => {
    setStepProblem(undefined);
    const barcode = action === 'ship' ? prompt(t('libAdmin.shipBarcode')) : undefined;
    if (action === 'ship' && !barcode) return;
    try {
      await api(`/interlibrary-loans/${r.requestId}/steps`, {
        method: 'POST',
        body: { action, ...(barcode ? { barcode } : {}) },
      });
      setVersion((n) => n + 1);
    } catch (error) {
      setStepProblem(error);
    }
  };
  return (
    <section class="panel">
      <h2>{t('libAdmin.interloans')}</h2>
      <form class="stacked" onSubmit={ask.onSubmit} data-testid="ask-interloan">
        <p class="hint">{t('libAdmin.interloanIntro')}</p>
        <TitlePicker problem={ask.problem} />
        <SchoolPicker
          name="lenderSchoolId"
          legend={t('libAdmin.lender')}
          required
          problem={ask.problem}
          exclude={[schoolId]}
          testId="lender-school"
        />
        <Field name="note" label={t('libAdmin.note')} problem={ask.problem} />
        <FormProblem
          problem={ask.problem}
          failure={ask.failure}
          fields={['titleId', 'lenderSchoolId', 'note']}
        />
        <button type="submit" disabled={ask.busy}>
          {t('libAdmin.ask')}
        </button>
      </form>
      <div class="actions">
        <button type="button" aria-pressed={side === 'borrower'} onClick={() => setSide('borrower')}>
          {t('libAdmin.outgoing')}
        </button>
        <button type="button" aria-pressed={side === 'lender'} onClick={() => setSide('lender')}>
          {t('libAdmin.incoming')}
        </button>
      </div>
      {stepProblem ? <ErrorPanel error={stepProblem} /> : null}
      <PagedList state={list} label={t('libAdmin.interloans')}>
        {(items) => (
          <DataTable
            testId="interloans"
            items={items}
            rowKey={(r) => r.requestId}
            columns={[
              { header: t('lib.titleField'), cell: (r) => r.title },
              {
                header: side === 'borrower' ? t('libAdmin.lender') : t('libAdmin.borrower'),
                cell: (r) => schoolName(side === 'borrower' ? r.lenderSchool : r.borrowerSchool),
              },
              { header: t('libAdmin.statusLabel'), cell: (r) => t(`libAdmin.il.${r.status}` as never) },
              {
                header: t('libAdmin.trail'),
                cell: (r) =>
                  r.trail
                    .map((s) => `${t(`libAdmin.il.${s.status}` as never)} ${formatDateTime(s.at)}`)
                    .join(' → '),
              },
              {
                header: t('libAdmin.next'),
                cell: (r) =>
                  (NEXT[r.status]?.[r.lenderSchool === schoolId ? 'lender' : 'borrower'] ?? []).map((a) => (
                    <button key={a} type="button" onClick={() => void step(r, a)}>
                      {t(`libAdmin.act.${a}` as never)}
                    </button>
                  )),
              },
            ]}
          />
        )}
      </PagedList>
    </section>
  );
}
