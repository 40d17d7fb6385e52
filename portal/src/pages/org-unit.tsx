/**
 * One unit of the organisation tree: its details (detail pattern), the units below it and its
 * accounts (list pattern with server-side pagination), and creating an account (form pattern).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OrgUnitKind } from '../../../functions/identity/domain/delegation.ts';
import { mayContain } from '../../../functions/identity/domain/org-tree.ts';
import { CURRICULUM_SUBJECTS } from '../../../functions/repository/domain/curriculum.ts';
import { type ApiProblem, api, type Page, uploadFile } from '../api/client.ts';
import { resultStatisticsPage } from '../api/result-statistics.ts';
import {
  type AccountSummary,
  type Assignment,
  type Handover,
  type Me,
  type OrgUnit,
  type OrgUnitImport,
  type OrgUnitMove,
  ROLE_IDS,
} from '../api/types.ts';
import { formatDateTime, t, tOr } from '../i18n/index.ts';
import { audiencesOf } from '../nav.ts';
import { Field, FormProblem, formValues, Select, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { AccountPicker, type Choice, hasEveryWord, SchoolPicker, SearchPicker } from '../ui/pickers.tsx';
import { ErrorPanel, Loading, ProgressBar } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';

const PAGE_SIZE = 20;
const unitPath = (id: string) => `/org-units/${encodeURIComponent(id)}`;

export function OrgUnitPage({ id, me }: { id: string; me: Me }) {
  const unit = useAsync((signal) => api<OrgUnit>(unitPath(id), { signal }), [id]);
  const [imported, setImported] = useState(0);
  const [moved, setMoved] = useState(0);
  usePageTitle(unit.data?.name ?? t('unit.title'));
  if (unit.error) return <ErrorPanel error={unit.error} retry={unit.reload} />;
  if (!unit.data) return <Loading />;
  const u = unit.data;
  return (
    <>
      <h1>{u.name}</h1>
      <section class="panel">
        <dl class="details">
          <dt>{t('unit.code')}</dt>
          <dd>{u.code}</dd>
          <dt>{t('unit.kind')}</dt>
          <dd>{tOr(`kind.${u.kind}`, u.kind)}</dd>
          {u.parentId && u.parentId !== u.orgUnitId && (
            <>
              <dt>{t('unit.parent')}</dt>
              <dd>
                <a href={unitPath(u.parentId)}>{u.parentName ?? u.parentId}</a>
              </dd>
            </>
          )}
        </dl>
        {/* Learning results, for whoever reads the unit's statistics (the API checks the scope). */}
        {me.permissions.includes('report.read') && u.kind !== 'subject-group' && (
          <p>
            <a href={resultStatisticsPage(u.orgUnitId)}>{t('resultStats.title')}</a>
          </p>
        )}
      </section>
      <Children orgUnitId={u.orgUnitId} refresh={imported} />
      <History orgUnitId={u.orgUnitId} refresh={moved} />
      {me.permissions.includes('orgunit.manage') && u.kind !== 'department' && (
        <MoveUnit
          unit={u}
          onMoved={() => {
            setMoved((n) => n + 1);
            unit.reload();
          }}
        />
      )}
      {me.permissions.includes('account.read') && <FindAccount />}
      {me.permissions.includes('orgunit.manage') && (
        <ImportUnits orgUnitId={u.orgUnitId} onImported={() => setImported((n) => n + 1)} />
      )}
      {me.permissions.includes('account.read') && (
        <Accounts orgUnitId={u.orgUnitId} canCreate={me.permissions.includes('account.manage')} />
      )}
      {me.permissions.includes('role.grant') && <GrantRole orgUnitId={u.orgUnitId} />}
      {/* Seed 001: the department hands a commune its admin account. */}
      {audiencesOf(me)[0] === 'department' &&
        me.permissions.includes('account.manage') &&
        COMMUNE_LEVEL.includes(u.kind) && <RecordHandover orgUnitId={u.orgUnitId} />}
    </>
  );
}

