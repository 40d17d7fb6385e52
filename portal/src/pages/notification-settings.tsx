/**
 * How I am told things: per category, the channels (the portal's inbox always; e-mail, push, SMS
 * and Zalo-style OTT only when chosen) and a daily digest; my e-mail and phone for them; the
 * language of the messages. Choosing an optional channel is consent (Decree 13/2023/NĐ-CP): the
 * page says what is used for what, and when consent was given. Push needs this device's
 * subscription as well, made here.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import {
  CATEGORIES,
  type Category,
  type Channel,
  type NotificationPreferences,
  type OptionalChannel,
  whenAvailable,
} from '../api/family.ts';
import type { Me } from '../api/types.ts';
import { formatDay, t } from '../i18n/index.ts';
import {
  disablePush,
  enablePush,
  PushRefused,
  type PushState,
  PushUnavailable,
  pushState,
  pushSupported,
} from '../push.ts';
import { Field, FormProblem, Select, useSubmit } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';

const PATH = '/me/notification-preferences';

export function NotificationSettingsPage({ me }: { me: Me }) {
  usePageTitle(t('prefs.title'));
  const prefs = useAsync((signal) => whenAvailable<NotificationPreferences>(PATH, { signal }), [me.sub]);
  return (
    <>
      <h1>{t('prefs.title')}</h1>
      <p class="lead">{t('prefs.intro')}</p>
      {prefs.error ? (
        <ErrorPanel error={prefs.error} retry={prefs.reload} />
      ) : prefs.data ? (
        <PreferencesForm initial={prefs.data} />
      ) : prefs.loading ? (
        <Loading />
      ) : (
        <p class="notice" data-testid="prefs-unavailable">
          {t('prefs.unavailable')}
        </p>
      )}
      {pushSupported() && <PushPanel account={me.sub} />}
    </>
  );
}

function PreferencesForm({ initial }: { initial: NotificationPreferences }) {
  const [prefs, setPrefs] = useState(initial);
  const [saved, setSaved] = useState(false);
  const optional = prefs.available.filter((c): c is OptionalChannel => c !== 'app');
  const { busy, problem, failure, onSubmit } = useSubmit(
    async (form) => {
      const data = new FormData(form);
      const contact = (name: string) => String(data.get(name) ?? '').trim() || undefined;
      return api<NotificationPreferences>(PATH, {
        method: 'PUT',
        body: {
          language: prefs.language,
          categories: prefs.categories,
          contacts: {
            ...(contact('contacts.email') ? { email: contact('contacts.email') } : {}),
            ...(contact('contacts.phone') ? { phone: contact('contacts.phone') } : {}),
          },
        },
      });
    },
    (next) => {
      setPrefs(next);
      setSaved(true);
    },
  );

  const toggle = (category: Category, channel: Channel, on: boolean) => {
    setSaved(false);
    setPrefs((p) => {
      const current = p.categories[category];
      const channels = on
        ? [...new Set([...current.channels, channel])]
        : current.channels.filter((c) => c !== channel);
      return { ...p, categories: { ...p.categories, [category]: { ...current, channels } } };
    });
  };
  const setDigest = (category: Category, digest: boolean) => {
    setSaved(false);
    setPrefs((p) => ({
      ...p,
      categories: { ...p.categories, [category]: { ...p.categories[category], digest } },
    }));
  };

  return (
    <form class="stacked prefs" onSubmit={onSubmit} data-testid="prefs-form">
      <section class="panel" aria-labelledby="consent-title">
        <h2 id="consent-title">{t('prefs.consent.title')}</h2>
        <p>{t('prefs.consent.intro')}</p>
        <ul>
          {optional.map((c) => (
            <li key={c}>
              <strong>{t(`prefs.channel.${c}`)}</strong>: {t(`prefs.consent.${c}`)}
              {prefs.consents[c] && (
                <span class="hint">
                  {' '}
                  {t('prefs.consent.given', { date: formatDay(prefs.consents[c].givenAt) })}
                </span>
              )}
            </li>
          ))}
        </ul>
        <p class="hint">{t('prefs.consent.withdraw')}</p>
      </section>

      <section class="panel" aria-labelledby="contacts-title">
        <h2 id="contacts-title">{t('prefs.contacts')}</h2>
        <Select
          name="language"
          label={t('prefs.language')}
          value={prefs.language}
          onChange={(e) => setPrefs((p) => ({ ...p, language: e.currentTarget.value as 'vi' | 'en' }))}
          options={[
            { value: 'vi', label: 'Tiếng Việt' },
            { value: 'en', label: 'English' },
          ]}
          problem={problem}
        />
        <Field
          name="contacts.email"
          type="email"
          label={t('prefs.email')}
          hint={t('prefs.emailHint')}
          autoComplete="email"
          defaultValue={prefs.contacts.email ?? ''}
          problem={problem}
        />
        <Field
          name="contacts.phone"
          type="tel"
          label={t('prefs.phone')}
          hint={t('prefs.phoneHint')}
          autoComplete="tel"
          defaultValue={prefs.contacts.phone ?? ''}
          problem={problem}
        />
      </section>

      <section class="panel" aria-labelledby="categories-title">
        <h2 id="categories-title">{t('prefs.categories')}</h2>
        {CATEGORIES.map((category) => {
          const chosen = prefs.categories[category] ?? { channels: ['app'], digest: false };
          return (
            <fieldset key={category} class="category" data-testid={`prefs-${category}`}>
              <legend>{t(`notify.category.${category}`)}</legend>
              {prefs.available.map((channel) => (
                <label key={channel} class="choice">
                  <input
                    type="checkbox"
                    name={`${category}.${channel}`}
                    checked={channel === 'app' || chosen.channels.includes(channel)}
                    disabled={channel === 'app'}
                    onChange={(e) => toggle(category, channel, e.currentTarget.checked)}
                  />
                  {t(`prefs.channel.${channel}`)}
                  {channel === 'app' && <span class="hint"> {t('prefs.alwaysOn')}</span>}
                </label>
              ))}
              <label class="choice">
                <input
                  type="checkbox"
                  name={`${category}.digest`}
                  checked={chosen.digest}
                  onChange={(e) => setDigest(category, e.currentTarget.checked)}
                />
                {t('prefs.digest')}
              </label>
            </fieldset>
          );
        })}
      </section>

      <FormProblem
        problem={problem}
        failure={failure}
        fields={['language', 'contacts.email', 'contacts.phone']}
      />
      {saved && (
        <p class="success" role="status">
          {t('prefs.saved')}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('form.saving') : t('form.submit')}
      </button>
    </form>
  );
}

/** This device's push subscription: on, off, or blocked in the browser's settings. */
function PushPanel({ account }: { account: string }) {
  const [state, setState] = useState<PushState>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  useEffect(() => {
    void pushState(account).then(setState);
  }, [account]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setMessage(undefined);
    setFailure(undefined);
    try {
      await action();
    } catch (error) {
      if (error instanceof PushRefused) setMessage(t('prefs.push.refused'));
      else if (error instanceof PushUnavailable) setMessage(t('prefs.push.unavailable'));
      else setFailure(error);
    } finally {
      setState(await pushState(account));
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="push-title" data-testid="push-panel">
      <h2 id="push-title">{t('prefs.push.title')}</h2>
      <p>{t('prefs.push.intro')}</p>
      <p class="hint">{t('prefs.push.shared')}</p>
      {state === 'blocked' && <p class="notice">{t('prefs.push.blocked')}</p>}
      {state === 'on' && <p class="success">{t('prefs.push.on')}</p>}
      {message && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      {failure !== undefined && <ErrorPanel error={failure} />}
      {state === 'off' && (
        <button
          type="button"
          class="primary"
          disabled={busy}
          onClick={() => void run(() => enablePush(account))}
        >
          {t('prefs.push.enable')}
        </button>
      )}
      {state === 'on' && (
        <button type="button" disabled={busy} onClick={() => void run(() => disablePush(account))}>
          {t('prefs.push.disable')}
        </button>
      )}
    </section>
  );
}
