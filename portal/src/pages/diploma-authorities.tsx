/**
 * The diploma office's list of authorities' systems (employers, other departments) that verify
 * diplomas through the API: each with who answers for it, its daily quota and what it asked today;
 * the quota changed, the system suspended or restored (asked in a dialog: Enter never suspends);
 * a new one admitted by the client id the city's SSO issued it.
 */
import { useRef, useState } from 'preact/hooks';
import { type ApiProblem, api } from '../api/client.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { ConfirmButton } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, useSubmit } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';

interface Authority {
  clientId: string;
  name: string;
  contact?: string;
  dailyQuota: number;
  status: 'active' | 'suspended';
  note?: string;
  revision: number;
  usedToday: number;
}

const change = (a: Authority, body: Record<string, unknown>) =>
  api<Authority>(`/diploma-authorities/${encodeURIComponent(a.clientId)}`, {
    method: 'PATCH',
    body: { ...body, expectedRevision: a.revision },
  });

function QuotaForm({ authority, onChanged }: { authority: Authority; onChanged: () => void }) {
  const save = useSubmit(
    (form) => change(authority, { dailyQuota: Number(formValues(form).dailyQuota) }),
    onChanged,
  );
  return (
    <form
      class="stacked inline-fields"
      onSubmit={save.onSubmit}
      aria-label={t('authorities.quotaOf', { name: authority.name })}
    >
      <Field
        name="dailyQuota"
        label={t('authorities.dailyQuota')}
        type="number"
        min={1}
        max={100000}
        inputMode="numeric"
        required
        defaultValue={String(authority.dailyQuota)}
        problem={save.problem}
      />
      <FormProblem problem={save.problem} failure={save.failure} fields={['dailyQuota']} />
      <button type="submit" disabled={save.busy}>
        {t('authorities.saveQuota')}
      </button>
    </form>
  );
}

function AuthorityPanel({ authority: a, onChanged }: { authority: Authority; onChanged: () => void }) {
  const suspended = a.status === 'suspended';
  return (
    <section class="panel" aria-label={a.name} data-testid={`authority-${a.clientId}`}>
      <h2>{a.name}</h2>
      <dl class="facts">
        <dt>{t('authorities.clientId')}</dt>
        <dd>
          <code>{a.clientId}</code>
        </dd>
        {a.contact && (
          <>
            <dt>{t('authorities.contact')}</dt>
            <dd>{a.contact}</dd>
          </>
        )}
        <dt>{t('authorities.status')}</dt>
        <dd>
          <span class={`badge${suspended ? ' warning' : ''}`}>
            {t(suspended ? 'authorities.suspended' : 'authorities.active')}
          </span>
        </dd>
        <dt>{t('authorities.usedToday')}</dt>
        <dd>
          {t('authorities.usedOf', { used: formatNumber(a.usedToday), quota: formatNumber(a.dailyQuota) })}
        </dd>
        {a.note && (
          <>
            <dt>{t('authorities.note')}</dt>
            <dd>{a.note}</dd>
          </>
        )}
      </dl>
      <QuotaForm authority={a} onChanged={onChanged} />
      <ConfirmButton
        label={t(suspended ? 'authorities.restore' : 'authorities.suspend')}
        name={t(suspended ? 'authorities.restoreNamed' : 'authorities.suspendNamed', { name: a.name })}
        question={t(suspended ? 'authorities.askRestore' : 'authorities.askSuspend', { name: a.name })}
        detail={t(suspended ? 'authorities.restoreDetail' : 'authorities.suspendDetail')}
        confirm={t(suspended ? 'authorities.restore' : 'authorities.suspend')}
        send={() => change(a, { status: suspended ? 'active' : 'suspended' })}
        onDone={onChanged}
      />
    </section>
  );
}

/**
 * Admitting a system grants it access to the register: asked in a dialog (Enter in the form
 * admits nothing), like every decision.
 */
function AdmitForm({ onAdmitted }: { onAdmitted: () => void }) {
  const [admitted, setAdmitted] = useState<Authority>();
  const [problem, setProblem] = useState<ApiProblem>();
  const form = useRef<HTMLFormElement>(null);
  const send = async () => {
    setProblem(undefined);
    const v = formValues(form.current!);
    try {
      return await api<Authority>('/diploma-authorities', {
        method: 'POST',
        body: {
          clientId: v.clientId ?? '',
          name: v.name ?? '',
          ...(v.contact ? { contact: v.contact } : {}),
          dailyQuota: Number(v.dailyQuota),
          ...(v.note ? { note: v.note } : {}),
        },
      });
    } catch (error) {
      if ((error as ApiProblem).status === 400) setProblem(error as ApiProblem);
      throw error;
    }
  };
  const fields = ['clientId', 'name', 'contact', 'dailyQuota', 'note'];
  return (
    <section class="panel" aria-labelledby="admit-authority">
      <h2 id="admit-authority">{t('authorities.admit')}</h2>
      <p class="hint">{t('authorities.admitHint')}</p>
      {admitted && (
        <p class="success" role="status">
          {t('authorities.admitted', { name: admitted.name })}
        </p>
      )}
      <form
        class="stacked"
        ref={form}
        onSubmit={(event) => event.preventDefault()}
        data-testid="admit-authority"
      >
        <Field
          name="clientId"
          label={t('authorities.clientId')}
          hint={t('authorities.clientIdHint')}
          required
          autoComplete="off"
          problem={problem}
        />
        <Field name="name" label={t('authorities.name')} required problem={problem} />
        <Field name="contact" label={t('authorities.contact')} problem={problem} />
        <Field
          name="dailyQuota"
          label={t('authorities.dailyQuota')}
          type="number"
          min={1}
          max={100000}
          inputMode="numeric"
          required
          defaultValue="200"
          problem={problem}
        />
        <Field name="note" label={t('authorities.note')} problem={problem} />
        <FormProblem problem={problem} fields={fields} />
        <ConfirmButton
          label={t('authorities.admitButton')}
          question={t('authorities.askAdmit')}
          detail={t('authorities.askAdmitDetail')}
          confirm={t('authorities.admitButton')}
          send={send}
          onDone={(a) => {
            setAdmitted(a);
            // Ready for the next one: what was admitted is in the list above.
            form.current?.reset();
            onAdmitted();
          }}
          testId="confirm-admit"
        />
      </form>
    </section>
  );
}

export function DiplomaAuthoritiesPage() {
  usePageTitle(t('authorities.title'));
  const [changed, setChanged] = useState(0);
  const listed = useAsync(
    (signal) => api<{ items: Authority[] }>('/diploma-authorities', { signal }),
    [changed],
  );
  const reload = () => setChanged((n) => n + 1);
  return (
    <>
      <p>
        <a href="/diplomas">← {t('diplomas.title')}</a>
      </p>
      <h1>{t('authorities.title')}</h1>
      <p class="lead">{t('authorities.intro')}</p>
      {listed.error ? (
        <ErrorPanel error={listed.error} retry={listed.reload} />
      ) : !listed.data ? (
        <Loading />
      ) : listed.data.items.length === 0 ? (
        <p role="status">{t('authorities.none')}</p>
      ) : (
        listed.data.items.map((a) => <AuthorityPanel key={a.clientId} authority={a} onChanged={reload} />)
      )}
      <AdmitForm onAdmitted={reload} />
    </>
  );
}
