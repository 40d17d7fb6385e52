/**
 * Public lookups, no sign-in. Signature verification answers from the signature registry (the QR
 * code on a signed record or a course certificate points here); the diploma lookup answers from the
 * register of diplomas (functions/diplomas/lookup.ts).
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../api/client.ts';
import { formatDateTime, formatDay, type MessageKey, t } from '../i18n/index.ts';
import { Field, FormProblem, formValues, useSubmit } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { CheckDigitalDiploma } from './digital-diplomas.tsx';
import { PrintedFactList, type PrintedFacts } from './diploma-facts.tsx';

interface DiplomaVerification {
  found: boolean;
  state?: 'valid' | 'cancelled' | 'replaced';
  facts?: PrintedFacts;
}

/**
 * The public verification of a diploma (issue 23): the serial, the holder's name and year of
 * birth, sent in a POST body (never in the address); the answer is what the diploma prints and
 * whether it stands, or that nothing matches. No sign-in.
 */
export function DiplomaLookupPage() {
  usePageTitle(t('lookup.diplomas.title'));
  const [answer, setAnswer] = useState<DiplomaVerification>();
  const lookup = useSubmit((form) => {
    const v = formValues(form);
    return api<DiplomaVerification>('/diplomas/verification', {
      method: 'POST',
      body: { serial: v.serial ?? '', fullName: v.fullName ?? '', birthYear: Number(v.birthYear) },
    });
  }, setAnswer);
  const f = answer?.facts;
  return (
    <section class="panel">
      <h1>{t('lookup.diplomas.title')}</h1>
      <p class="lead">{t('lookup.diplomas.intro')}</p>
      <form class="stacked" onSubmit={lookup.onSubmit} data-testid="diploma-lookup">
        <Field
          name="serial"
          label={t('lookup.diplomas.serial')}
          hint={t('lookup.diplomas.serialHint')}
          required
          problem={lookup.problem}
          autoComplete="off"
        />
        <Field
          name="fullName"
          label={t('lookup.diplomas.name')}
          hint={t('lookup.diplomas.nameHint')}
          required
          problem={lookup.problem}
          autoComplete="off"
        />
        <Field
          name="birthYear"
          label={t('lookup.diplomas.birthYear')}
          inputMode="numeric"
          pattern="\d{4}"
          required
          problem={lookup.problem}
          autoComplete="off"
        />
        <FormProblem
          problem={lookup.problem}
          failure={lookup.failure}
          fields={['serial', 'fullName', 'birthYear']}
        />
        <button type="submit" class="primary" disabled={lookup.busy}>
          {t('lookup.search')}
        </button>
      </form>
      {answer && (
        <div role="status" data-testid="diploma-answer">
          {f ? (
            <>
              <p class={answer.state === 'valid' ? 'success' : 'notice'}>
                {t(`lookup.diplomas.${answer.state ?? 'valid'}` as MessageKey)}
              </p>
              <PrintedFactList facts={f} />
            </>
          ) : (
            <p class="notice">{t('lookup.diplomas.notFound')}</p>
          )}
        </div>
      )}
      <CheckDigitalDiploma />
    </section>
  );
}

interface Verification {
  signatureId: string;
  code?: string;
  status: 'pending' | 'signed' | 'failed';
  kind?: 'pades' | 'detached';
  signer: string;
  reason: string;
  signedAt?: string;
  documentSha256: string;
  signedSha256?: string;
  /** A professional record's signature… */
  record?: { title: string; schoolYear: string; school: string; version: number };
  /** …or another document's (a course's completion certificate), as it describes itself. */
  document?: { title: string; holder: string; issuer: string; facts: { label: string; value: string }[] };
  /** The document no longer stands (a digital diploma revoked), under this decision. */
  revokedAt?: string;
  revocation?: { decisionNumber: string; decisionDate: string };
}

/** The signed document's title, whichever kind it is. */
const titleOf = (v: Verification) => v.record?.title ?? v.document?.title ?? '';