function Children({ orgUnitId, refresh }: { orgUnitId: string; refresh: number }) {
  const children = usePaged(
    (cursor, signal) =>
      api<Page<OrgUnit>>(`${unitPath(orgUnitId)}/children`, { query: { limit: PAGE_SIZE, cursor }, signal }),
    [orgUnitId, refresh],
  );
  return (
    <section class="panel">
      <h2>{t('unit.children')}</h2>
      <PagedList state={children} label={t('unit.children')}>
        {(items) => (
          <DataTable
            testId="children"
            items={items}
            rowKey={(c) => c.orgUnitId}
            columns={[
              { header: t('unit.name'), cell: (c) => <a href={unitPath(c.orgUnitId)}>{c.name}</a> },
              { header: t('unit.code'), cell: (c) => c.code },
              { header: t('unit.kind'), cell: (c) => tOr(`kind.${c.kind}`, c.kind) },
            ]}
          />
        )}
      </PagedList>
    </section>
  );
}

const ACCOUNT_FIELDS = ['accountId', 'fullName', 'email', 'phone', 'personalId'];

function Accounts({ orgUnitId, canCreate }: { orgUnitId: string; canCreate: boolean }) {
  const [created, setCreated] = useState<AccountSummary>();
  const accounts = usePaged(
    (cursor, signal) =>
      api<Page<AccountSummary>>(`${unitPath(orgUnitId)}/accounts`, {
        query: { limit: PAGE_SIZE, cursor },
        signal,
      }),
    [orgUnitId, created?.accountId],
  );
  const submit = useSubmit(
    (form) =>
      api<AccountSummary>(`${unitPath(orgUnitId)}/accounts`, { method: 'POST', body: formValues(form) }),
    (account) => setCreated(account),
  );
  return (
    <section class="panel">
      <h2>{t('unit.accounts')}</h2>
      <PagedList state={accounts} label={t('unit.accounts')}>
        {(items) => (
          <DataTable
            testId="accounts"
            items={items}
            rowKey={(a) => a.accountId}
            columns={[
              {
                header: t('account.fullName'),
                cell: (a) => <a href={`/accounts/${encodeURIComponent(a.accountId)}`}>{a.fullName}</a>,
              },
              { header: t('account.id'), cell: (a) => a.accountId },
              { header: t('account.email'), cell: (a) => a.email ?? '—' },
              { header: t('account.status'), cell: (a) => t(`status.${a.status}`) },
            ]}
          />
        )}
      </PagedList>
      {canCreate && (
        <form class="stacked" onSubmit={submit.onSubmit} aria-labelledby="new-account" noValidate>
          <h3 id="new-account">{t('account.new')}</h3>
          <Field
            name="accountId"
            label={t('account.id')}
            hint={t('account.idHint')}
            required
            problem={submit.problem}
            autoComplete="off"
          />
          <Field
            name="fullName"
            label={t('account.fullName')}
            required
            problem={submit.problem}
            autoComplete="off"
          />
          <Field
            name="email"
            type="email"
            label={t('account.email')}
            problem={submit.problem}
            autoComplete="off"
          />
          <Field
            name="phone"
            type="tel"
            label={t('account.phone')}
            problem={submit.problem}
            autoComplete="off"
          />
          <Field
            name="personalId"
            label={t('account.personalId')}
            hint={t('account.personalIdHint')}
            inputMode="numeric"
            problem={submit.problem}
            autoComplete="off"
          />
          <FormProblem problem={submit.problem} failure={submit.failure} fields={ACCOUNT_FIELDS} />
          {created && (
            <p class="success" role="status">
              {t('account.created', { name: created.fullName })}
            </p>
          )}
          <button type="submit" class="primary" disabled={submit.busy}>
            {submit.busy ? t('form.saving') : t('form.submit')}
          </button>
        </form>
      )}
    </section>
  );
}

const COMMUNE_LEVEL = ['office', 'ward', 'commune', 'special-zone'];

