import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { completeLogin, lastLoginProvider, login } from '../auth/session.ts';
import { t } from '../i18n/index.ts';
import { usePageTitle } from '../ui/layout.tsx';

/** Where the identity provider sends the browser back with the authorization code. */
export function AuthCallback() {
  usePageTitle(t('auth.login'));
  const { route } = useLocation();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    const url = new URL(location.href);
    const error = url.searchParams.get('error_description') ?? url.searchParams.get('error');
    if (error) {
      setFailure(error);
      return;
    }
    completeLogin(url).then(
      (returnTo) => route(returnTo, true),
      (e: unknown) => setFailure(e instanceof Error ? e.message : String(e)),
    );
  }, [route]);
  if (!failure) {
    return (
      <p role="status" aria-live="polite">
        {t('auth.signingIn')}
      </p>
    );
  }
  return (
    <section class="panel error" role="alert">
      <h1>{t('auth.login')}</h1>
      <p>{t('auth.failed', { reason: failure })}</p>
      <button type="button" class="primary" onClick={() => void login('/home', lastLoginProvider())}>
        {t('auth.tryAgain')}
      </button>
    </section>
  );
}
