/**
 * Digital diplomas (văn bằng số) in the portal: on an entry's page the office issues one (asked in
 * a dialog), downloads the signed credential to hand to its holder, and revokes it under a decision;
 * on the public lookup anyone checks a credential file — the file is read in the browser and sent
 * for verification, never stored.
 */
import { useRef, useState } from 'preact/hooks';
import {
  DIPLOMA_TYPE_NAMES,
  DIPLOMA_TYPES,
  type DiplomaType,
} from '../../../functions/diplomas/domain/kinds.ts';
import { type ApiProblem, api } from '../api/client.ts';
import { formatDay, formatDayTime, formatNumber, t } from '../i18n/index.ts';
import { ConfirmButton } from '../ui/decision.tsx';
import { downloadBlob } from '../ui/download.ts';
import { Field, FormProblem, formValues, Select, TextArea } from '../ui/form.tsx';
import { useAsync, usePolling } from '../ui/hooks.ts';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { PrintedFactList, type PrintedFacts } from './diploma-facts.tsx';

interface DigitalDiploma {
  credentialId: string;
  state: 'issuing' | 'issued' | 'revoked';
  requestedAt: string;
  issuedAt?: string;
  revokedAt?: string;
  revocation?: { decisionNumber: string; decisionDate: string; reason: string };
  /** The PDF form's verification code, and whether its signed PDF is made. */
  code?: string;
  pdf: boolean;
  credential?: Record<string, unknown>;
  pdfUrl?: string;
}

/** The holder's download of their digital diploma (from "Văn bằng của tôi"). */
export function MyDigitalDiploma({
  credentialId,
  serial,
  pdf,
}: {
  credentialId: string;
  serial: string;
  pdf: boolean;
}) {
  const [failure, setFailure] = useState<unknown>();
  const attempt = async (step: () => Promise<void>) => {
    setFailure(undefined);
    try {
      await step();
    } catch (error) {
      setFailure(error);
    }
  };
  const download = () =>
    attempt(async () => {
      const credential = await api<Record<string, unknown>>(`/me/diploma-credentials/${credentialId}`);
      downloadJson(credential, `van-bang-so-${serial.replace(/\s+/g, '')}.json`);
    });
  const downloadPdf = () =>
    attempt(async () => {
      const { url } = await api<{ url: string }>(`/me/diploma-credentials/${credentialId}/pdf`);
      window.location.assign(url);
    });
  return (
    <div data-testid="my-digital-diploma">
      <p>{t(pdf ? 'digital.yoursWithPdf' : 'digital.yours')}</p>
      <div class="actions">
        {pdf && (
          <button type="button" onClick={() => void downloadPdf()}>
            {t('digital.downloadPdf')}
          </button>
        )}
        <button type="button" onClick={() => void download()}>
          {t('digital.download')}
        </button>
      </div>
      {failure !== undefined && <ErrorPanel error={failure} />}
    </div>
  );
}

/** Starts the download of a JSON document under `fileName`. */
const downloadJson = (document_: unknown, fileName: string) =>
  downloadBlob(new Blob([JSON.stringify(document_, null, 2)], { type: 'application/json' }), fileName);

function Revoke({ credential, onDone }: { credential: DigitalDiploma; onDone: () => void }) {
  const form = useRef<HTMLFormElement>(null);
  const [problem, setProblem] = useState<ApiProblem>();
  return (
    <form
      ref={form}
      class="stacked"
      onSubmit={(event) => event.preventDefault()}
      data-testid="revoke-digital"
    >
      <Field name="decisionNumber" label={t('diplomas.decisionNumber')} required problem={problem} />
      <Field name="decisionDate" label={t('diplomas.decisionDate')} type="date" required problem={problem} />
      <TextArea name="reason" label={t('diplomas.reason')} required rows={2} problem={problem} />
      <FormProblem problem={problem} fields={['decisionNumber', 'decisionDate', 'reason']} />
      <ConfirmButton
        label={t('digital.revoke')}
        question={t('digital.askRevoke')}
        detail={t('digital.revokeDetail')}
        confirm={t('digital.revoke')}
        send={async () => {
          setProblem(undefined);
          const v = formValues(form.current!);
          try {
            return await api<DigitalDiploma>(`/diploma-credentials/${credential.credentialId}/revocation`, {
              method: 'POST',
              body: {
                decisionNumber: v.decisionNumber ?? '',
                decisionDate: v.decisionDate ?? '',
                reason: v.reason ?? '',
              },
            });
          } catch (error) {
            if ((error as ApiProblem).status === 400) setProblem(error as ApiProblem);
            throw error;
          }
        }}
        onDone={() => {
          form.current?.reset();
          onDone();
        }}
        testId="confirm-revoke-digital"
      />
    </form>
  );
}