function GrantRole({ orgUnitId }: { orgUnitId: string }) {
  const [granted, setGranted] = useState<Assignment>();
  const [names, setNames] = useState(new Map<string, string>());
  // A group leader leads one of the unit's subject groups: chosen by name, never typed.
  const children = useAsync(
    (signal) => api<Page<OrgUnit>>(`${unitPath(orgUnitId)}/children`, { query: { limit: 100 }, signal }),
    [orgUnitId],
  );
  const groups = (children.data?.items ?? []).filter((u) => u.kind === 'subject-group');
  const submit = useSubmit(
    (form) =>
      api<Assignment>(`${unitPath(orgUnitId)}/role-assignments`, { method: 'POST', body: formValues(form) }),
    setGranted,
  );
  return (
    <section class="panel">
      <form class="stacked" onSubmit={submit.onSubmit} aria-labelledby="grant-role" noValidate>
        <h2 id="grant-role">{t('roles.grant')}</h2>
        <AccountPicker
          orgUnitId={orgUnitId}
          legend={t('roles.account')}
          problem={submit.problem}
          onFound={(found) =>
            setNames((known) => new Map([...known, ...found.map((a) => [a.accountId, a.fullName] as const)]))
          }
        />
        <Select
          name="role"
          label={t('roles.role')}
          problem={submit.problem}
          options={ROLE_IDS.map((r) => ({ value: r, label: tOr(`role.${r}`, r) }))}
        />
        <Select
          name="subject"
          label={t('roles.subject')}
          problem={submit.problem}
          options={[
            { value: '', label: t('roles.noSubject') },
            ...CURRICULUM_SUBJECTS.map((s) => ({ value: s.code, label: s.name })),
          ]}
        />
        {groups.length > 0 && (
          <Select
            name="groupId"
            label={t('roles.group')}
            problem={submit.problem}
            options={[
              { value: '', label: t('roles.noGroup') },
              ...groups.map((g) => ({ value: g.orgUnitId, label: g.name })),
            ]}
          />
        )}
        <FormProblem
          problem={submit.problem}
          failure={submit.failure}
          fields={['accountId', 'role', 'subject', 'groupId']}
        />
        {granted && (
          <p class="success" role="status">
            {t('roles.granted', {
              role: tOr(`role.${granted.role}`, granted.role),
              account: names.get(granted.accountId) ?? granted.accountId,
            })}
          </p>
        )}
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('form.send')}
        </button>
      </form>
    </section>
  );
}

const HANDOVER_FIELDS = [
  'accountId',
  'receivingOfficer.fullName',
  'receivingOfficer.position',
  'receivingOfficer.phone',
  'handedOverOn',
  'introductionLetter.number',
  'introductionLetter.date',
  'introductionLetter.issuer',
  'notes',
];

/** Turns `a.b` form names into nested objects, as the API's schema nests them. */
function nested(values: Record<string, string>) {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const [head, tail] = key.split('.') as [string, string | undefined];
    if (tail) body[head] = { ...((body[head] as object | undefined) ?? {}), [tail]: value };
    else body[head] = value;
  }
  return body;
}

const MINUTES_POLL_MS = 1000;

function RecordHandover({ orgUnitId }: { orgUnitId: string }) {
  const [recorded, setRecorded] = useState<Handover>();
  // The minutes PDF is drafted by a worker: ask again until its link is there.
  useEffect(() => {
    if (!recorded || recorded.minutesStatus === 'ready') return;
    const timer = setTimeout(() => {
      api<Handover>(`/handovers/${recorded.handoverId}`).then(setRecorded, () => undefined);
    }, MINUTES_POLL_MS);
    return () => clearTimeout(timer);
  }, [recorded]);
  const submit = useSubmit(
    (form) =>
      api<Handover>(`${unitPath(orgUnitId)}/handovers`, { method: 'POST', body: nested(formValues(form)) }),
    setRecorded,
  );
  const field = (name: string, label: Parameters<typeof t>[0], extra: Record<string, unknown> = {}) => (
    <Field name={name} label={t(label)} problem={submit.problem} autoComplete="off" {...extra} />
  );
  return (
    <section class="panel">
      <form class="stacked" onSubmit={submit.onSubmit} aria-labelledby="handover" noValidate>
        <h2 id="handover">{t('handover.title')}</h2>
        <p>{t('handover.intro')}</p>
        <AccountPicker orgUnitId={orgUnitId} legend={t('handover.account')} problem={submit.problem} />
        {field('receivingOfficer.fullName', 'handover.officerName', { required: true })}
        {field('receivingOfficer.position', 'handover.officerPosition', { required: true })}
        {field('receivingOfficer.phone', 'handover.officerPhone', { type: 'tel' })}
        {field('handedOverOn', 'handover.date', { type: 'date', required: true })}
        {field('introductionLetter.number', 'handover.letterNumber', { required: true })}
        {field('introductionLetter.date', 'handover.letterDate', { type: 'date', required: true })}
        {field('introductionLetter.issuer', 'handover.letterIssuer', { required: true })}
        {field('notes', 'handover.notes')}
        <FormProblem problem={submit.problem} failure={submit.failure} fields={HANDOVER_FIELDS} />
        {recorded && (
          <p class="success" role="status">
            {t('handover.done')}{' '}
            {recorded.minutesUrl ? (
              <a href={recorded.minutesUrl}>{t('handover.minutes')}</a>
            ) : (
              t('handover.pending')
            )}
          </p>
        )}
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('form.submit')}
        </button>
      </form>
    </section>
  );
}

