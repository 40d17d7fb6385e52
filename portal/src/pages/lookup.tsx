/**
 * Public lookups, no sign-in. Signature verification answers from the records API (the QR code
 * on a signed record points here); the diploma lookup waits for the diploma capability and says
 * "sắp có" (coming) everywhere it is offered, with no form that pretends to search.
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../api/client.ts';
import { formatDateTime, t } from '../i18n/index.ts';
import { Field } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';

/** Not open yet: said plainly, with no form that pretends to search. */
export function DiplomaLookupPage() {
  usePageTitle(t('lookup.diplomas.title'));
  return (
    <section class="panel">
      <h1>{t('lookup.diplomas.title')}</h1>
      <p class="notice" data-testid="not-yet">
        {t('lookup.notYet')}
      </p>
    </section>
  );
}

interface Verification {
  status: 'pending' | 'signed' | 'failed';
  kind?: 'pades' | 'detached';
  signer: string;
  reason: string;
  signedAt?: string;
  documentSha256: string;
  signedSha256?: string;
  record: { title: string; schoolYear: string; school: string; version: number };
}

/** The QR code on a signed record leads here: what the signature attests, for anyone. */
export function VerifyPage({ id }: { id?: string }) {
  usePageTitle(t('lookup.verify.title'));
  const [code, setCode] = useState(id ?? '');
  const result = useAsync(
    async (signal) =>
      code ? api<Verification>(`/verify/${encodeURIComponent(code)}`, { signal }) : undefined,
    [code],
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
        <Field name="code" label={t('lookup.verify.code')} required defaultValue={id ?? ''} />
        <button type="submit" class="primary">
          {t('lookup.search')}
        </button>
      </form>
      {code && result.error ? (
        <p class="field-error" role="alert">
          {result.error instanceof ApiProblem && (result.error.status === 404 || result.error.status === 400)
            ? t('lookup.verify.unknown')
            : t('lookup.verify.failed')}
        </p>
      ) : null}
      {v && (
        <div role="status" data-testid="verification">
          <p class={v.status === 'signed' ? 'success' : 'notice'}>
            {t(
              v.status === 'signed'
                ? 'lookup.verify.signed'
                : v.status === 'pending'
                  ? 'lookup.verify.pending'
                  : 'lookup.verify.notSigned',
            )}
          </p>
          <dl class="details">
            <dt>{t('lookup.verify.document')}</dt>
            <dd>
              {v.record.title} ({v.record.schoolYear}, {t('lookup.verify.version', { n: v.record.version })})
            </dd>
            <dt>{t('lookup.verify.school')}</dt>
            <dd>{v.record.school}</dd>
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
            <dt>{t('lookup.verify.hash')}</dt>
            <dd>
              <code>{v.signedSha256 ?? v.documentSha256}</code>
            </dd>
          </dl>
        </div>
      )}
    </section>
  );
}
