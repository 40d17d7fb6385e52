/**
 * Admissions (tuyển sinh, issue 24). A guardian signed in with VNeID at level 2 applies for a
 * child by the child's personal ID — the rest comes from the population and education databases
 * — lists grade 10's preferences from the campaign's programmes by school name, edits until the
 * window closes and may withdraw (asked in a dialog). A school verifies the applications it
 * receives or returns one with what to correct. The Department drafts campaigns, sets each
 * school's places, opens them, runs the allocation (and what-ifs with other places), reads every
 * programme's cut-offs and any candidate's reasons, and adopts one run.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, type UploadLink, uploadFile } from '../api/client.ts';
import { formatDayTime, formatNumber, type MessageKey, t } from '../i18n/index.ts';
import { ConfirmButton, DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged, usePolling } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { SchoolPicker } from '../ui/pickers.tsx';
import { Empty, ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import { DirectAdmissions } from './admission-direct.tsx';
import { FamilyScores, Remarking } from './admission-remarking.tsx';
import { FamilySecondRound, SecondRound, type SecondRoundView } from './admission-second-round.tsx';

type Phase = 'draft' | 'before-window' | 'accepting' | 'closed' | 'published';
export interface Campaign {
  campaignId: string;
  /** The second round for places left (SecondRound in second-round.tsx). */
  secondRound?: SecondRoundView;
  schoolYear: string;
  grade: number;
  name: string;
  phase: Phase;
  timetable: {
    applyFrom: string;
    applyUntil: string;
    scoresFrom?: string;
    remarkUntil?: string;
    publishAt?: string;
    confirmUntil?: string;
  };
  rules?: {
    subjects: { code: string; name: string }[];
    priorityGroups: { code: string; name: string; points: number }[];
    preferences: { area: 'own' | 'any'; penalty: number }[];
    areas: { code: string; name: string; communeIds: string[] }[];
    tieRule: 'admit-all' | 'secondary' | 'lottery';
    [rule: string]: unknown;
  };
  adoptedRunId?: string;
  publication?: { publishAt: string; requestedAt: string; requestedByName: string; releasedAt?: string };
  version: number;
}
export interface Programme {
  programmeId: string;
  schoolId: string;
  schoolName: string;
  kind: 'regular' | 'specialised' | 'integrated';
  paper?: string;
  paperName?: string;
  area?: string;
  areaName?: string;
  quota: number;
  /** Places kept for a priority group (its code). */
  reserved?: { category: string; places: number; releaseUnfilled: boolean }[];
  /** Once published: enrolments confirmed. */
  confirmed?: number;
}
type AppState = 'submitted' | 'verified' | 'returned' | 'withdrawn';
export interface Application {
  applicationId: string;
  campaignId: string;
  campaignName: string;
  grade: number;
  state: AppState;
  child: { fullName: string; dateOfBirth: string; gender: string; currentSchoolName?: string };
  guardianName: string;
  residence: { communeName: string; area: string; address: string };
  schoolName: string;
  preferences?: { programmeId: string; schoolName: string; kind: Programme['kind']; paperName?: string }[];
  priorityGroup?: string;
  /** Grade 10: the admission area of the child's residence (its code). */
  area?: string;
  phone?: string;
  verification?: { decision: 'verify' | 'return'; note?: string; byName: string; at: string };
  exam?: { candidateNumber: string; councilName: string; room: number; seat: number };
  history: { action: string; at: string; byName: string; note?: string }[];
  outcome?: { admitted: boolean; schoolName?: string; preference?: number; direct?: boolean };
  confirmation?: { at: string; schoolName?: string };
  /** Grade 10: each paper's score, once announced. */
  papers?: { code: string; name: string; score: number | 'absent' }[];
  /** Grade 10: the re-marking asked for and its result. */
  remark?: {
    state: 'requested' | 'decided';
    requestedAt: string;
    reason?: string;
    papers: { code: string; name: string; score: number; after?: number }[];
    note?: string;
    decidedAt?: string;
  };
  mayRequestRemark: boolean;
  /** Grade 10: the second round's preferences and, once published, its outcome. */
  secondRound?: {
    preferences: { programmeId: string; schoolName: string; kind: Programme['kind']; paperName?: string }[];
    at: string;
    outcome?: { admitted: boolean; schoolName?: string; preference?: number };
  };
  mayChooseSecondRound: boolean;
  /** The guardian's own: the token of the child's result page (after #, never sent to a server). */
  resultToken?: string;
  publishAt?: string;
  mayChange: boolean;
  mayConfirm: boolean;
  version: number;
}

export const programmeLabel = (p: Pick<Programme, 'schoolName' | 'kind' | 'paperName'>) =>
  p.kind === 'regular'
    ? p.schoolName
    : `${p.schoolName} — ${t(`admissions.kind.${p.kind}`)} ${p.paperName ?? ''}`.trim();
/** Dates as "08/6/2027 07:00", from an input's local "2027-06-08T07:00" and back. */
const toInstant = (local: string) => new Date(local).toISOString();

// The guardian

