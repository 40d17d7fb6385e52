/**
 * Copies from the register (bản sao văn bằng từ sổ gốc, issue 23). A citizen signed in with VNeID
 * asks for a copy of one of their diplomas (picked from their own) or, as a representative or an
 * heir, of a diploma they name; uploads the documents their standing needs; pays the fee; and
 * downloads the signed copy. The office lists the open requests by due date (5 working days),
 * overdue ones first to see, and approves or refuses each in a dialog (never on Enter).
 */
import { useState } from 'preact/hooks';
import { type ApiProblem, api, type UploadLink, uploadFile } from '../api/client.ts';
import { formatDay, formatNumber, type MessageKey, t } from '../i18n/index.ts';
import { DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, Select, useSubmit } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { PrintedFactList, type PrintedFacts } from './diploma-facts.tsx';
import { birthValue } from './diplomas.tsx';

type Relation = 'holder' | 'representative' | 'heir';
type DocumentKind = 'authorisation' | 'death-certificate' | 'kinship';
interface CopyRequest {
  requestId: string;
  relation: Relation;
  serial: string;
  holderName: string;
  copies: number;
  documentsNeeded: DocumentKind[];
  documents: { kind: DocumentKind; fileName: string }[];
  fee: number;
  paymentReference: string;
  paid: boolean;
  state: 'awaiting-documents' | 'awaiting-payment' | 'submitted' | 'approved' | 'issued' | 'refused';
  dueOn?: string;
  overdue: boolean;
  note?: string;
  code?: string;
  createdAt: string;
}
interface OwnDiploma {
  entryId: string;
  state: string;
  facts: PrintedFacts;
}

const stateText = (s: CopyRequest['state']) => t(`copies.state.${s}` as MessageKey);
const documentText = (k: DocumentKind) => t(`copies.document.${k}` as MessageKey);
const money = (amount: number) => `${formatNumber(amount)} đ`;

/** One of my requests, with the step it waits for. */
function MyRequest({ request, onChange }: { request: CopyRequest; onChange: () => void }) {
  const send = useSubmit(async (form) => {
    for (const kind of request.documentsNeeded) {
      const file = (form.elements.namedItem(`doc-${kind}`) as HTMLInputElement).files?.[0];
      if (!file) continue;
      const asked = await api<{ upload: UploadLink }>(`/me/diploma-copies/${request.requestId}/documents`, {
        method: 'POST',
        body: { kind, fileName: file.name, contentType: file.type || 'application/pdf' },
      });
      await uploadFile(asked.upload, file);
    }
    return api(`/me/diploma-copies/${request.requestId}/documents-done`, { method: 'POST' });
  }, onChange);
  const pay = useSubmit(
    () => api(`/me/diploma-copies/${request.requestId}/payment`, { method: 'POST' }),
    onChange,
  );
  const [problem, setProblem] = useState<ApiProblem>();
  const download = async () => {
    try {
      const { url } = await api<{ url: string }>(`/me/diploma-copies/${request.requestId}/file`);
      window.location.assign(url);
    } catch (error) {
      setProblem(error as ApiProblem);
    }
  };
  return (
    <section class="panel" data-testid="copy-request">
      <h3>{t('copies.requestTitle', { serial: request.serial, name: request.holderName })}</h3>
      <p>
        <strong>{stateText(request.state)}</strong>
        {request.dueOn && (request.state === 'submitted' || request.state === 'approved') && (
          <span class="hint"> · {t('copies.dueOn', { date: formatDay(request.dueOn) })}</span>
        )}
      </p>
      <p class="hint">
        {t(`copies.relation.${request.relation}` as MessageKey)} ·{' '}
        {t('copies.copiesFee', { copies: String(request.copies), fee: money(request.fee) })}
      </p>
      {request.note && <p class="notice">{request.note}</p>}
      {request.state === 'awaiting-documents' && (
        <form class="stacked" onSubmit={send.onSubmit}>
          {request.documentsNeeded.map((kind) => (
            <div class="field" key={kind}>
              <label for={`doc-${request.requestId}-${kind}`}>{documentText(kind)}</label>
              <input
                id={`doc-${request.requestId}-${kind}`}
                name={`doc-${kind}`}
                type="file"
                accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
              />
            </div>
          ))}
          <FormProblem problem={send.problem} failure={send.failure} fields={[]} />
          <button type="submit" class="primary" disabled={send.busy}>
            {t('copies.sendDocuments')}
          </button>
        </form>
      )}
      {request.state === 'awaiting-payment' && (
        <form class="stacked" onSubmit={pay.onSubmit}>
          <p>{t('copies.payIntro', { fee: money(request.fee), reference: request.paymentReference })}</p>
          <FormProblem problem={pay.problem} failure={pay.failure} fields={[]} />
          <button type="submit" class="primary" disabled={pay.busy}>
            {t('copies.pay', { fee: money(request.fee) })}
          </button>
        </form>
      )}
      {request.state === 'issued' && (
        <p class="actions">
          <button type="button" class="primary" onClick={() => void download()}>
            {t('copies.download')}
          </button>
          {request.code && <span class="hint"> {t('copies.code', { code: request.code })}</span>}
        </p>
      )}
      {problem && <ErrorPanel error={problem} />}
    </section>
  );
}

