/**
 * Public lookups, no sign-in: the route structure and forms that the diploma and signing
 * capabilities fill in with their APIs. Until then the pages say plainly that the service is
 * not open yet rather than pretending to search.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { Field } from '../ui/form.tsx';
import { usePageTitle } from '../ui/layout.tsx';

function NotYetOpen() {
  return (
    <p class="notice" role="status">
      {t('lookup.notYet')}
    </p>
  );
}

export function DiplomaLookupPage() {
  usePageTitle(t('lookup.diplomas.title'));
  const [asked, setAsked] = useState(false);
  return (
    <section class="panel">
      <h1>{t('lookup.diplomas.title')}</h1>
      <p>{t('lookup.diplomas.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(true);
        }}
      >
        <Field name="number" label={t('lookup.diplomas.number')} required />
        <Field name="fullName" label={t('lookup.diplomas.name')} required autoComplete="off" />
        <button type="submit" class="primary">
          {t('lookup.search')}
        </button>
      </form>
      {asked && <NotYetOpen />}
    </section>
  );
}

export function VerifyPage({ id }: { id?: string }) {
  usePageTitle(t('lookup.verify.title'));
  const [asked, setAsked] = useState(Boolean(id));
  return (
    <section class="panel">
      <h1>{t('lookup.verify.title')}</h1>
      <p>{t('lookup.verify.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(true);
        }}
      >
        <Field name="code" label={t('lookup.verify.code')} required defaultValue={id ?? ''} />
        <button type="submit" class="primary">
          {t('lookup.search')}
        </button>
      </form>
      {asked && <NotYetOpen />}
    </section>
  );
}