export function MyAdmissionsPage() {
  usePageTitle(t('admissions.mine'));
  const [changed, setChanged] = useState(0);
  const campaigns = useAsync((signal) => api<{ items: Campaign[] }>('/admission-campaigns', { signal }), []);
  const mine = useAsync(
    (signal) => api<{ items: Application[] }>('/me/admission-applications?limit=50', { signal }),
    [changed],
  );
  if (campaigns.error) return <ErrorPanel error={campaigns.error} retry={campaigns.reload} />;
  if (mine.error) return <ErrorPanel error={mine.error} retry={mine.reload} />;
  if (!campaigns.data || !mine.data) return <Loading />;
  const accepting = campaigns.data.items.filter((c) => c.phase === 'accepting');
  const upcoming = campaigns.data.items.filter((c) => c.phase === 'before-window');
  return (
    <>
      <h1>{t('admissions.mine')}</h1>
      <p class="lead">{t('admissions.mineIntro')}</p>
      {mine.data.items.length > 0 && (
        <section aria-labelledby="my-applications">
          <h2 id="my-applications">{t('admissions.myApplications')}</h2>
          {mine.data.items.map((a) => (
            <MyApplication
              key={a.applicationId}
              application={a}
              campaign={campaigns.data!.items.find((c) => c.campaignId === a.campaignId)}
              onChange={() => setChanged((n) => n + 1)}
            />
          ))}
        </section>
      )}
      {accepting.length ? (
        <ApplyForm campaigns={accepting} onDone={() => setChanged((n) => n + 1)} />
      ) : (
        <p class="notice">{t('admissions.noneOpen')}</p>
      )}
      {upcoming.length > 0 && (
        <section aria-labelledby="upcoming-campaigns">
          <h2 id="upcoming-campaigns">{t('admissions.upcoming')}</h2>
          <ul>
            {upcoming.map((c) => (
              <li key={c.campaignId}>
                {c.name}:{' '}
                {t('admissions.window', {
                  from: formatDayTime(c.timetable.applyFrom),
                  until: formatDayTime(c.timetable.applyUntil),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** Grade 10's choices: a select per preference, the priority group, the phone. */
function ChoiceFields({
  campaign,
  application,
  problem,
}: {
  campaign: Campaign;
  application?: Application;
  problem: ReturnType<typeof useSubmit>['problem'];
}) {
  const programmes = useAsync(
    (signal) =>
      campaign.grade === 10
        ? api<{ items: Programme[] }>(`/admission-campaigns/${campaign.campaignId}/programmes`, { signal })
        : Promise.resolve({ items: [] as Programme[] }),
    [campaign.campaignId],
  );
  if (programmes.error) return <ErrorPanel error={programmes.error} retry={programmes.reload} />;
  if (!programmes.data) return <Loading />;
  const sorted = [...programmes.data.items].sort((a, b) =>
    programmeLabel(a).localeCompare(programmeLabel(b), 'vi'),
  );
  const rules = campaign.rules;
  return (
    <>
      {rules?.preferences.map((rule, i) => (
        <Select
          key={i}
          name={`preferences.${i}`}
          label={t('admissions.preference', { n: i + 1 })}
          problem={problem}
          defaultValue={application?.preferences?.[i]?.programmeId ?? ''}
          options={[
            { value: '', label: i === 0 ? t('admissions.choose') : t('admissions.noPreference') },
            ...sorted.map((p) => ({
              value: p.programmeId,
              label: `${programmeLabel(p)}${p.areaName ? ` (${p.areaName})` : ''}`,
            })),
          ]}
          aria-describedby={undefined}
          title={rule.area === 'own' ? t('admissions.ownArea') : t('admissions.anyArea')}
        />
      ))}
      {rules && rules.preferences.length > 0 && (
        <p class="hint">
          {t('admissions.preferenceRules', {
            own: rules.preferences.filter((r) => r.area === 'own').length,
          })}
        </p>
      )}
      {rules && (
        <Select
          name="priorityGroup"
          label={t('admissions.priorityGroup')}
          problem={problem}
          defaultValue={application?.priorityGroup ?? ''}
          options={[
            { value: '', label: t('admissions.noPriority') },
            ...rules.priorityGroups.map((g) => ({
              value: g.code,
              label: `${g.name} (+${formatNumber(g.points / 100)})`,
            })),
          ]}
        />
      )}
      <Field
        name="phone"
        label={t('admissions.phone')}
        type="tel"
        autoComplete="tel"
        defaultValue={application?.phone ?? ''}
        problem={problem}
      />
    </>
  );
}

/**
 * The form's choices. Preferences keep their places: one left empty before a later one is sent
 * empty, so the API refuses it on that select — never moving the later choice up (its rule and
 * the points it costs are its place's).
 */
const choicesOf = (v: Record<string, string>) => {
  const ranks = Object.keys(v)
    .filter((k) => k.startsWith('preferences.'))
    .map((k) => Number(k.slice('preferences.'.length)));
  const last = ranks.length ? Math.max(...ranks) : -1;
  return {
    ...(last >= 0
      ? { preferences: Array.from({ length: last + 1 }, (_, i) => v[`preferences.${i}`] ?? '') }
      : {}),
    ...(v.priorityGroup ? { priorityGroup: v.priorityGroup } : {}),
    ...(v.phone ? { phone: v.phone } : {}),
  };
};

function ApplyForm({ campaigns, onDone }: { campaigns: Campaign[]; onDone: () => void }) {
  const [campaignId, setCampaignId] = useState(campaigns[0]!.campaignId);
  // Sent: a fresh, empty form (the child's ID is not left on screen).
  const [sent, setSent] = useState(0);
  const campaign = campaigns.find((c) => c.campaignId === campaignId) ?? campaigns[0]!;
  const apply = useSubmit(
    (form) => {
      const v = formValues(form);
      return api<Application>('/me/admission-applications', {
        method: 'POST',
        body: { campaignId: campaign.campaignId, childPersonalId: v.childPersonalId ?? '', ...choicesOf(v) },
      });
    },
    () => {
      setSent((n) => n + 1);
      onDone();
    },
  );
  return (
    <section class="panel" aria-labelledby="apply">
      <h2 id="apply">{t('admissions.apply')}</h2>
      <form key={sent} class="stacked" onSubmit={apply.onSubmit} data-testid="admission-apply">
        <Select
          name="campaign"
          label={t('admissions.campaign')}
          value={campaign.campaignId}
          onChange={(e) => setCampaignId(e.currentTarget.value)}
          options={campaigns.map((c) => ({ value: c.campaignId, label: c.name }))}
        />
        <p class="hint">
          {t('admissions.window', {
            from: formatDayTime(campaign.timetable.applyFrom),
            until: formatDayTime(campaign.timetable.applyUntil),
          })}
        </p>
        <Field
          name="childPersonalId"
          label={t('admissions.childPersonalId')}
          hint={t('admissions.childPersonalIdHint')}
          inputMode="numeric"
          autoComplete="off"
          pattern="\d{12}"
          maxLength={12}
          required
          problem={apply.problem}
        />
        <ChoiceFields key={campaign.campaignId} campaign={campaign} problem={apply.problem} />
        <FormProblem
          problem={apply.problem}
          failure={apply.failure}
          fields={[
            'childPersonalId',
            'priorityGroup',
            'phone',
            'preferences.0',
            'preferences.1',
            'preferences.2',
          ]}
        />
        <button type="submit" class="primary" disabled={apply.busy}>
          {t('admissions.submit')}
        </button>
      </form>
    </section>
  );
}

const STATE_CLASS: Record<AppState, string> = {
  submitted: 'badge',
  verified: 'badge ok',
  returned: 'badge warn',
  withdrawn: 'badge muted',
};

function ApplicationFacts({ a }: { a: Application }) {
  return (
    <>
      <dl class="facts">
        <dt>{t('admissions.child')}</dt>
        <dd>
          {a.child.fullName} ({a.child.dateOfBirth.split('-').reverse().join('/')})
        </dd>
        <dt>{t('admissions.residence')}</dt>
        <dd>
          {a.residence.address} — {a.residence.area}, {a.residence.communeName}
        </dd>
        {a.child.currentSchoolName && (
          <>
            <dt>{t('admissions.currentSchool')}</dt>
            <dd>{a.child.currentSchoolName}</dd>
          </>
        )}
        <dt>{a.grade === 10 ? t('admissions.verifyingSchool') : t('admissions.registeredAt')}</dt>
        <dd>{a.schoolName}</dd>
        {a.exam && (
          <>
            <dt>{t('admissions.candidateNumber')}</dt>
            <dd data-testid="exam-seat">
              {t('admissions.examSeat', {
                number: a.exam.candidateNumber,
                council: a.exam.councilName,
                room: a.exam.room,
                seat: a.exam.seat,
              })}
            </dd>
          </>
        )}
      </dl>
      {a.preferences && (
        <ol class="preferences">
          {a.preferences.map((p) => (
            <li key={p.programmeId}>{programmeLabel(p)}</li>
          ))}
        </ol>
      )}
      {a.verification?.decision === 'return' && a.state === 'returned' && (
        <p class="notice" role="status">
          {t('admissions.returnedNote', { note: a.verification.note ?? '', by: a.verification.byName })}
        </p>
      )}
      <details>
        <summary>{t('admissions.history')}</summary>
        <ul>
          {a.history.map((h) => (
            <li key={h.at + h.action}>
              {formatDayTime(h.at)} — {t(`admissions.action.${h.action}` as MessageKey)} ({h.byName})
              {h.note ? `: ${h.note}` : ''}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

function MyApplication({
  application: a,
  campaign,
  onChange,
}: {
  application: Application;
  campaign: Campaign | undefined;
  onChange: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const edit = useSubmit(
    (form) =>
      api<Application>(`/me/admission-applications/${a.applicationId}`, {
        method: 'PUT',
        body: { expectedVersion: a.version, ...choicesOf(formValues(form)) },
      }),
    () => {
      setEditing(false);
      onChange();
    },
  );
  return (
    <article class="card" data-testid="my-application">
      <h3>
        {a.child.fullName} — {a.campaignName}{' '}
        <span class={STATE_CLASS[a.state]}>{t(`admissions.state.${a.state}`)}</span>
      </h3>
      <ApplicationFacts a={a} />
      <FamilyScores a={a} campaign={campaign} onChange={onChange} />
      <Outcome a={a} campaign={campaign} onChange={onChange} />
      {campaign?.secondRound && <FamilySecondRound a={a} campaign={campaign} onChange={onChange} />}
      {a.state !== 'withdrawn' && (
        <div class="actions" data-testid="application-documents">
          <FamilyDocument a={a} kind="receipt" />
          {a.exam && <FamilyDocument a={a} kind="ticket" />}
        </div>
      )}
      {a.mayChange && campaign && !editing && (
        <div class="actions">
          <button type="button" onClick={() => setEditing(true)}>
            {t('admissions.edit')}
          </button>
          <ConfirmButton
            label={t('admissions.withdraw')}
            question={t('admissions.withdrawQuestion', { name: a.child.fullName })}
            detail={t('admissions.withdrawDetail')}
            confirm={t('admissions.withdraw')}
            send={() =>
              api<Application>(`/me/admission-applications/${a.applicationId}/withdrawal`, {
                method: 'POST',
                body: { expectedVersion: a.version },
              })
            }
            onDone={onChange}
            testId="withdraw-application"
          />
        </div>
      )}
      {editing && campaign && (
        <form class="stacked" onSubmit={edit.onSubmit} data-testid="admission-edit">
          <ChoiceFields campaign={campaign} application={a} problem={edit.problem} />
          <FormProblem
            problem={edit.problem}
            failure={edit.failure}
            fields={['priorityGroup', 'phone', 'preferences.0', 'preferences.1', 'preferences.2']}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={edit.busy}>
              {t('admissions.saveEdit')}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('admissions.cancelEdit')}
            </button>
          </div>
        </form>
      )}
    </article>
  );
}

type DocumentState = { state: 'ready'; downloadUrl: string } | { state: 'preparing' };

/**
 * A printable paper of the application — the receipt of it as it stands, the admission ticket once
 * seated: asked for with a button (rendered in the background), then a link to download it.
 */
function FamilyDocument({ a, kind }: { a: Application; kind: 'receipt' | 'ticket' }) {
  const path = `/me/admission-applications/${a.applicationId}/documents/${kind}`;
  const [doc, setDoc] = useState<DocumentState>();
  const [failure, setFailure] = useState<unknown>();
  // A new version of the application is a new receipt: ask again.
  useEffect(() => setDoc(undefined), [a.version]);
  usePolling(
    doc,
    (d) => d.state === 'preparing',
    () => api<DocumentState>(path),
    setDoc,
  );
  const ask = async () => {
    setFailure(undefined);
    try {
      setDoc(await api<DocumentState>(path, { method: 'POST' }));
    } catch (error) {
      setFailure(error);
    }
  };
  if (doc?.state === 'ready')
    return (
      <a
        class="button"
        href={doc.downloadUrl}
        download
        data-testid={`document-${kind}`}
        onClick={(e) => {
          // The link shown is signed for five minutes: a click asks for a fresh one.
          e.preventDefault();
          void api<DocumentState>(path).then(
            (fresh) => fresh.state === 'ready' && window.location.assign(fresh.downloadUrl),
            setFailure,
          );
        }}
      >
        {t(`admissions.download.${kind}`)}
      </a>
    );
  return (
    <>
      <button
        type="button"
        disabled={doc?.state === 'preparing'}
        onClick={() => void ask()}
        aria-live="polite"
      >
        {doc?.state === 'preparing' ? t('admissions.documentPreparing') : t(`admissions.ask.${kind}`)}
      </button>
      {failure !== undefined && <ErrorPanel error={failure} />}
    </>
  );
}

/** The published outcome, the result page's link and the confirmation of enrolment. */
function Outcome({
  a,
  campaign,
  onChange,
}: {
  a: Application;
  campaign: Campaign | undefined;
  onChange: () => void;
}) {
  const link = a.resultToken ? `/results/admissions/${a.campaignId}#${a.resultToken}` : undefined;
  return (
    <div data-testid="application-outcome">
      {a.outcome && (
        <p class={a.outcome.admitted ? 'result-outcome ok' : 'result-outcome'}>
          {a.outcome.admitted
            ? a.outcome.direct
              ? t('admissions.directAdmission', { school: a.outcome.schoolName ?? '' })
              : t('admissions.outcomeAdmitted', {
                  school: a.outcome.schoolName ?? '',
                  preference: a.outcome.preference ?? 0,
                })
            : t('admissions.outcomeNotAdmitted')}
          {/* A first-round place not confirmed by its deadline has lapsed: said, not left to look held. */}
          {a.outcome.admitted &&
            !a.confirmation &&
            campaign?.timetable.confirmUntil &&
            Date.parse(campaign.timetable.confirmUntil) < Date.now() && <> — {t('admissions.placeLapsed')}</>}
        </p>
      )}
      {!a.outcome && a.publishAt && link && (
        <p>{t('admissions.resultAt', { at: formatDayTime(a.publishAt) })}</p>
      )}
      {link && (a.outcome || a.publishAt) && (
        <p>
          <a href={link} data-testid="result-link">
            {t('admissions.resultLink')}
          </a>{' '}
          <small>{t('admissions.resultLinkNote')}</small>
        </p>
      )}
      {a.confirmation && (
        <p class="notice" role="status">
          {t('admissions.confirmedAt', {
            at: formatDayTime(a.confirmation.at),
            school: a.confirmation.schoolName ?? '',
          })}
        </p>
      )}
      {a.mayConfirm && (
        <ConfirmButton
          label={t('admissions.confirm')}
          question={t('admissions.confirmQuestion', {
            name: a.child.fullName,
            school: (a.secondRound?.outcome?.admitted ? a.secondRound.outcome : a.outcome)?.schoolName ?? '',
          })}
          detail={t('admissions.confirmDetail', {
            until: formatDayTime(
              (a.secondRound?.outcome?.admitted
                ? campaign?.secondRound?.confirmUntil
                : campaign?.timetable.confirmUntil) ?? '',
            ),
          })}
          confirm={t('admissions.confirm')}
          send={() =>
            api<Application>(`/me/admission-applications/${a.applicationId}/confirmation`, {
              method: 'POST',
              body: { expectedVersion: a.version },
            })
          }
          onDone={onChange}
          testId="confirm-enrolment"
        />
      )}
    </div>
  );
}

// The school

/** A school's application as its list gives it. */
export interface ApplicationSummary {
  applicationId: string;
  state: AppState;
  childName: string;
  dateOfBirth: string;
  residence: string;
  preferences?: number;
  version: number;
}

export function SchoolAdmissionsPage({ id }: { id: string }) {
  usePageTitle(t('admissions.schoolPage'));
  const campaigns = useAsync((signal) => api<{ items: Campaign[] }>('/admission-campaigns', { signal }), []);
  // A home task's link names its campaign.
  const [campaignId, setCampaignId] = useState<string | undefined>(
    () => new URLSearchParams(location.search).get('campaign') ?? undefined,
  );
  const [open, setOpen] = useState<string>();
  const chosen = campaignId ?? campaigns.data?.items.find((c) => c.phase !== 'draft')?.campaignId;
  const list = usePaged<ApplicationSummary>(
    (cursor, signal) =>
      chosen
        ? api(
            `/org-units/${id}/admission-applications?campaignId=${chosen}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            { signal },
          )
        : Promise.resolve({ items: [] }),
    [id, chosen],
  );
  if (campaigns.error) return <ErrorPanel error={campaigns.error} retry={campaigns.reload} />;
  if (!campaigns.data) return <Loading />;
  const usable = campaigns.data.items.filter((c) => c.phase !== 'draft');
  return (
    <>
      <h1>{t('admissions.schoolPage')}</h1>
      <p class="lead">{t('admissions.schoolIntro')}</p>
      {usable.length === 0 ? (
        <Empty>{t('admissions.noCampaigns')}</Empty>
      ) : (
        <Select
          name="campaign"
          label={t('admissions.campaign')}
          value={chosen}
          onChange={(e) => {
            setCampaignId(e.currentTarget.value);
            setOpen(undefined);
          }}
          options={usable.map((c) => ({ value: c.campaignId, label: c.name }))}
        />
      )}
      {chosen && (
        <PagedList state={list} label={t('admissions.applications')} empty={t('admissions.noApplications')}>
          {(items) => (
            <DataTable
              testId="school-applications"
              items={items}
              rowKey={(a) => a.applicationId}
              columns={[
                { header: t('admissions.child'), cell: (a) => a.childName },
                { header: t('admissions.born'), cell: (a) => a.dateOfBirth.split('-').reverse().join('/') },
                { header: t('admissions.residence'), cell: (a) => a.residence },
                {
                  header: t('admissions.stateHeader'),
                  cell: (a) => <span class={STATE_CLASS[a.state]}>{t(`admissions.state.${a.state}`)}</span>,
                },
                {
                  header: '',
                  cell: (a) => (
                    <button
                      type="button"
                      onClick={() => setOpen(a.applicationId)}
                      aria-label={t('admissions.openNamed', { name: a.childName })}
                    >
                      {t('admissions.open')}
                    </button>
                  ),
                },
              ]}
            />
          )}
        </PagedList>
      )}
      {open && <SchoolApplication key={open} applicationId={open} onDone={list.reload} />}
    </>
  );
}

function SchoolApplication({ applicationId, onDone }: { applicationId: string; onDone: () => void }) {
  const [changed, setChanged] = useState(0);
  const application = useAsync(
    (signal) => api<Application>(`/admission-applications/${applicationId}`, { signal }),
    [applicationId, changed],
  );
  if (application.error) return <ErrorPanel error={application.error} retry={application.reload} />;
  if (!application.data) return <Loading />;
  const a = application.data;
  return (
    <section class="panel" aria-labelledby="application-detail" data-testid="school-application">
      <h2 id="application-detail">
        {a.child.fullName} <span class={STATE_CLASS[a.state]}>{t(`admissions.state.${a.state}`)}</span>
      </h2>
      <p>
        {t('admissions.guardian')}: {a.guardianName}
        {a.phone ? ` — ${a.phone}` : ''}
      </p>
      <ApplicationFacts a={a} />
      {(a.state === 'submitted' || a.state === 'verified') && (
        <DecisionForm
          testId="verify-application"
          reason={{
            name: 'note',
            label: t('admissions.note'),
            hint: t('admissions.noteHint'),
            requiredMessage: t('admissions.noteRequired'),
          }}
          choices={[
            ...(a.state === 'submitted'
              ? [
                  {
                    value: 'verify' as const,
                    label: t('admissions.verify'),
                    question: t('admissions.verifyQuestion', { name: a.child.fullName }),
                    confirm: t('admissions.verify'),
                    primary: true,
                  },
                ]
              : []),
            {
              value: 'return' as const,
              label: t('admissions.return'),
              question: t('admissions.returnQuestion', { name: a.child.fullName }),
              confirm: t('admissions.return'),
              needsReason: true,
            },
          ]}
          send={(decision, note) =>
            api<Application>(`/admission-applications/${a.applicationId}/verification`, {
              method: 'POST',
              body: { decision, expectedVersion: a.version, ...(note ? { note } : {}) },
            })
          }
          onDone={() => {
            setChanged((n) => n + 1);
            onDone();
          }}
        />
      )}
    </section>
  );
}

// The Department

export function AdmissionCampaignsPage() {
  usePageTitle(t('admissions.campaigns'));
  const [changed, setChanged] = useState(0);
  const campaigns = useAsync(
    (signal) => api<{ items: Campaign[] }>('/admission-campaigns', { signal }),
    [changed],
  );
  const [grade, setGrade] = useState('10');
  const create = useSubmit(
    (form) => {
      const v = formValues(form);
      const template = campaigns.data?.items.find((c) => c.grade === 10 && c.rules)?.rules;
      const rules =
        grade === '10' && template
          ? {
              ...template,
              subjects: [
                template.subjects[0]!,
                template.subjects[1]!,
                { code: v.third ?? 'ENG', name: t(`admissions.subject.${v.third ?? 'ENG'}` as MessageKey) },
              ],
              tieRule: v.tieRule ?? template.tieRule,
              secondary: (template.secondary as string[]).filter(
                (c) => c === 'priority' || c === 'MATH' || c === 'LIT',
              ),
            }
          : undefined;
      return api<Campaign>('/admission-campaigns', {
        method: 'POST',
        body: {
          schoolYear: v.schoolYear ?? '',
          grade: Number(grade),
          name: v.name ?? '',
          timetable: { applyFrom: toInstant(v.applyFrom ?? ''), applyUntil: toInstant(v.applyUntil ?? '') },
          ...(rules ? { rules } : {}),
        },
      });
    },
    (c) => {
      setChanged((n) => n + 1);
      location.assign(`/admissions/${c.campaignId}`);
    },
  );
  if (campaigns.error) return <ErrorPanel error={campaigns.error} retry={campaigns.reload} />;
  if (!campaigns.data) return <Loading />;
  return (
    <>
      <h1>{t('admissions.campaigns')}</h1>
      <DataTable
        testId="admission-campaigns"
        items={campaigns.data.items}
        rowKey={(c) => c.campaignId}
        columns={[
          {
            header: t('admissions.campaign'),
            cell: (c) => <a href={`/admissions/${c.campaignId}`}>{c.name}</a>,
          },
          { header: t('admissions.grade'), cell: (c) => c.grade },
          { header: t('admissions.schoolYear'), cell: (c) => c.schoolYear },
          { header: t('admissions.phaseHeader'), cell: (c) => t(`admissions.phase.${c.phase}`) },
          {
            header: t('admissions.windowHeader'),
            cell: (c) => `${formatDayTime(c.timetable.applyFrom)} – ${formatDayTime(c.timetable.applyUntil)}`,
          },
        ]}
      />
      <section class="panel" aria-labelledby="new-campaign">
        <h2 id="new-campaign">{t('admissions.newCampaign')}</h2>
        <form class="stacked" onSubmit={create.onSubmit} data-testid="new-campaign">
          <Select
            name="grade"
            label={t('admissions.grade')}
            value={grade}
            onChange={(e) => setGrade(e.currentTarget.value)}
            options={['10', '6', '1'].map((g) => ({ value: g, label: t('admissions.gradeN', { grade: g }) }))}
          />
          <Field
            name="schoolYear"
            label={t('admissions.schoolYear')}
            hint={t('admissions.schoolYearHint')}
            required
            problem={create.problem}
          />
          <Field name="name" label={t('admissions.name')} required problem={create.problem} />
          <Field
            name="applyFrom"
            label={t('admissions.applyFrom')}
            type="datetime-local"
            required
            problem={create.problem}
          />
          <Field
            name="applyUntil"
            label={t('admissions.applyUntil')}
            type="datetime-local"
            required
            problem={create.problem}
          />
          {grade === '10' && (
            <>
              <Select
                name="third"
                label={t('admissions.thirdSubject')}
                options={['ENG', 'HIS', 'GEO', 'PHY', 'CHE', 'BIO', 'CIV'].map((code) => ({
                  value: code,
                  label: t(`admissions.subject.${code}` as MessageKey),
                }))}
              />
              <Select
                name="tieRule"
                label={t('admissions.tieRule')}
                options={(['admit-all', 'secondary', 'lottery'] as const).map((r) => ({
                  value: r,
                  label: t(`admissions.tie.${r}`),
                }))}
              />
              <p class="hint">{t('admissions.rulesCopied')}</p>
            </>
          )}
          <FormProblem
            problem={create.problem}
            failure={create.failure}
            fields={['schoolYear', 'name', 'timetable.applyFrom', 'timetable.applyUntil']}
          />
          <button type="submit" class="primary" disabled={create.busy}>
            {t('admissions.create')}
          </button>
        </form>
      </section>
    </>
  );
}

interface RunProgramme {
  programmeId: string;
  schoolName: string;
  kind: string;
  quota: number;
  direct: number;
  admitted: number;
  tiedOverQuota: number;
  cutOffs?: number[];
}
export interface Run {
  runId: string;
  state: 'pending' | 'done' | 'failed';
  whatIf: boolean;
  /** 2: a run of the second round. */
  round?: 2;
  quotas?: Record<string, number>;
  note?: string;
  requestedByName: string;
  createdAt: string;
  adoptedAt?: string;
  error?: string;
  summary?: {
    candidates: number;
    disqualified: number;
    admitted: number;
    byPreference: number[];
    millis: number;
    programmes: RunProgramme[];
  };
}

export function AdmissionCampaignPage({ id }: { id: string }) {
  const [changed, setChanged] = useState(0);
  const campaign = useAsync(
    (signal) => api<Campaign>(`/admission-campaigns/${id}`, { signal }),
    [id, changed],
  );
  const programmes = useAsync(
    (signal) => api<{ items: Programme[] }>(`/admission-campaigns/${id}/programmes`, { signal }),
    [id, changed],
  );
  usePageTitle(campaign.data?.name ?? t('admissions.campaigns'));
  if (campaign.error) return <ErrorPanel error={campaign.error} retry={campaign.reload} />;
  if (programmes.error) return <ErrorPanel error={programmes.error} retry={programmes.reload} />;
  if (!campaign.data || !programmes.data) return <Loading />;
  const c = campaign.data;
  const refresh = () => setChanged((n) => n + 1);
  return (
    <>
      <p>
        <a href="/admissions">← {t('admissions.campaigns')}</a>
      </p>
      <h1>{c.name}</h1>
      <p class="lead">
        {t(`admissions.phase.${c.phase}`)} —{' '}
        {t('admissions.window', {
          from: formatDayTime(c.timetable.applyFrom),
          until: formatDayTime(c.timetable.applyUntil),
        })}
      </p>
      {c.phase === 'draft' && (
        <ConfirmButton
          label={t('admissions.openCampaign')}
          question={t('admissions.openQuestion', { name: c.name })}
          detail={t('admissions.openDetail')}
          confirm={t('admissions.openCampaign')}
          send={() =>
            api(`/admission-campaigns/${c.campaignId}/opening`, {
              method: 'POST',
              body: { expectedVersion: c.version },
            })
          }
          onDone={refresh}
          testId="open-campaign"
        />
      )}
      {c.grade === 10 && <Programmes campaign={c} programmes={programmes.data.items} onChange={refresh} />}
      {c.grade === 10 && c.phase !== 'draft' && (
        <DirectAdmissions campaign={c} programmes={programmes.data.items} />
      )}
      {c.grade === 10 && <ExamSeating campaign={c} />}
      {c.grade === 10 &&
        c.phase === 'closed' &&
        !c.adoptedRunId &&
        // Once announced to families, scores change only by re-marking.
        !(c.timetable.scoresFrom && Date.parse(c.timetable.scoresFrom) <= Date.now()) && (
          <ScoreImport campaign={c} />
        )}
      {c.grade === 10 && c.phase !== 'draft' && <Remarking campaign={c} onChange={refresh} />}
      {c.grade === 10 && <Allocation campaign={c} programmes={programmes.data.items} onChange={refresh} />}
      {c.grade === 10 && <Publication campaign={c} onChange={refresh} />}
      {c.grade === 10 && c.phase === 'published' && (
        <SecondRound campaign={c} programmes={programmes.data.items} onChange={refresh} />
      )}
    </>
  );
}

function Programmes({
  campaign,
  programmes,
  onChange,
}: {
  campaign: Campaign;
  programmes: Programme[];
  onChange: () => void;
}) {
  const put = useSubmit((form) => {
    const v = formValues(form);
    return api<Programme>(`/admission-campaigns/${campaign.campaignId}/programmes`, {
      method: 'PUT',
      body: {
        schoolId: v.schoolId ?? '',
        kind: v.kind ?? 'regular',
        area: v.area ?? '',
        quota: Number(v.quota ?? 0),
        ...(v.kind !== 'regular' && v.paper ? { paper: v.paper, paperName: v.paperName ?? v.paper } : {}),
        // One group's reserved places, as the form has them (the API takes several).
        ...(v.reservedFor
          ? {
              reserved: [
                {
                  category: v.reservedFor,
                  places: Number(v.reservedPlaces || 0),
                  releaseUnfilled: v.releaseUnfilled === 'yes',
                },
              ],
            }
          : {}),
      },
    });
  }, onChange);
  return (
    <section aria-labelledby="programmes">
      <h2 id="programmes">{t('admissions.programmes')}</h2>
      {programmes.length === 0 ? (
        <Empty>{t('admissions.noProgrammes')}</Empty>
      ) : (
        <DataTable
          testId="programmes"
          items={programmes}
          rowKey={(p) => p.programmeId}
          columns={[
            { header: t('admissions.school'), cell: (p) => programmeLabel(p) },
            { header: t('admissions.area'), cell: (p) => p.areaName ?? '' },
            { header: t('admissions.quota'), cell: (p) => formatNumber(p.quota) },
            ...(programmes.some((p) => p.reserved?.length)
              ? [
                  {
                    header: t('admissions.reservedColumn'),
                    cell: (p: Programme) =>
                      (p.reserved ?? [])
                        .map((r) =>
                          t('admissions.reservedFor', {
                            places: formatNumber(r.places),
                            group:
                              campaign.rules?.priorityGroups.find((g) => g.code === r.category)?.name ??
                              r.category,
                          }),
                        )
                        .join('; '),
                  },
                ]
              : []),
            ...(programmes.some((p) => p.confirmed !== undefined)
              ? [
                  {
                    header: t('admissions.confirmedCount'),
                    cell: (p: Programme) => formatNumber(p.confirmed ?? 0),
                  },
                  // Places left only once families may no longer confirm.
                  ...(campaign.timetable.confirmUntil &&
                  Date.parse(campaign.timetable.confirmUntil) < Date.now()
                    ? [
                        {
                          header: t('admissions.placesLeft'),
                          cell: (p: Programme) => formatNumber(Math.max(0, p.quota - (p.confirmed ?? 0))),
                        },
                      ]
                    : []),
                ]
              : []),
          ]}
        />
      )}
      {campaign.phase !== 'published' && campaign.rules && (
        <form class="stacked panel" onSubmit={put.onSubmit} data-testid="put-programme">
          <h3>{t('admissions.setProgramme')}</h3>
          <SchoolPicker name="schoolId" legend={t('admissions.school')} required problem={put.problem} />
          <Select
            name="kind"
            label={t('admissions.kindLabel')}
            options={(['regular', 'specialised', 'integrated'] as const).map((k) => ({
              value: k,
              label: t(`admissions.kind.${k}`),
            }))}
          />
          <Field
            name="paper"
            label={t('admissions.paper')}
            hint={t('admissions.paperHint')}
            problem={put.problem}
          />
          <Field name="paperName" label={t('admissions.paperName')} problem={put.problem} />
          <Select
            name="area"
            label={t('admissions.area')}
            options={campaign.rules.areas.map((a) => ({ value: a.code, label: a.name }))}
          />
          <Field
            name="quota"
            label={t('admissions.quota')}
            type="number"
            min={0}
            max={5000}
            required
            problem={put.problem}
          />
          <Select
            name="reservedFor"
            label={t('admissions.reservedForLabel')}
            options={[
              { value: '', label: t('admissions.reservedNone') },
              ...campaign.rules.priorityGroups.map((g) => ({ value: g.code, label: g.name })),
            ]}
          />
          <Field
            name="reservedPlaces"
            label={t('admissions.reservedPlaces')}
            hint={t('admissions.reservedHint')}
            type="number"
            min={1}
            max={2000}
            problem={put.problem}
          />
          <Select
            name="releaseUnfilled"
            label={t('admissions.releaseUnfilled')}
            options={[
              { value: 'yes', label: t('admissions.releaseYes') },
              { value: 'no', label: t('admissions.releaseNo') },
            ]}
          />
          <FormProblem
            problem={put.problem}
            failure={put.failure}
            fields={['schoolId', 'paper', 'paperName', 'area', 'quota', 'reserved']}
          />
          <button type="submit" class="primary" disabled={put.busy}>
            {t('admissions.saveProgramme')}
          </button>
        </form>
      )}
    </section>
  );
}

interface SeatingView {
  state: 'none' | 'pending' | 'done';
  candidates?: number;
  councils: {
    schoolId: string;
    schoolName: string;
    rooms: number;
    candidates?: number;
    roomsUsed?: number;
  }[];
  short: { area: string; candidates: number; places: number }[];
}

interface RoomListsView {
  seatingAt: string;
  councils: ({ councilId: string; councilName: string; rooms: number; candidates: number } & DocumentState)[];
}

/** The councils' room lists (one PDF a council), made on request from the last seating. */
function RoomLists({ campaign }: { campaign: Campaign }) {
  const path = `/admission-campaigns/${campaign.campaignId}/room-lists`;
  const [view, setView] = useState<RoomListsView>();
  const [failure, setFailure] = useState<unknown>();
  const found = useAsync((signal) => api<RoomListsView>(path, { signal }), [path]);
  const lists = view ?? found.data;
  const asked = view !== undefined;
  usePolling(
    asked ? lists : undefined,
    (v) => v.councils.some((c) => c.state === 'preparing'),
    () => api<RoomListsView>(path),
    setView,
  );
  const ask = async () => {
    setFailure(undefined);
    try {
      setView(await api<RoomListsView>(path, { method: 'POST' }));
    } catch (error) {
      setFailure(error);
    }
  };
  const ready = lists?.councils.filter((c) => c.state === 'ready') ?? [];
  return (
    <div class="panel" data-testid="room-lists">
      <h3>{t('admissions.roomLists')}</h3>
      <p class="hint">{t('admissions.roomListsHint')}</p>
      {found.error && <ErrorPanel error={found.error} retry={found.reload} />}
      {ready.length > 0 && (
        <ul>
          {ready.map((c) => (
            <li key={c.councilId}>
              <a
                href={c.state === 'ready' ? c.downloadUrl : undefined}
                download
                onClick={(e) => {
                  // Signed for five minutes: a click asks for a fresh link.
                  e.preventDefault();
                  void api<RoomListsView>(path).then((fresh) => {
                    const now = fresh.councils.find((x) => x.councilId === c.councilId);
                    if (now?.state === 'ready') window.location.assign(now.downloadUrl);
                  }, setFailure);
                }}
              >
                {t('admissions.roomListFile', {
                  council: c.councilName,
                  rooms: formatNumber(c.rooms),
                  candidates: formatNumber(c.candidates),
                })}
              </a>
            </li>
          ))}
        </ul>
      )}
      {lists && ready.length < lists.councils.length && (
        <button type="button" disabled={asked} onClick={() => void ask()}>
          {asked ? t('admissions.documentPreparing') : t('admissions.askRoomLists')}
        </button>
      )}
      {failure !== undefined && <ErrorPanel error={failure} />}
    </div>
  );
}

/** Candidate numbers and rooms: the councils (venue schools and their rooms), then a worker seats everyone. */
function ExamSeating({ campaign }: { campaign: Campaign }) {
  const [changed, setChanged] = useState(0);
  const seating = useAsync(
    (signal) => api<SeatingView>(`/admission-campaigns/${campaign.campaignId}/exam-seating`, { signal }),
    [campaign.campaignId, changed],
  );
  usePolling(
    seating.data,
    (v) => v.state === 'pending',
    async (v) => v,
    () => setChanged((n) => n + 1),
  );
  const [councils, setCouncils] = useState<{ schoolId: string; name: string; rooms: number }[]>([]);
  const [picked, setPicked] = useState<{ value: string; label: string }>();
  const [pickerKey, setPickerKey] = useState(0);
  const [rooms, setRooms] = useState('20');
  const send = useSubmit(
    () =>
      api<SeatingView>(`/admission-campaigns/${campaign.campaignId}/exam-seating`, {
        method: 'PUT',
        body: { councils: councils.map((k) => ({ schoolId: k.schoolId, rooms: k.rooms })) },
      }),
    () => {
      setCouncils([]);
      setChanged((n) => n + 1);
    },
  );
  const areaName = (code: string) => campaign.rules?.areas.find((a) => a.code === code)?.name ?? code;
  return (
    <section aria-labelledby="exam-seating">
      <h2 id="exam-seating">{t('admissions.seating')}</h2>
      {seating.error && <ErrorPanel error={seating.error} retry={seating.reload} />}
      {seating.data && seating.data.state !== 'none' && (
        <>
          <p>
            {seating.data.state === 'pending'
              ? t('admissions.seatingPending')
              : t('admissions.seatingDone', { candidates: formatNumber(seating.data.candidates ?? 0) })}
          </p>
          <DataTable
            testId="councils"
            items={seating.data.councils}
            rowKey={(k) => k.schoolId}
            columns={[
              { header: t('admissions.council'), cell: (k) => k.schoolName },
              { header: t('admissions.rooms'), cell: (k) => formatNumber(k.rooms) },
              {
                header: t('admissions.seated'),
                cell: (k) => (k.candidates === undefined ? '—' : formatNumber(k.candidates)),
              },
              {
                header: t('admissions.roomsUsed'),
                cell: (k) => (k.roomsUsed === undefined ? '—' : formatNumber(k.roomsUsed)),
              },
            ]}
          />
          {seating.data.short.map((s) => (
            <p class="notice" role="status" key={s.area}>
              {t('admissions.seatingShort', {
                area: areaName(s.area),
                candidates: formatNumber(s.candidates),
                places: formatNumber(s.places),
              })}
            </p>
          ))}
          {seating.data.state === 'done' && <RoomLists campaign={campaign} />}
        </>
      )}
      {campaign.phase === 'closed' ? (
        <form class="stacked panel" onSubmit={send.onSubmit} data-testid="seating-form">
          <p class="hint">{t('admissions.seatingHint')}</p>
          <SchoolPicker
            key={pickerKey}
            name="councilSchool"
            legend={t('admissions.council')}
            onChoose={(c) => setPicked({ value: c.value, label: c.label })}
          />
          <Field
            name="councilRooms"
            label={t('admissions.rooms')}
            type="number"
            min={1}
            max={200}
            value={rooms}
            onInput={(e) => setRooms(e.currentTarget.value)}
          />
          <button
            type="button"
            disabled={!picked}
            onClick={() => {
              if (!picked) return;
              setCouncils((list) => [
                ...list.filter((k) => k.schoolId !== picked.value),
                { schoolId: picked.value, name: picked.label, rooms: Math.max(1, Number(rooms) || 1) },
              ]);
              setPicked(undefined);
              setPickerKey((n) => n + 1);
            }}
          >
            {t('admissions.addCouncil')}
          </button>
          {councils.length > 0 && (
            <ul data-testid="councils-chosen">
              {councils.map((k) => (
                <li key={k.schoolId}>
                  {t('admissions.councilRooms', { name: k.name, rooms: k.rooms })}{' '}
                  <button
                    type="button"
                    onClick={() => setCouncils((list) => list.filter((x) => x.schoolId !== k.schoolId))}
                    aria-label={t('admissions.removeCouncil', { name: k.name })}
                  >
                    {t('admissions.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <FormProblem problem={send.problem} failure={send.failure} fields={['councils']} />
          <button type="submit" class="primary" disabled={send.busy || councils.length === 0}>
            {t('admissions.seat')}
          </button>
        </form>
      ) : (
        campaign.phase !== 'published' && <p class="notice">{t('admissions.allocationAfterWindow')}</p>
      )}
    </section>
  );
}

function Allocation({
  campaign,
  programmes,
  onChange,
}: {
  campaign: Campaign;
  programmes: Programme[];
  onChange: () => void;
}) {
  const [changed, setChanged] = useState(0);
  const runs = useAsync(
    (signal) =>
      api<{ items: Run[] }>(`/admission-campaigns/${campaign.campaignId}/allocation-runs?limit=20`, {
        signal,
      }),
    [campaign.campaignId, changed],
  );
  const [whatIf, setWhatIf] = useState(false);
  const start = useSubmit(
    (form) => {
      const v = formValues(form);
      const quotas = Object.fromEntries(
        programmes.flatMap((p) => {
          const value = v[`quota.${p.programmeId}`];
          return whatIf && value !== undefined && Number(value) !== p.quota
            ? [[p.programmeId, Number(value)]]
            : [];
        }),
      );
      return api<Run>(`/admission-campaigns/${campaign.campaignId}/allocation-runs`, {
        method: 'POST',
        body: { ...(Object.keys(quotas).length ? { quotas } : {}), ...(v.note ? { note: v.note } : {}) },
      });
    },
    () => setChanged((n) => n + 1),
  );
  // A run in progress is read again every second until it is done.
  usePolling(
    runs.data,
    (v) => v.items.some((r) => r.state === 'pending'),
    async (v) => v,
    () => setChanged((n) => n + 1),
  );
  return (
    <section aria-labelledby="allocation">
      <h2 id="allocation">{t('admissions.allocation')}</h2>
      {campaign.phase !== 'closed' ? (
        <p class="notice">
          {t(
            campaign.phase === 'published' ? 'admissions.publishedNote' : 'admissions.allocationAfterWindow',
          )}
        </p>
      ) : (
        <form class="stacked panel" onSubmit={start.onSubmit} data-testid="start-run">
          <label class="check">
            <input type="checkbox" checked={whatIf} onChange={(e) => setWhatIf(e.currentTarget.checked)} />{' '}
            {t('admissions.whatIf')}
          </label>
          {whatIf &&
            programmes.map((p) => (
              <Field
                key={p.programmeId}
                name={`quota.${p.programmeId}`}
                label={programmeLabel(p)}
                type="number"
                min={0}
                max={5000}
                defaultValue={String(p.quota)}
              />
            ))}
          <TextArea name="note" label={t('admissions.runNote')} rows={2} />
          <FormProblem problem={start.problem} failure={start.failure} fields={['note']} />
          <button type="submit" class="primary" disabled={start.busy}>
            {whatIf ? t('admissions.runWhatIf') : t('admissions.run')}
          </button>
        </form>
      )}
      {runs.error && <ErrorPanel error={runs.error} retry={runs.reload} />}
      {runs.data?.items
        .filter((r) => r.round !== 2)
        .map((r) => (
          <RunCard
            key={r.runId}
            run={r}
            campaign={campaign}
            onAdopted={() => {
              setChanged((n) => n + 1);
              onChange();
            }}
          />
        ))}
    </section>
  );
}

export function RunCard({
  run,
  campaign,
  onAdopted,
}: {
  run: Run;
  campaign: Campaign;
  onAdopted: () => void;
}) {
  const second = run.round === 2;
  const adopted = (second ? campaign.secondRound?.adoptedRunId : campaign.adoptedRunId) === run.runId;
  const mayAdopt = second ? !campaign.secondRound?.publishedAt : campaign.phase !== 'published';
  return (
    <article class="card" data-testid="allocation-run">
      <h3>
        {formatDayTime(run.createdAt)} —{' '}
        {run.whatIf ? t('admissions.whatIfRun') : t('admissions.officialRun')}{' '}
        {adopted && <span class="badge ok">{t('admissions.adopted')}</span>}
        {run.state !== 'done' && <span class="badge">{t(`admissions.runState.${run.state}`)}</span>}
      </h3>
      <p>
        {run.requestedByName}
        {run.note ? ` — ${run.note}` : ''}
      </p>
      {run.state === 'failed' && (
        <p class="notice" role="alert">
          {t('admissions.runFailed', { error: run.error ?? '' })}
        </p>
      )}
      {run.summary && (
        <>
          <p>
            {t('admissions.runSummary', {
              candidates: formatNumber(run.summary.candidates),
              admitted: formatNumber(run.summary.admitted),
              disqualified: formatNumber(run.summary.disqualified),
              byPreference: run.summary.byPreference
                .map((n, i) => t('admissions.atPreference', { n: i + 1, value: formatNumber(n) }))
                .join(', '),
            })}
          </p>
          <DataTable
            testId="run-programmes"
            items={run.summary.programmes}
            rowKey={(p) => p.programmeId}
            columns={[
              {
                header: t('admissions.school'),
                cell: (p) =>
                  p.kind === 'regular'
                    ? p.schoolName
                    : `${p.schoolName} — ${t(`admissions.kind.${p.kind}` as MessageKey)}`,
              },
              { header: t('admissions.quota'), cell: (p) => formatNumber(p.quota) },
              {
                header: t('admissions.admitted'),
                cell: (p) =>
                  formatNumber(p.admitted) +
                  (p.tiedOverQuota ? ` (+${p.tiedOverQuota} ${t('admissions.tied')})` : ''),
              },
              {
                header: t('admissions.cutOffs'),
                cell: (p) =>
                  p.cutOffs
                    ? p.cutOffs
                        .map((c, i) =>
                          t('admissions.atPreference', { n: i + 1, value: formatNumber(c / 100) }),
                        )
                        .join(' · ')
                    : t('admissions.notFull'),
              },
            ]}
          />
          <Explain run={run} campaignId={campaign.campaignId} />
          {!adopted && mayAdopt && (
            <ConfirmButton
              label={t('admissions.adopt')}
              question={t('admissions.adoptQuestion')}
              detail={run.whatIf ? t('admissions.adoptWhatIfDetail') : t('admissions.adoptDetail')}
              confirm={t('admissions.adopt')}
              send={() =>
                api(`/admission-allocation-runs/${run.runId}/adoption`, {
                  method: 'POST',
                  body: { expectedVersion: campaign.version },
                })
              }
              onDone={onAdopted}
              testId="adopt-run"
            />
          )}
        </>
      )}
    </article>
  );
}

interface Explanation {
  childName: string;
  points?: number;
  disqualified?: string;
  direct?: string;
  preferences: {
    programmeId: string;
    schoolName: string;
    preference: number;
    outcome: 'admitted' | 'rejected' | 'not-considered';
    reason?: string;
  }[];
}

/** Why one candidate got what they got: chosen by their lower-secondary school, then by name. */
function Explain({ run, campaignId }: { run: Run; campaignId: string }) {
  const [school, setSchool] = useState<string>();
  const [applicationId, setApplicationId] = useState<string>();
  const applications = useAsync(
    (signal) =>
      school
        ? api<{ items: ApplicationSummary[] }>(
            `/org-units/${school}/admission-applications?campaignId=${encodeURIComponent(campaignId)}&limit=100`,
            { signal },
          )
        : Promise.resolve({ items: [] as ApplicationSummary[] }),
    [school],
  );
  const explanation = useAsync(
    (signal) =>
      applicationId
        ? api<Explanation>(`/admission-allocation-runs/${run.runId}/applications/${applicationId}`, {
            signal,
          })
        : Promise.resolve(undefined),
    [applicationId],
  );
  return (
    <details>
      <summary>{t('admissions.explain')}</summary>
      <SchoolPicker
        name="explainSchool"
        legend={t('admissions.explainSchool')}
        onChoose={(c) => {
          setSchool(c.value);
          setApplicationId(undefined);
        }}
      />
      {applications.error && <ErrorPanel error={applications.error} retry={applications.reload} />}
      {applications.data && applications.data.items.length >= 100 && (
        <p class="hint">{t('admissions.firstHundred')}</p>
      )}
      {applications.data && applications.data.items.length > 0 && (
        <Select
          name="explainApplication"
          label={t('admissions.child')}
          value={applicationId ?? ''}
          onChange={(e) => setApplicationId(e.currentTarget.value || undefined)}
          options={[
            { value: '', label: t('admissions.choose') },
            ...applications.data.items.map((a) => ({
              value: a.applicationId,
              label: `${a.childName} (${a.dateOfBirth.split('-').reverse().join('/')})`,
            })),
          ]}
        />
      )}
      {explanation.error && <ErrorPanel error={explanation.error} />}
      {explanation.data && (
        <div data-testid="explanation">
          <p>
            <strong>{explanation.data.childName}</strong>
            {explanation.data.points !== undefined
              ? ` — ${t('admissions.points', { points: formatNumber(explanation.data.points / 100) })}`
              : ''}
          </p>
          {explanation.data.disqualified && <p class="notice">{explanation.data.disqualified}</p>}
          {explanation.data.direct && (
            <p>{t('admissions.directAdmission', { school: explanation.data.direct })}</p>
          )}
          <ol>
            {explanation.data.preferences.map((p) => (
              <li key={p.programmeId}>
                {p.schoolName}: <strong>{t(`admissions.outcome.${p.outcome}`)}</strong>
                {p.reason ? ` — ${p.reason}` : ''}
              </li>
            ))}
          </ol>
        </div>
      )}
    </details>
  );
}

interface PublicationStatus {
  state: 'preparing' | 'ready' | 'released' | 'failed';
  publishAt: string;
  confirmUntil: string;
  prepared: number;
  total?: number;
  releasedAt?: string;
}

/** An input's "2027-07-10T08:00" in the browser's time from an ISO instant. */
/** An instant as a datetime-local input's value, in the browser's time zone. */
export const toLocalInput = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/**
 * The publication: its minute and the confirmation deadline (saved on the timetable), then asked
 * for in a dialog — every family's result is prepared at once and released to all at the minute.
 */
function Publication({ campaign: c, onChange }: { campaign: Campaign; onChange: () => void }) {
  const [changed, setChanged] = useState(0);
  // Asked for (or given up on): its state; never asked for: a 404, nothing to show.
  const status = useAsync(
    (signal) =>
      c.adoptedRunId
        ? api<PublicationStatus>(`/admission-campaigns/${c.campaignId}/publication`, { signal }).catch(
            (error: unknown) => {
              if (error instanceof ApiProblem && error.status === 404) return undefined;
              throw error;
            },
          )
        : Promise.resolve(undefined),
    [c.campaignId, c.version, changed],
  );
  // A publication being prepared is read again every second until it is ready.
  usePolling(
    status.data,
    (v) => v?.state === 'preparing',
    async (v) => v,
    () => setChanged((n) => n + 1),
  );
  const times = useSubmit((form) => {
    const v = formValues(form);
    return api(`/admission-campaigns/${c.campaignId}`, {
      method: 'PUT',
      body: {
        expectedVersion: c.version,
        name: c.name,
        timetable: {
          ...c.timetable,
          ...(v['timetable.publishAt'] ? { publishAt: toInstant(v['timetable.publishAt']) } : {}),
          ...(v['timetable.confirmUntil'] ? { confirmUntil: toInstant(v['timetable.confirmUntil']) } : {}),
        },
      },
    });
  }, onChange);
  const { publishAt, confirmUntil } = c.timetable;
  return (
    <section aria-labelledby="publication" data-testid="publication">
      <h2 id="publication">{t('admissions.publication')}</h2>
      {!c.adoptedRunId && !c.publication && <p class="notice">{t('admissions.publishNeedsAdoption')}</p>}
      {c.adoptedRunId && !c.publication && (
        <>
          <form class="stacked panel" onSubmit={times.onSubmit} data-testid="publication-times">
            <p>
              {publishAt && confirmUntil
                ? t('admissions.timesSet', {
                    at: formatDayTime(publishAt),
                    until: formatDayTime(confirmUntil),
                  })
                : t('admissions.timesNeeded')}
            </p>
            <Field
              name="timetable.publishAt"
              label={t('admissions.publishAt')}
              type="datetime-local"
              required
              defaultValue={toLocalInput(publishAt)}
              problem={times.problem}
            />
            <Field
              name="timetable.confirmUntil"
              label={t('admissions.confirmUntil')}
              type="datetime-local"
              required
              defaultValue={toLocalInput(confirmUntil)}
              problem={times.problem}
            />
            <FormProblem
              problem={times.problem}
              failure={times.failure}
              fields={['timetable.publishAt', 'timetable.confirmUntil']}
            />
            <button type="submit" disabled={times.busy}>
              {t('admissions.saveTimes')}
            </button>
          </form>
          {publishAt && confirmUntil && (
            <ConfirmButton
              label={t('admissions.schedule')}
              question={t('admissions.scheduleQuestion', { at: formatDayTime(publishAt) })}
              detail={t('admissions.scheduleDetail')}
              confirm={t('admissions.schedule')}
              send={() =>
                api(`/admission-campaigns/${c.campaignId}/publication`, {
                  method: 'POST',
                  body: { expectedVersion: c.version },
                })
              }
              onDone={onChange}
              testId="schedule-publication"
            />
          )}
        </>
      )}
      {status.error && <ErrorPanel error={status.error} retry={status.reload} />}
      {status.data && (
        <p
          class={status.data.state === 'released' ? 'notice ok' : 'notice'}
          role="status"
          data-testid="publication-state"
        >
          {t(`admissions.publicationState.${status.data.state}`, {
            at: formatDayTime(status.data.releasedAt ?? status.data.publishAt),
            total: formatNumber(status.data.total ?? status.data.prepared),
            prepared: formatNumber(status.data.prepared),
          })}
        </p>
      )}
    </section>
  );
}

interface ScoreImportJob {
  importId: string;
  status: 'pending' | 'uploaded' | 'running' | 'done' | 'failed';
  rows?: number;
  saved?: number;
  failed?: number;
  errors: { row: number; column: string; message: string }[];
  upload?: UploadLink;
}

/**
 * The marking boards' score sheet (XLSX by candidate number): uploaded, then the worker's result
 * with each refused row named by its cell.
 */
function ScoreImport({ campaign: c }: { campaign: Campaign }) {
  const [job, setJob] = useState<ScoreImportJob>();
  const upload = useSubmit(
    async (form) => {
      const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
      if (!file) return undefined;
      const created = await api<ScoreImportJob>(`/admission-campaigns/${c.campaignId}/score-imports`, {
        method: 'POST',
      });
      await uploadFile(created.upload!, file);
      return created;
    },
    (created) => created && setJob(created),
  );
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(
      () => api<ScoreImportJob>(`/admission-score-imports/${job.importId}`).then(setJob, () => undefined),
      1_000,
    );
    return () => clearTimeout(timer);
  }, [job]);
  const subjects = c.rules?.subjects.map((s) => s.name).join(', ') ?? '';
  return (
    <section aria-labelledby="score-import" data-testid="score-import">
      <h2 id="score-import">{t('admissions.scoreImport')}</h2>
      <form class="stacked panel" onSubmit={upload.onSubmit}>
        <p class="hint">{t('admissions.scoreImportIntro', { subjects })}</p>
        <Field name="file" type="file" label={t('import.file')} required accept=".xlsx" />
        <FormProblem problem={upload.problem} failure={upload.failure} fields={[]} />
        <button type="submit" class="primary" disabled={upload.busy}>
          {t('admissions.scoreImportButton')}
        </button>
      </form>
      {job && job.status !== 'done' && job.status !== 'failed' && (
        <p role="status">{t('admissions.scoreImportWorking')}</p>
      )}
      {(job?.status === 'done' || job?.status === 'failed') && (
        <div role="status" data-testid="score-import-result">
          <p class={job.failed || job.status === 'failed' ? 'field-error' : 'success'}>
            {t('admissions.scoreImported', {
              rows: formatNumber(job.rows ?? 0),
              saved: formatNumber(job.saved ?? 0),
              failed: formatNumber(job.failed ?? 0),
            })}
          </p>
          {job.errors.length > 0 && (
            <DataTable
              items={job.errors}
              rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
              columns={[
                { header: t('exam.row'), cell: (e) => e.row },
                { header: t('exam.column'), cell: (e) => e.column },
                { header: t('exam.problem'), cell: (e) => e.message },
              ]}
            />
          )}
        </div>
      )}
    </section>
  );
}

// The commune

interface Catchment {
  campaignId: string;
  communeName: string;
  schools: { schoolId: string; schoolName: string; places: number; areas: string[]; applications?: number }[];
  version: number;
  updatedAt?: string;
}
/** A saved school's applications against its places: more than it has is the commune's to settle. */
function Applications({ saved }: { saved: Catchment['schools'][number] | undefined }) {
  if (saved?.applications === undefined) return null;
  const over = saved.applications - saved.places;
  return (
    <p class={over > 0 ? 'notice' : 'hint'} data-testid="catchment-applications">
      {over > 0
        ? t('admissions.catchmentOver', { count: saved.applications, places: saved.places, over })
        : t('admissions.catchmentApplications', { count: saved.applications, places: saved.places })}
    </p>
  );
}

interface CatchmentRow {
  key: number;
  schoolId: string;
  places: string;
  areas: string;
}

/**
 * A commune's catchments for grades 1 and 6: which of its schools takes which residential areas
 * (tổ dân phố, thôn — one a line; "*" the rest of the commune) and how many places.
 */
export function CatchmentsPage({ id }: { id: string }) {
  usePageTitle(t('admissions.catchments'));
  const campaigns = useAsync((signal) => api<{ items: Campaign[] }>('/admission-campaigns', { signal }), []);
  const directory = useAsync(
    (signal) =>
      api<{ schools: { orgUnitId: string; name: string; parentId: string }[] }>('/school-directory', {
        signal,
      }),
    [],
  );
  const [chosen, setChosen] = useState<string>();
  if (campaigns.error) return <ErrorPanel error={campaigns.error} retry={campaigns.reload} />;
  if (directory.error) return <ErrorPanel error={directory.error} retry={directory.reload} />;
  if (!campaigns.data || !directory.data) return <Loading />;
  const open = campaigns.data.items.filter((c) => c.grade !== 10 && c.phase !== 'published');
  const campaignId = chosen ?? open[0]?.campaignId;
  const schools = directory.data.schools.filter((s) => s.parentId === id);
  return (
    <>
      <h1>{t('admissions.catchments')}</h1>
      <p class="lead">{t('admissions.catchmentsIntro')}</p>
      {open.length === 0 ? (
        <Empty>{t('admissions.noCatchmentCampaign')}</Empty>
      ) : (
        <>
          <Select
            name="campaign"
            label={t('admissions.campaign')}
            value={campaignId}
            onChange={(e) => setChosen(e.currentTarget.value)}
            options={open.map((c) => ({ value: c.campaignId, label: c.name }))}
          />
          {campaignId && (
            <CatchmentForm key={campaignId} campaignId={campaignId} communeId={id} schools={schools} />
          )}
        </>
      )}
    </>
  );
}

function CatchmentForm({
  campaignId,
  communeId,
  schools,
}: {
  campaignId: string;
  communeId: string;
  schools: { orgUnitId: string; name: string }[];
}) {
  const [changed, setChanged] = useState(0);
  const catchment = useAsync(
    (signal) => api<Catchment>(`/admission-campaigns/${campaignId}/catchments/${communeId}`, { signal }),
    [campaignId, communeId, changed],
  );
  const [rows, setRows] = useState<CatchmentRow[]>();
  const [saved, setSaved] = useState(false);
  const current =
    rows ??
    (catchment.data?.schools.length
      ? catchment.data.schools.map((s, key) => ({
          key,
          schoolId: s.schoolId,
          places: String(s.places),
          areas: s.areas.join('\n'),
        }))
      : [{ key: 0, schoolId: '', places: '', areas: '' }]);
  const update = (key: number, change: Partial<CatchmentRow>) => {
    setSaved(false);
    setRows(current.map((r) => (r.key === key ? { ...r, ...change } : r)));
  };
  const save = useSubmit(
    () =>
      api<Catchment>(`/admission-campaigns/${campaignId}/catchments/${communeId}`, {
        method: 'PUT',
        body: {
          expectedVersion: catchment.data?.version ?? 0,
          schools: current.map((r) => ({
            schoolId: r.schoolId,
            places: Number(r.places),
            areas: r.areas
              .split('\n')
              .map((a) => a.trim())
              .filter(Boolean),
          })),
        },
      }),
    () => {
      setRows(undefined);
      setSaved(true);
      setChanged((n) => n + 1);
    },
  );
  if (catchment.error) return <ErrorPanel error={catchment.error} retry={catchment.reload} />;
  if (!catchment.data) return <Loading />;
  const fields = current.flatMap((_, i) => [
    `schools.${i}.schoolId`,
    `schools.${i}.places`,
    `schools.${i}.areas`,
  ]);
  return (
    <form class="stacked" onSubmit={save.onSubmit} data-testid="catchment-form">
      {current.map((r, i) => (
        <fieldset key={r.key} class="panel" data-testid="catchment-school">
          <legend>{t('admissions.catchmentSchool', { n: i + 1 })}</legend>
          <Select
            name={`schools.${i}.schoolId`}
            label={t('admissions.school')}
            value={r.schoolId}
            onChange={(e) => update(r.key, { schoolId: e.currentTarget.value })}
            options={[
              { value: '', label: t('admissions.chooseSchool') },
              ...schools.map((s) => ({ value: s.orgUnitId, label: s.name })),
            ]}
            problem={save.problem}
            required
          />
          <Field
            name={`schools.${i}.places`}
            label={t('admissions.places')}
            type="number"
            min={0}
            max={5000}
            value={r.places}
            onInput={(e) => update(r.key, { places: e.currentTarget.value })}
            problem={save.problem}
            required
          />
          <Applications saved={catchment.data?.schools.find((s) => s.schoolId === r.schoolId)} />
          <TextArea
            name={`schools.${i}.areas`}
            label={t('admissions.catchmentAreas')}
            hint={t('admissions.catchmentAreasHint')}
            rows={3}
            value={r.areas}
            onInput={(e) => update(r.key, { areas: e.currentTarget.value })}
            problem={save.problem}
            required
          />
          {current.length > 1 && (
            <button type="button" onClick={() => setRows(current.filter((x) => x.key !== r.key))}>
              {t('admissions.removeCatchmentSchool')}
            </button>
          )}
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() =>
          setRows([
            ...current,
            { key: Math.max(...current.map((x) => x.key)) + 1, schoolId: '', places: '', areas: '' },
          ])
        }
      >
        {t('admissions.addCatchmentSchool')}
      </button>
      <FormProblem problem={save.problem} failure={save.failure} fields={fields} />
      {saved && (
        <p class="success" role="status">
          {t('admissions.catchmentSaved')}
        </p>
      )}
      <button type="submit" class="primary" disabled={save.busy}>
        {t('admissions.saveCatchment')}
      </button>
    </form>
  );
}
