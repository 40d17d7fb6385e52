/**
 * Linking an account to a learner (docs/identity.md, "Accounts linked to people"): a guardian by
 * the school's single-use code or by the child's personal ID (when the school recorded the
 * guardian's own ID on the child), a learner of 14 or more by their own verified ID — the API
 * decides which proof holds. The personal ID travels in the request body only. Below: the links
 * the account has, each of which can be ended.
 */
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { type LinkRequest, learnersOf, type PersonLink } from '../api/family.ts';
import type { Me } from '../api/types.ts';
import { formatDay, t } from '../i18n/index.ts';
import { Field, FormProblem, useSubmit } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { loadLinks, rememberLearner } from './family.tsx';

type Way = 'code' | 'personal-id' | 'learner';

export function LinkPage({ me }: { me: Me }) {
  usePageTitle(t('link.title'));
  const links = useAsync((signal) => loadLinks(signal), [me.sub]);
  const [way, setWay] = useState<Way>('code');
  const [linked, setLinked] = useState<PersonLink>();
  // A code is single use: the form starts afresh after a link.
  const [formKey, setFormKey] = useState(0);
  const { busy, problem, failure, onSubmit } = useSubmit(
    async (form) => {
      const data = new FormData(form);
      const value = (name: string) => String(data.get(name) ?? '').trim();
      const body: LinkRequest =
        way === 'learner'
          ? { as: 'learner' }
          : way === 'code'
            ? { as: 'guardian', code: value('code') }
            : { as: 'guardian', childPersonalId: value('childPersonalId') };
      return api<PersonLink>('/me/links', { method: 'POST', body });
    },
    (link) => {
      setLinked(link);
      setFormKey((k) => k + 1);
      rememberLearner(link.recordId);
      links.reload();
    },
  );

  const ways: { value: Way; label: string; hint: string }[] = [
    { value: 'code', label: t('link.way.code'), hint: t('link.way.codeHint') },
    { value: 'personal-id', label: t('link.way.personalId'), hint: t('link.way.personalIdHint') },
    { value: 'learner', label: t('link.way.learner'), hint: t('link.way.learnerHint') },
  ];

  return (
    <>
      <h1>{t('link.title')}</h1>
      <p class="lead">{t('link.intro')}</p>
      {linked && (
        <section class="panel" role="status" data-testid="link-done">
          <p class="success">
            {t('link.done', {
              name: linked.fullName,
              where: [linked.className, linked.schoolName].filter(Boolean).join(', '),
            })}
          </p>
          <a class="button primary" href="/home">
            {t('link.openHome')}
          </a>
        </section>
      )}
      <form key={formKey} class="stacked panel" onSubmit={onSubmit} data-testid="link-form">
        <fieldset class="choices">
          <legend>{t('link.way')}</legend>
          {ways.map((w) => (
            <div key={w.value} class="radio">
              <label>
                <input
                  type="radio"
                  name="way"
                  value={w.value}
                  checked={way === w.value}
                  onChange={() => setWay(w.value)}
                />{' '}
                {w.label}
              </label>
              <p class="hint">{w.hint}</p>
            </div>
          ))}
        </fieldset>
        {way === 'code' && (
          <Field
            name="code"
            label={t('link.code')}
            hint={t('link.codeHint')}
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={20}
            problem={problem}
          />
        )}
        {way === 'personal-id' && (
          <Field
            name="childPersonalId"
            label={t('link.childPersonalId')}
            hint={t('link.childPersonalIdHint')}
            required
            inputMode="numeric"
            autoComplete="off"
            pattern="[0-9]{12}"
            maxLength={12}
            problem={problem}
          />
        )}
        <FormProblem problem={problem} failure={failure} fields={['code', 'childPersonalId']} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('form.saving') : t('link.submit')}
        </button>
      </form>
      <section class="panel" aria-labelledby="my-links-title">
        <h2 id="my-links-title">{t('link.mine')}</h2>
        {links.error ? (
          <ErrorPanel error={links.error} retry={links.reload} />
        ) : !links.data ? (
          <Loading />
        ) : learnersOf(links.data.items).length === 0 ? (
          <p class="empty">{t('link.none')}</p>
        ) : (
          <ul class="items" data-testid="my-links">
            {learnersOf(links.data.items).map((l) => (
              <MyLink key={l.recordId} link={l} onGone={links.reload} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function MyLink({ link, onGone }: { link: PersonLink; onGone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const unlink = async () => {
    setError(undefined);
    try {
      await api(`/me/links/${encodeURIComponent(link.recordId)}`, { method: 'DELETE' });
      onGone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <li>
      <strong>{link.fullName}</strong>
      {link.relation === 'self' ? ` (${t('family.you')})` : ''}
      <br />
      {[link.className, link.schoolName].filter(Boolean).join(' · ')}
      <br />
      <span class="hint">{t('link.since', { date: formatDay(link.linkedAt) })}</span>
      <div class="actions">
        {confirming ? (
          <>
            <button type="button" onClick={() => void unlink()}>
              {t('link.unlinkConfirm', { name: link.fullName })}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('link.cancel')}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('link.unlink')}
          </button>
        )}
      </div>
      {error !== undefined && <ErrorPanel error={error} />}
    </li>
  );
}