const IMPORT_POLL_MS = 1000;

/** Upload a spreadsheet straight to S3 through the link the API gives, then follow the import. */
function ImportUnits({ orgUnitId, onImported }: { orgUnitId: string; onImported: () => void }) {
  const [job, setJob] = useState<OrgUnitImport>();
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'running'>('idle');
  // The parent passes a new callback on every render; the effect must not re-run for that.
  const imported = useRef(onImported);
  imported.current = onImported;
  const submit = useSubmit(
    async (form) => {
      const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
      if (!file) return undefined;
      setPhase('uploading');
      const created = await api<OrgUnitImport>(`${unitPath(orgUnitId)}/imports`, { method: 'POST' });
      await uploadFile(created.upload!, file);
      setPhase('running');
      return created;
    },
    (created) => (created ? setJob(created) : setPhase('idle')),
  );
  useEffect(() => {
    if (!job) return;
    if (job.status !== 'awaiting-upload') {
      setPhase('idle');
      if (job.status === 'done') imported.current();
      return;
    }
    const timer = setTimeout(() => {
      api<OrgUnitImport>(`/org-unit-imports/${job.importId}`).then(setJob, () => undefined);
    }, IMPORT_POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);
  return (
    <section class="panel">
      <form class="stacked" onSubmit={submit.onSubmit} aria-labelledby="import-units">
        <h2 id="import-units">{t('import.title')}</h2>
        <p class="hint">{t('import.intro')}</p>
        <Field
          name="file"
          type="file"
          label={t('import.file')}
          required
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        />
        <FormProblem problem={submit.problem} failure={submit.failure} fields={[]} />
        <button type="submit" class="primary" disabled={phase !== 'idle'}>
          {t('import.button')}
        </button>
      </form>
      {phase !== 'idle' && (
        <ProgressBar
          value={phase === 'uploading' ? 30 : 70}
          label={t('import.progress')}
          text={phase === 'uploading' ? t('import.uploading') : t('import.running')}
        />
      )}
      {job?.status === 'done' && (
        <p class="success" role="status">
          {t('import.imported', { count: job.imported ?? 0 })}
        </p>
      )}
      {job?.status === 'failed' && (
        <div role="alert" data-testid="import-errors">
          <p class="field-error">{t('import.rejected', { count: job.errors?.length ?? 0 })}</p>
          <DataTable
            items={job.errors ?? []}
            rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.message}`}
            columns={[
              { header: t('import.row'), cell: (e) => e.row },
              { header: t('import.column'), cell: (e) => e.column ?? '—' },
              { header: t('import.message'), cell: (e) => e.message },
            ]}
          />
        </div>
      )}
    </section>
  );
}

function History({ orgUnitId, refresh }: { orgUnitId: string; refresh: number }) {
  const history = useAsync(
    (signal) => api<{ items: OrgUnitMove[] }>(`${unitPath(orgUnitId)}/history`, { signal }),
    [orgUnitId, refresh],
  );
  if (!history.data?.items.length) return null;
  return (
    <section class="panel">
      <h2>{t('history.title')}</h2>
      <DataTable
        testId="history"
        items={history.data.items}
        rowKey={(m) => m.movedAt}
        columns={[
          { header: t('history.at'), cell: (m) => formatDateTime(m.movedAt) },
          { header: t('history.from'), cell: (m) => m.fromParentName ?? m.fromParentId },
          { header: t('history.to'), cell: (m) => m.toParentName ?? m.toParentId },
          { header: t('history.by'), cell: (m) => m.movedByName ?? m.movedBy },
          { header: t('history.reason'), cell: (m) => m.reason },
        ]}
      />
    </section>
  );
}

/** Every unit of the tree the unit may move under (by the tree's rules), read once per page. */
async function parentCandidates(unit: OrgUnit): Promise<Choice[]> {
  const kind = unit.kind as OrgUnitKind;
  const fits = (u: OrgUnit) =>
    mayContain(u.kind as OrgUnitKind, kind) &&
    u.orgUnitId !== unit.parentId &&
    u.orgUnitId !== unit.orgUnitId;
  const childrenOf = async (parent: OrgUnit) => {
    const all: OrgUnit[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
      const page = await api<Page<OrgUnit>>(`${unitPath(parent.orgUnitId)}/children?${query}`);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };
  const root = await api<OrgUnit>(unitPath(unit.lineage[0] ?? unit.orgUnitId));
  const level = await childrenOf(root);
  const below = await Promise.all(level.filter((u) => u.kind === 'office').map(childrenOf));
  return [root, ...level, ...below.flat()]
    .filter(fits)
    .map((u) => ({ value: u.orgUnitId, label: u.name, detail: tOr(`kind.${u.kind}`, u.kind) }));
}

/** The new unit above, chosen by name: a school for a subject group, else from the tree. */
function ParentPicker({ unit, problem }: { unit: OrgUnit; problem: ApiProblem | undefined }) {
  const [candidates, setCandidates] = useState<Promise<Choice[]>>();
  const common = {
    name: 'newParentId',
    legend: t('move.newParent'),
    required: true,
    problem,
    testId: 'new-parent',
  };
  if (unit.kind === 'subject-group') return <SchoolPicker {...common} exclude={[unit.parentId]} />;
  return (
    <SearchPicker
      {...common}
      wordsLabel={t('move.parentWords')}
      hint={t('move.parentHint')}
      none={t('move.parentNone')}
      find={async (words) => {
        const all = candidates ?? parentCandidates(unit);
        if (!candidates) setCandidates(all);
        return (await all).filter((c) => hasEveryWord(c.label, words)).slice(0, 8);
      }}
    />
  );
}

function MoveUnit({ unit, onMoved }: { unit: OrgUnit; onMoved: () => void }) {
  const [moved, setMoved] = useState<OrgUnit>();
  const submit = useSubmit(
    (form) => api<OrgUnit>(`${unitPath(unit.orgUnitId)}/move`, { method: 'POST', body: formValues(form) }),
    (result) => {
      setMoved(result);
      onMoved();
    },
  );
  return (
    <section class="panel">
      <form class="stacked" onSubmit={submit.onSubmit} aria-labelledby="move-unit" noValidate>
        <h2 id="move-unit">{t('move.title')}</h2>
        <ParentPicker unit={unit} problem={submit.problem} />
        <Field name="reason" label={t('move.reason')} required problem={submit.problem} autoComplete="off" />
        <FormProblem problem={submit.problem} failure={submit.failure} fields={['newParentId', 'reason']} />
        {moved && moved.parentId === unit.parentId && (
          <p class="success" role="status">
            {t('move.done', { parent: unit.parentName ?? unit.parentId })}
          </p>
        )}
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('form.submit')}
        </button>
      </form>
    </section>
  );
}

/** Lookup by e-mail, phone or personal ID: the API answers only within the caller's scope. */
function FindAccount() {
  const [found, setFound] = useState<AccountSummary>();
  const submit = useSubmit((form) => {
    const { by, value } = formValues(form);
    // The key goes in the body: an address with a phone or personal ID would sit in access logs.
    return api<AccountSummary>('/accounts/lookup', { method: 'POST', body: { [by ?? 'email']: value } });
  }, setFound);
  const kinds = ['email', 'phone', 'personalId'] as const;
  return (
    <section class="panel">
      <form class="stacked" onSubmit={submit.onSubmit} aria-labelledby="find-account" noValidate>
        <h2 id="find-account">{t('lookup.account.title')}</h2>
        <Select
          name="by"
          label={t('lookup.account.by')}
          options={kinds.map((k) => ({ value: k, label: t(`lookup.account.${k}`) }))}
        />
        <Field name="value" label={t('lookup.account.value')} required autoComplete="off" />
        <FormProblem problem={submit.problem} failure={submit.failure} fields={[]} />
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('lookup.account.search')}
        </button>
      </form>
      {found && (
        <p role="status" data-testid="found-account">
          <a href={`/accounts/${encodeURIComponent(found.accountId)}`}>{found.fullName}</a> ({found.accountId}
          ) — {t(`status.${found.status}`)}
        </p>
      )}
    </section>
  );
}
