import { login, vneidAvailable } from '../auth/session.ts';
import { t } from '../i18n/index.ts';
import { useMe } from '../me.ts';
import { usePageTitle } from '../ui/layout.tsx';

/** The public front page of the sector's portal. */
export function LandingPage() {
  usePageTitle(t('landing.title'));
  const { session } = useMe();
  return (
    <>
      <section class="hero">
        <h1>{t('landing.title')}</h1>
        <p class="lead">{t('landing.lead')}</p>
        {session.status === 'signed-in' ? (
          <a class="button primary" href="/home">
            {t('landing.enter')}
          </a>
        ) : (
          // Two sign-ins: citizens, learners and guardians with the national identity, staff with
          // the city's SSO (docs/identity.md).
          <div class="actions sign-ins">
            {vneidAvailable() && (
              <button
                type="button"
                class="primary vneid"
                data-testid="sign-in-vneid"
                onClick={() => void login('/home', 'vneid')}
              >
                {t('auth.loginVneid')}
              </button>
            )}
            <button type="button" data-testid="sign-in-staff" onClick={() => void login('/home', 'staff')}>
              {t('auth.loginStaff')}
            </button>
          </div>
        )}
      </section>
      <section>
        <h2>{t('landing.public')}</h2>
        <ul class="cards">
          <li class="card">
            <h3>
              <a href="/library">{t('nav.librarySearch')}</a>
            </h3>
            <p>{t('lib.search.intro')}</p>
          </li>
          <li class="card">
            <h3>
              <a href="/library/coverage">{t('nav.coverage')}</a>
            </h3>
            <p>{t('repo.coverageIntro')}</p>
          </li>
          <li class="card">
            <h3>
              <a href="/lookup/diplomas">{t('nav.diplomas')}</a>
            </h3>
            <p>{t('landing.diplomas')}</p>
          </li>
          <li class="card">
            <h3>
              <a href="/verify">{t('nav.verify')}</a>
            </h3>
            <p>{t('landing.verify')}</p>
          </li>
          <li class="card">
            <h3>{t('landing.forStaff')}</h3>
            <p>{t('landing.forStaffText')}</p>
          </li>
        </ul>
      </section>
    </>
  );
}