export function MyDiplomaCopiesPage() {
  usePageTitle(t('copies.title'));
  const [changed, setChanged] = useState(0);
  const requests = useAsync(
    (signal) => api<{ items: CopyRequest[] }>('/me/diploma-copies', { signal }),
    [changed],
  );
  const own = useAsync(
    (signal) => api<{ verified: boolean; items: OwnDiploma[] }>('/me/diplomas', { signal }),
    [],
  );
  const [relation, setRelation] = useState<Relation>('holder');
  const ask = useSubmit(
    (form) => {
      const v = formValues(form);
      const mine = own.data?.items.find((d) => d.entryId === v.entryId);
      const named =
        relation === 'holder' && mine
          ? { serial: mine.facts.serial, fullName: mine.facts.fullName, birthDate: mine.facts.birthDate }
          : { serial: v.serial ?? '', fullName: v.fullName ?? '', birthDate: birthValue(v.birthDate ?? '') };
      return api<CopyRequest>('/me/diploma-copies', {
        method: 'POST',
        body: { relation, ...named, copies: Number(v.copies || 1) },
      });
    },
    () => setChanged((n) => n + 1),
  );
  if (requests.error) return <ErrorPanel error={requests.error} retry={requests.reload} />;
  if (!requests.data || !own.data) return <Loading />;
  const mine = own.data.items.filter((d) => d.state === 'valid');
  return (
    <>
      <p>
        <a href="/me/diplomas">← {t('myDiplomas.title')}</a>
      </p>
      <h1>{t('copies.title')}</h1>
      <p class="lead">{t('copies.intro')}</p>
      {!own.data.verified && <p class="notice">{t('myDiplomas.notVerified')}</p>}
      {requests.data.items.length > 0 && (
        <section aria-labelledby="my-copy-requests">
          <h2 id="my-copy-requests">{t('copies.mine')}</h2>
          {requests.data.items.map((r) => (
            <MyRequest key={r.requestId} request={r} onChange={() => setChanged((n) => n + 1)} />
          ))}
        </section>
      )}
      {own.data.verified && (
        <section class="panel" aria-labelledby="copy-ask">
          <h2 id="copy-ask">{t('copies.ask')}</h2>
          <form class="stacked" onSubmit={ask.onSubmit} data-testid="copy-form">
            <Select
              name="relation"
              label={t('copies.asWhom')}
              value={relation}
              onChange={(e) => setRelation(e.currentTarget.value as Relation)}
              options={(['holder', 'representative', 'heir'] as const).map((value) => ({
                value,
                label: t(`copies.relation.${value}` as MessageKey),
              }))}
            />
            {relation === 'holder' ? (
              mine.length ? (
                <Select
                  name="entryId"
                  label={t('copies.which')}
                  options={mine.map((d) => ({
                    value: d.entryId,
                    label: `${d.facts.type} — ${d.facts.serial} (${d.facts.graduationYear})`,
                  }))}
                />
              ) : (
                <p class="notice">{t('copies.noneOwn')}</p>
              )
            ) : (
              <>
                <p class="hint">{t(`copies.needs.${relation}` as MessageKey)}</p>
                <Field
                  name="serial"
                  label={t('diplomas.serial')}
                  required
                  problem={ask.problem}
                  autoComplete="off"
                />
                <Field
                  name="fullName"
                  label={t('diplomas.holder')}
                  required
                  problem={ask.problem}
                  autoComplete="off"
                />
                <Field
                  name="birthDate"
                  label={t('diplomas.birthDate')}
                  hint={t('diplomas.birthHint')}
                  required
                  problem={ask.problem}
                  autoComplete="off"
                />
              </>
            )}
            <Field
              name="copies"
              label={t('copies.copies')}
              hint={t('copies.copiesHint')}
              type="number"
              min={1}
              max={10}
              defaultValue="1"
              required
              problem={ask.problem}
            />
            <FormProblem
              problem={ask.problem}
              failure={ask.failure}
              fields={['serial', 'fullName', 'birthDate', 'copies']}
            />
            <button
              type="submit"
              class="primary"
              disabled={ask.busy || (relation === 'holder' && !mine.length)}
            >
              {t('copies.send')}
            </button>
          </form>
        </section>
      )}
    </>
  );
}

interface OfficeRequest extends CopyRequest {
  requesterName: string;
  receivedAt?: string;
}
interface OfficeDetail extends OfficeRequest {
  requesterPersonalId: string;
  entry?: { entryId: string; state: string; facts: PrintedFacts };
  documentLinks: { kind: DocumentKind; fileName: string; url: string }[];
}

