/**
 * Digital diplomas (văn bằng số) in the portal: on an entry's page the office issues one (asked in
 * a dialog), downloads the signed credential to hand to its holder, and revokes it under a decision;
 * on the public lookup anyone checks a credential file — the file is read in the browser and sent
 * for verification, never stored.
 */
import { useRef, useState } from 'preact/hooks';
import { type ApiProblem, api } from '../api/client.ts';
import { formatDay, formatDayTime, t } from '../i18n/index.ts';
import { ConfirmButton } from '../ui/decision.tsx';
import { downloadBlob } from '../ui/download.ts';
import { Field, FormProblem, formValues, TextArea } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
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
                  {(c.state === 'issuing' || (c.state === 'issued' && !c.pdf)) && (
                    <button type="button" onClick={reload}>
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