/** The file's SHA-256 in hexadecimal, computed here: the file itself never leaves the browser. */
async function sha256Of(file: File) {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What one signature attests. */
function Attestation({ v, testId }: { v: Verification; testId: string }) {
  return (
    <div role="status" data-testid={testId}>
      <p class={v.status === 'signed' ? 'success' : 'notice'}>
        {t(
          v.status === 'signed'
            ? 'lookup.verify.signed'
            : v.status === 'pending'
              ? 'lookup.verify.pending'
              : 'lookup.verify.notSigned',
        )}
      </p>
      {v.revokedAt && (
        <p class="field-error" data-testid="verification-revoked">
          {v.revocation
            ? t('lookup.verify.revokedBy', {
                number: v.revocation.decisionNumber,
                date: formatDay(v.revocation.decisionDate),
              })
            : t('lookup.verify.revoked')}
        </p>
      )}
      <dl class="details">
        <dt>{t('lookup.verify.document')}</dt>
        {v.record ? (
          <>
            <dd>
              {v.record.title} ({v.record.schoolYear}, {t('lookup.verify.version', { n: v.record.version })})
            </dd>
            <dt>{t('lookup.verify.school')}</dt>
            <dd>{v.record.school}</dd>
          </>
        ) : (
          <dd>{titleOf(v)}</dd>
        )}
        {v.document && (
          <>
            <dt>{t('lookup.verify.holder')}</dt>
            <dd data-testid="verify-holder">{v.document.holder}</dd>
            <dt>{t('lookup.verify.issuer')}</dt>
            <dd>{v.document.issuer}</dd>
            {v.document.facts.map((f) => (
              <>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </>
            ))}
          </>
        )}
        <dt>{t('lookup.verify.signer')}</dt>
        <dd>{v.signer}</dd>
        <dt>{t('lookup.verify.reason')}</dt>
        <dd>{v.reason}</dd>
        {v.signedAt && (
          <>
            <dt>{t('lookup.verify.signedAt')}</dt>
            <dd>{formatDateTime(v.signedAt)}</dd>
          </>
        )}
        {v.code && (
          <>
            <dt>{t('lookup.verify.codeShown')}</dt>
            <dd>
              <code>{v.code}</code>
            </dd>
          </>
        )}
        <dt>{t('lookup.verify.hash')}</dt>
        <dd>
          <code>{v.signedSha256 ?? v.documentSha256}</code>
        </dd>
      </dl>
    </div>
  );
}

const notFound = (error: unknown) =>
  error instanceof ApiProblem && (error.status === 404 || error.status === 400);

/**
 * The QR code on a signed record leads here: what the signature attests, for anyone — by the
 * short code printed on the stamp, or by the file itself (its SHA-256, computed in the browser).
 */
export function VerifyPage({ id }: { id?: string }) {
  usePageTitle(t('lookup.verify.title'));
  const [code, setCode] = useState(id ?? '');
  const result = useAsync(
    async (signal) =>
      code ? api<Verification>(`/verify/${encodeURIComponent(code)}`, { signal }) : undefined,
    [code],
  );
  const [file, setFile] = useState<File>();
  const byFile = useAsync(
    async (signal) => {
      if (!file) return undefined;
      const sha256 = await sha256Of(file);
      const found = await api<{ items: Verification[] }>('/verify/by-file', {
        method: 'POST',
        body: { sha256 },
        signal,
      });
      return { sha256, items: found.items };
    },
    [file],
  );
  const v = result.data;
  return (
    <section class="panel">
      <h1>{t('lookup.verify.title')}</h1>
      <p>{t('lookup.verify.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setCode(
            (
              (e.currentTarget as HTMLFormElement).elements.namedItem('code') as HTMLInputElement
            ).value.trim(),
          );
        }}
      >
        <Field
          name="code"
          label={t('lookup.verify.code')}
          hint={t('lookup.verify.codeHint')}
          required
          defaultValue={id ?? ''}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
        />
        <button type="submit" class="primary">
          {t('lookup.search')}
        </button>
      </form>
      {code && result.error ? (
        <p class="field-error" role="alert" data-testid="verification-unknown">
          {notFound(result.error) ? t('lookup.verify.unknown') : t('lookup.verify.failed')}
        </p>
      ) : null}
      {v && <Attestation v={v} testId="verification" />}
      <h2>{t('lookup.verify.byFile')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const input = (e.currentTarget as HTMLFormElement).elements.namedItem('file') as HTMLInputElement;
          setFile(input.files?.[0]);
        }}
      >
        <Field
          name="file"
          type="file"
          label={t('lookup.verify.file')}
          hint={t('lookup.verify.fileHint')}
          required
        />
        <button type="submit" disabled={byFile.loading && !!file}>
          {t('lookup.verify.compare')}
        </button>
      </form>
      {file && byFile.error ? (
        <p class="field-error" role="alert" data-testid="file-unknown">
          {notFound(byFile.error) ? t('lookup.verify.fileUnknown') : t('lookup.verify.failed')}
        </p>
      ) : null}
      {file &&
        byFile.data?.items.map((match) => (
          <div key={match.signatureId} data-testid="file-match">
            {/* The file as submitted, before the stamp and signature were added: said as such. */}
            <p class="success">
              {t(
                match.kind === 'pades' && match.signedSha256 !== byFile.data?.sha256
                  ? 'lookup.verify.fileIsOriginal'
                  : 'lookup.verify.fileMatches',
                { title: titleOf(match) },
              )}
            </p>
            <Attestation v={match} testId="file-verification" />
          </div>
        ))}
      {/* The other form of a digital diploma: its credential (JSON), checked against the issuer's key. */}
      <CheckDigitalDiploma />
    </section>
  );
}