/** The entry's digital diplomas: the one in force first, with what the office may do. */
export function EntryDigitalDiplomas({
  entryId,
  serial,
  keeper,
  valid,
}: {
  entryId: string;
  serial: string;
  keeper: boolean;
  valid: boolean;
}) {
  const [changed, setChanged] = useState(0);
  const listed = useAsync(
    (signal) => api<{ items: DigitalDiploma[] }>(`/diplomas/${entryId}/digital-credentials`, { signal }),
    [entryId, changed],
  );
  const [failure, setFailure] = useState<unknown>();
  const reload = () => setChanged((n) => n + 1);
  const standing = listed.data?.items.find((c) => c.state !== 'revoked');
  const askAgain = async () => {
    setFailure(undefined);
    try {
      await api(`/diplomas/${entryId}/digital-credentials`, { method: 'POST' });
    } catch (error) {
      setFailure(error);
    }
    reload();
  };
  const download = async (c: DigitalDiploma, form: 'json' | 'pdf') => {
    setFailure(undefined);
    try {
      const full = await api<DigitalDiploma>(`/diploma-credentials/${c.credentialId}`);
      if (form === 'pdf' && full.pdfUrl) window.location.assign(full.pdfUrl);
      else downloadJson(full.credential, `van-bang-so-${serial.replace(/\s+/g, '')}.json`);
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <section class="panel" aria-labelledby="digital-title" data-testid="digital-diplomas">
      <h2 id="digital-title">{t('digital.title')}</h2>
      <p class="hint">{t('digital.intro')}</p>
      {listed.error ? (
        <ErrorPanel error={listed.error} retry={listed.reload} />
      ) : !listed.data ? (
        <Loading />
      ) : (
        <>
          {listed.data.items.length === 0 && <p>{t('digital.none')}</p>}
          {failure !== undefined && <ErrorPanel error={failure} />}
          <ul class="trail">
            {listed.data.items.map((c) => (
              <li key={c.credentialId} data-testid={`digital-${c.state}`}>
                <p>
                  <strong>{t(`digital.state.${c.state}`)}</strong>
                  {' — '}
                  {c.issuedAt
                    ? t('digital.issuedAt', { at: formatDayTime(c.issuedAt) })
                    : t('digital.requestedAt', { at: formatDayTime(c.requestedAt) })}
                  {c.revocation &&
                    ` — ${t('diplomas.byDecision', { number: c.revocation.decisionNumber, date: formatDay(c.revocation.decisionDate) })}: ${c.revocation.reason}`}
                </p>
                {c.code && (
                  <p class="hint">
                    {t('digital.pdfCode')} <code data-testid="digital-code">{c.code}</code>
                  </p>
                )}
                <div class="actions">
                  {/* Still being signed (or its PDF made): asking again re-sends a lost message, then reads again. */}
                  {(c.state === 'issuing' || (c.state === 'issued' && !c.pdf && c.code)) && (
                    <button type="button" onClick={() => (keeper ? void askAgain() : reload())}>
                      {t('digital.refresh')}
                    </button>
                  )}
                  {c.state === 'issued' && c.pdf && (
                    <button type="button" onClick={() => void download(c, 'pdf')}>
                      {t('digital.downloadPdf')}
                    </button>
                  )}
                  {c.state === 'issued' && (
                    <button type="button" onClick={() => void download(c, 'json')}>
                      {t('digital.download')}
                    </button>
                  )}
                </div>
                {keeper && c.state !== 'revoked' && <Revoke credential={c} onDone={reload} />}
              </li>
            ))}
          </ul>
          {keeper && valid && !standing && (
            <ConfirmButton
              label={t('digital.issue')}
              question={t('digital.askIssue', { serial })}
              detail={t('digital.issueDetail')}
              confirm={t('digital.issue')}
              send={() => api(`/diplomas/${entryId}/digital-credentials`, { method: 'POST' })}
              onDone={reload}
              testId="issue-digital"
            />
          )}
        </>
      )}
    </section>
  );
}

interface CredentialCheck {
  verified: boolean;
  revoked: boolean;
  facts?: PrintedFacts;
}

/** Anyone checks a digital diploma's file: read here, sent for verification, never kept. */
export function CheckDigitalDiploma() {
  const [answer, setAnswer] = useState<CredentialCheck>();
  const [failure, setFailure] = useState<unknown>();
  const [unreadable, setUnreadable] = useState(false);
  const [busy, setBusy] = useState(false);
  const check = async (file: File | undefined) => {
    setAnswer(undefined);
    setFailure(undefined);
    setUnreadable(false);
    if (!file) return;
    let credential: unknown;
    try {
      credential = JSON.parse(await file.text());
    } catch {
      setUnreadable(true);
      return;
    }
    setBusy(true);
    try {
      setAnswer(
        await api<CredentialCheck>('/credentials/verification', { method: 'POST', body: credential }),
      );
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="check-digital" data-testid="check-digital">
      <h2 id="check-digital">{t('digital.checkTitle')}</h2>
      <p class="hint">{t('digital.checkIntro')}</p>
      <div class="field">
        <label for="digital-file">{t('digital.file')}</label>
        <input
          id="digital-file"
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(event) => void check((event.currentTarget as HTMLInputElement).files?.[0])}
        />
      </div>
      {unreadable && (
        <p class="field-error" role="alert">
          {t('digital.unreadable')}
        </p>
      )}
      {failure !== undefined && <ErrorPanel error={failure} />}
      {answer && (
        <div role="status" data-testid="digital-answer">
          {answer.verified && answer.facts ? (
            <>
              <p class="success">{t('digital.verified')}</p>
              <PrintedFactList facts={answer.facts} />
            </>
          ) : (
            <p class="notice">{t(answer.revoked ? 'digital.revokedAnswer' : 'digital.notVerified')}</p>
          )}
        </div>
      )}
    </section>
  );
}

interface Batch {
  batchId: string;
  registerYear: number;
  type: DiplomaType;
  school?: string;
  state: 'running' | 'done';
  matched: number;
  requested: number;
  hadOne: number;
  notValid: number;
  failed: number;
  requestedAt: string;
  finishedAt?: string;
}

/** The register years whose graduates are new (the API takes these only): this year and last. */
export const newGraduateYear = (year: number, now = new Date()) => {
  const thisYear = Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(now),
  );
  return year === thisYear || year === thisYear - 1;
};

