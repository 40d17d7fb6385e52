import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { login, logout } from '../auth/session.ts';
import { lang, setLang, t } from '../i18n/index.ts';
import { useMe } from '../me.ts';
import { audiencesOf, type NavItem, navFor } from '../nav.ts';
import { Bell } from './bell.tsx';

const PUBLIC_NAV: NavItem[] = [
  { label: 'nav.home', href: '/' },
  { label: 'nav.librarySearch', href: '/library' },
  { label: 'nav.diplomas', href: '/lookup/diplomas' },
  { label: 'nav.verify', href: '/verify' },
];

/** Sets the tab title: "<page> — Cổng Giáo dục số". */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title]);
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { me, session } = useMe();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // A new page: close the phone menu and move focus to the content, as a page load would.
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) firstRender.current = false;
    else main.current?.focus();
  }, [path]);

  const signedIn = session.status === 'signed-in';
  // Signed in but /me not here yet: no menu rather than the wrong one.
  const items = signedIn ? (me ? navFor(me) : []) : PUBLIC_NAV;
  const audience = me ? audiencesOf(me)[0] : undefined;
  const displayName = me?.fullName ?? (signedIn ? (session.session.name ?? session.session.sub) : '');

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="site-header">
        <div class="brand">
          <a href={signedIn ? '/home' : '/'}>
            <span class="brand-name">{t('app.name')}</span>
            <span class="brand-org">{audience ? t(`audience.${audience}`) : t('app.org')}</span>
          </a>
        </div>
        <div class="header-actions">
          <button
            type="button"
            class="link-button"
            lang={lang() === 'vi' ? 'en' : 'vi'}
            onClick={() => setLang(lang() === 'vi' ? 'en' : 'vi')}
            aria-label={`${t('app.language')}: ${t('app.switchTo')}`}
            data-testid="switch-language"
          >
            {t('app.switchTo')}
          </button>
          {signedIn ? (
            <>
              {/* An account's own inbox; a token without an account has none. */}
              {me?.permissions.includes('self.link') && <Bell />}
              <span class="user" data-testid="user-name">
                {displayName}
              </span>
              <button type="button" onClick={() => void logout()}>
                {t('auth.logout')}
              </button>
            </>
          ) : (
            <button type="button" class="primary" onClick={() => void login(path === '/' ? '/home' : path)}>
              {t('auth.login')}
            </button>
          )}
          <button
            type="button"
            class="menu-toggle"
            aria-expanded={menuOpen ? 'true' : 'false'}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {t('app.menu')}
          </button>
        </div>
      </header>
      <nav id="main-nav" class={`main-nav${menuOpen ? ' open' : ''}`} aria-label={t('nav.main')}>
        <ul>
          {items.map((item) => (
            <li key={item.href}>
              <a href={item.href} aria-current={isCurrent(path, item.href) ? 'page' : undefined}>
                {t(item.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {session.status === 'signed-out' && session.reason === 'expired' && (
        <div class="banner" role="alert" data-testid="session-expired">
          <p>{t('auth.expired')}</p>
          <button type="button" class="primary" onClick={() => void login()}>
            {t('auth.login')}
          </button>
        </div>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <p>{t('app.footer')}</p>
        <p>
          <a href="/api/docs">{t('nav.apiDocs')}</a>
        </p>
      </footer>
    </>
  );
}

const isCurrent = (path: string, href: string) =>
  path === href || (href !== '/' && href !== '/home' && path.startsWith(`${href}/`));

export function SignInRequired({ expired }: { expired: boolean }) {
  usePageTitle(t('auth.login'));
  return (
    <section class="panel">
      <h1>{t('auth.login')}</h1>
      <p>{expired ? t('auth.expired') : t('auth.required')}</p>
      <button type="button" class="primary" onClick={() => void login()}>
        {t('auth.login')}
      </button>
    </section>
  );
}