/** One open request, read on demand: the requester, the entry as printed, the documents; the decision. */
function OfficeRequestPanel({ request, onDecided }: { request: OfficeRequest; onDecided: () => void }) {
  const [open, setOpen] = useState(false);
  const detail = useAsync(
    (signal) =>
      open
        ? api<OfficeDetail>(`/diploma-copies/${request.requestId}`, { signal })
        : Promise.resolve(undefined),
    [open, request.requestId],
  );
  return (
    <section class="panel" data-testid="office-copy">
      <h2>{t('copies.requestTitle', { serial: request.serial, name: request.holderName })}</h2>
      <p>
        {t('copies.requestedBy', {
          name: request.requesterName,
          relation: t(`copies.relation.${request.relation}` as MessageKey),
        })}
      </p>
      <p class={request.overdue ? 'notice' : 'hint'}>
        {request.overdue
          ? t('copies.overdue', { date: formatDay(request.dueOn!) })
          : t('copies.dueOn', { date: formatDay(request.dueOn!) })}
        {' · '}
        {stateText(request.state)}
      </p>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          {t('copies.open')}
        </button>
      ) : detail.error ? (
        <ErrorPanel error={detail.error} retry={detail.reload} />
      ) : !detail.data ? (
        <Loading />
      ) : (
        <>
          <p>{t('copies.identity', { id: detail.data.requesterPersonalId })}</p>
          {detail.data.entry && <PrintedFactList facts={detail.data.entry.facts} />}
          {detail.data.documentLinks.length > 0 && (
            <ul>
              {detail.data.documentLinks.map((d) => (
                <li key={d.kind}>
                  <a href={d.url} target="_blank" rel="noopener">
                    {documentText(d.kind)}: {d.fileName}
                  </a>
                </li>
              ))}
            </ul>
          )}
          {request.state === 'submitted' && (
            <DecisionForm
              testId={`decide-copy-${request.requestId}`}
              reason={{
                name: 'note',
                label: t('copies.note'),
                hint: t('copies.noteHint'),
                requiredMessage: t('copies.noteRequired'),
              }}
              choices={[
                {
                  value: 'approve',
                  primary: true,
                  label: t('copies.approve'),
                  question: t('copies.askApprove', { name: request.holderName, serial: request.serial }),
                  confirm: t('copies.doApprove'),
                },
                {
                  value: 'refuse',
                  needsReason: true,
                  label: t('copies.refuse'),
                  question: t('copies.askRefuse', { name: request.requesterName }),
                  confirm: t('copies.doRefuse'),
                },
              ]}
              send={(decision, note) =>
                api(`/diploma-copies/${request.requestId}/decision`, {
                  method: 'POST',
                  body: { decision, ...(note ? { note } : {}) },
                })
              }
              onDone={onDecided}
            />
          )}
        </>
      )}
    </section>
  );
}

/** A fee paid at the one-stop desk or by transfer: recorded by the reference the requester shows. */
function RecordPayment({ onRecorded }: { onRecorded: () => void }) {
  const [recorded, setRecorded] = useState<CopyRequest>();
  const record = useSubmit(
    (form) => {
      const v = formValues(form);
      return api<CopyRequest>('/diploma-copies/payments', {
        method: 'POST',
        body: { paymentReference: v.paymentReference ?? '', receipt: v.receipt ?? '' },
      });
    },
    (r) => {
      setRecorded(r);
      onRecorded();
    },
  );
  return (
    <section class="panel" aria-labelledby="record-payment">
      <h2 id="record-payment">{t('copies.recordPayment')}</h2>
      <p class="hint">{t('copies.recordPaymentHint')}</p>
      {recorded && (
        <p class="success" role="status">
          {t('copies.paymentRecorded', { serial: recorded.serial, date: formatDay(recorded.dueOn!) })}
        </p>
      )}
      <form class="stacked" onSubmit={record.onSubmit} data-testid="record-payment">
        <Field
          name="paymentReference"
          label={t('copies.paymentReference')}
          required
          problem={record.problem}
          autoComplete="off"
        />
        <Field
          name="receipt"
          label={t('copies.receipt')}
          required
          problem={record.problem}
          autoComplete="off"
        />
        <FormProblem
          problem={record.problem}
          failure={record.failure}
          fields={['paymentReference', 'receipt']}
        />
        <button type="submit" disabled={record.busy}>
          {t('copies.recordPaymentButton')}
        </button>
      </form>
    </section>
  );
}

export function DiplomaCopiesPage() {
  usePageTitle(t('copies.officeTitle'));
  const [decided, setDecided] = useState(0);
  const open = useAsync(
    (signal) => api<{ items: OfficeRequest[] }>('/diploma-copies', { signal }),
    [decided],
  );
  return (
    <>
      <p>
        <a href="/diplomas">← {t('diplomas.title')}</a>
      </p>
      <h1>{t('copies.officeTitle')}</h1>
      <p class="lead">{t('copies.officeIntro')}</p>
      {open.error ? (
        <ErrorPanel error={open.error} retry={open.reload} />
      ) : !open.data ? (
        <Loading />
      ) : open.data.items.length === 0 ? (
        <p role="status">{t('copies.officeNone')}</p>
      ) : (
        open.data.items.map((r) => (
          <OfficeRequestPanel key={r.requestId} request={r} onDecided={() => setDecided((n) => n + 1)} />
        ))
      )}
      <RecordPayment onRecorded={() => setDecided((n) => n + 1)} />
    </>
  );
}