const batchTypes = DIPLOMA_TYPES.map((value) => ({ value, label: DIPLOMA_TYPE_NAMES[value] }));

/**
 * A year's new graduates issued as digital diplomas at once (on the register year's page): the
 * office picks the type and, if it likes, the school, and confirms in a dialog; each run's progress
 * is shown, read again every second while it runs.
 */
export function YearDigitalBatches({ year, keeper }: { year: number; keeper: boolean }) {
  const form = useRef<HTMLFormElement>(null);
  const [problem, setProblem] = useState<ApiProblem>();
  const [changed, setChanged] = useState(0);
  const listed = useAsync(
    (signal) => api<{ items: Batch[] }>(`/diploma-registers/${year}/digital-credential-batches`, { signal }),
    [year, changed],
  );
  const [items, setItems] = useState<Batch[]>();
  const shown = items ?? listed.data?.items;
  usePolling(
    shown,
    (list) => list.some((b) => b.state === 'running'),
    async () =>
      (await api<{ items: Batch[] }>(`/diploma-registers/${year}/digital-credential-batches`)).items,
    setItems,
  );
  const reload = () => {
    setItems(undefined);
    setChanged((n) => n + 1);
  };
  return (
    <section class="panel" aria-labelledby="digital-batches-title" data-testid="digital-batches">
      <h3 id="digital-batches-title">{t('digitalBatch.title', { year: String(year) })}</h3>
      <p class="hint">{t('digitalBatch.intro')}</p>
      {keeper && (
        <form ref={form} class="stacked" onSubmit={(event) => event.preventDefault()}>
          <Select name="type" label={t('diplomas.type')} options={batchTypes} problem={problem} />
          <Field
            name="school"
            label={t('digitalBatch.school')}
            hint={t('digitalBatch.schoolHint')}
            problem={problem}
            autoComplete="off"
          />
          <FormProblem problem={problem} fields={['type', 'school', 'year']} />
          <ConfirmButton
            label={t('digitalBatch.start')}
            question={t('digitalBatch.ask', { year: String(year) })}
            detail={t('digitalBatch.askDetail')}
            confirm={t('digitalBatch.start')}
            send={async () => {
              setProblem(undefined);
              const v = formValues(form.current!);
              try {
                return await api<Batch>(`/diploma-registers/${year}/digital-credential-batches`, {
                  method: 'POST',
                  body: { type: v.type, ...(v.school?.trim() ? { school: v.school.trim() } : {}) },
                });
              } catch (error) {
                if ((error as ApiProblem).status === 400) setProblem(error as ApiProblem);
                throw error;
              }
            }}
            onDone={reload}
            testId="start-digital-batch"
          />
        </form>
      )}
      {listed.error ? (
        <ErrorPanel error={listed.error} retry={listed.reload} />
      ) : !shown ? (
        <Loading />
      ) : shown.length === 0 ? (
        <p>{t('digitalBatch.none')}</p>
      ) : (
        <ul class="trail" data-testid="digital-batch-list">
          {shown.map((b) => (
            <li key={b.batchId} data-testid={`digital-batch-${b.state}`}>
              <p>
                <strong>{t(b.state === 'running' ? 'digitalBatch.running' : 'digitalBatch.done')}</strong>
                {' — '}
                {DIPLOMA_TYPE_NAMES[b.type]}, {b.school ?? t('digitalBatch.allSchools')}
                {' — '}
                {t('digitalBatch.startedAt', { at: formatDayTime(b.requestedAt) })}
              </p>
              <p>
                {t('digitalBatch.counts', {
                  matched: formatNumber(b.matched),
                  requested: formatNumber(b.requested),
                  hadOne: formatNumber(b.hadOne),
                  notValid: formatNumber(b.notValid),
                })}
                {b.failed > 0 && (
                  <strong class="field-error">
                    {' '}
                    {t('digitalBatch.failed', { n: formatNumber(b.failed) })}
                  </strong>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
