/**
 * Re-marking (phúc khảo) of grade-10 papers: a guardian asks, once, while the timetable's window
 * is open; the Department enters the marking board's result, which becomes the score. Each step is
 * a new version of the application with its audit entry, in one transaction with the request's
 * listing item and a check that no allocation has been adopted (domain/remarking.ts has the rules).
 */
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import type { SignIn } from '#shared/auth/sign-in.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import { cityTime } from '#shared/calendar/school-year.ts';
import { conflict, fieldProblem, forbidden } from '#shared/http/problem.ts';
import { notifyQuietly } from '../notifications/messages.ts';
import { type ApplicationItem, ownApplication, save } from './applications.ts';
import { type Actor, type CampaignItem, getCampaign, programmesOf } from './campaigns.ts';
import { applyRemarkResult, remarkRequestRefusal, remarkView, remarkWindow } from './domain/remarking.ts';
import { admissionText } from './domain/texts.ts';
import { admissionEntities } from './entities.ts';

/** The campaign's papers by code: the year's three and each specialised or integrated class's own. */
export async function paperNames(campaign: CampaignItem): Promise<Map<string, string>> {
  const names = new Map((campaign.rules?.subjects ?? []).map((s) => [s.code, s.name]));
  for (const p of await programmesOf(campaign.campaignId))
    if (p.paper && !names.has(p.paper)) names.set(p.paper, p.paperName ?? p.paper);
  return names;
}

/** Scores as families read them: "7,25" (the Vietnamese decimal comma). */
const score = (hundredths: number) => (hundredths / 100).toLocaleString('vi-VN');

export async function requestRemark(
  principal: LoadedPrincipal,
  signIn: SignIn | undefined,
  applicationId: string,
  input: { expectedVersion: number; papers: string[]; reason?: string },
  requestId: string,
  now = new Date(),
): Promise<ApplicationItem> {
  if (!(signIn?.kind === 'vneid' && signIn.identityLevel === 2))
    throw forbidden(admissionText('level-2-needed'));
  const before = await ownApplication(principal, applicationId);
  if (before.version !== input.expectedVersion) throw conflict(admissionText('application-changed'));
  const campaign = await getCampaign(before.campaignId);
  if (before.state === 'withdrawn') throw conflict(admissionText('application-withdrawn'));
  if (campaign.adoptedRunId || campaign.state === 'published')
    throw conflict(admissionText('allocation-adopted'));
  const papers = [...new Set(input.papers)];
  const refusal = remarkRequestRefusal(remarkWindow(campaign.timetable, now), before, papers);
  if (refusal?.code === 'remark-no-papers' || refusal?.code === 'remark-paper-not-marked') {
    const names = await paperNames(campaign);
    throw fieldProblem(
      'papers',
      admissionText(refusal.code, { paper: names.get(refusal.paper ?? '') ?? refusal.paper ?? '' }),
    );
  }
  if (refusal)
    throw conflict(
      admissionText(refusal.code, {
        from: cityTime(campaign.timetable.scoresFrom ?? now.toISOString()),
        until: cityTime(campaign.timetable.remarkUntil ?? now.toISOString()),
      }),
    );
  const at = now.toISOString();
  const reason = input.reason?.trim();
  return save(
    before,
    {
      ...before,
      remark: { papers, ...(reason ? { reason } : {}), requestedAt: at, state: 'requested' },
      history: [
        ...before.history,
        { action: 'remark-requested', at, by: principal.sub, byName: before.guardianName },
      ],
    },
    { accountId: principal.sub, requestId },
    'admission-application.remark-request',
    { papers, ...(reason ? { reason } : {}) },
    { remark: 'asked' },
  );
}

/**
 * The board's result of a request, entered by the Department: every asked paper's score after
 * re-marking, which the candidate keeps. The family is told each paper's before and after.
 */
export async function decideRemark(
  before: ApplicationItem,
  input: { expectedVersion: number; scores: Record<string, number>; note?: string },
  actor: Actor & { fullName: string },
  now = new Date(),
): Promise<ApplicationItem> {
  if (before.version !== input.expectedVersion) throw conflict(admissionText('application-changed'));
  const campaign = await getCampaign(before.campaignId);
  if (campaign.adoptedRunId || campaign.state === 'published')
    throw conflict(admissionText('allocation-adopted'));
  const applied = applyRemarkResult(before.papers ?? {}, before.remark, input.scores);
  if ('refusal' in applied) {
    if (applied.refusal === 'remark-not-waiting') throw conflict(admissionText('remark-not-waiting'));
    const names = await paperNames(campaign);
    const paper = applied.paper ?? '';
    throw fieldProblem(
      `scores.${paper}`,
      admissionText(applied.refusal, { paper: names.get(paper) ?? paper }),
    );
  }
  const at = now.toISOString();
  const note = input.note?.trim();
  const saved = await save(
    before,
    {
      ...before,
      papers: applied.papers,
      remark: {
        ...before.remark!,
        state: 'decided',
        results: applied.results,
        ...(note ? { note } : {}),
        decidedAt: at,
        decidedByName: actor.fullName,
      },
      history: [
        ...before.history,
        {
          action: 'remark-decided',
          at,
          by: actor.accountId,
          byName: actor.fullName,
          ...(note ? { note } : {}),
        },
      ],
    },
    actor,
    'admission-application.remark-result',
    { results: applied.results, ...(note ? { note } : {}) },
    { remark: 'decided' },
  );
  const names = await paperNames(campaign);
  await notifyQuietly(
    [
      {
        notificationId: `adm-${before.applicationId}-remark`,
        channel: 'app',
        recipientId: before.guardianId,
        template: 'admission-remark-decided',
        data: {
          child: before.child.fullName,
          results: Object.entries(applied.results)
            .map(([p, r]) => `${names.get(p) ?? p}: ${score(r.before)} → ${score(r.after)}`)
            .join('; '),
        },
      },
    ],
    'Admission re-marking notification',
  );
  return saved;
}

/** A page of a campaign's re-marking requests, waiting or decided, by application. */
export async function remarkRequests(
  campaignId: string,
  state: 'requested' | 'decided',
  limit: number,
  cursor?: string,
): Promise<{ items: ApplicationItem[]; cursor?: string }> {
  const entities = admissionEntities();
  const page = await entities.admissionRemark.query
    .byCampaign({ campaignId, state })
    .go({ limit, ...(cursor ? { cursor } : {}) });
  if (page.data.length === 0) return { items: [] };
  const { data } = await entities.admissionApplication
    .get(page.data.map((r) => ({ applicationId: r.applicationId })))
    .go({ concurrency: 1 });
  const byId = new Map((data as ApplicationItem[]).map((a) => [a.applicationId, a]));
  return {
    items: page.data.flatMap((r) => byId.get(r.applicationId) ?? []),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

/** Whether any request of the campaign still waits for its result (one item read). */
export async function remarkWaiting(campaignId: string): Promise<boolean> {
  const page = await admissionEntities()
    .admissionRemark.query.byCampaign({ campaignId, state: 'requested' })
    .go({ limit: 1 });
  return page.data.length > 0;
}

/** When the campaign's last re-marking result was entered (every decided request read: a few thousand at most). */
export async function lastRemarkDecision(campaignId: string): Promise<string | undefined> {
  const { data } = await admissionEntities()
    .admissionRemark.query.byCampaign({ campaignId, state: 'decided' })
    .go({ pages: 'all' });
  return data.reduce<string | undefined>(
    (last, r) => (r.decidedAt && (!last || r.decidedAt > last) ? r.decidedAt : last),
    undefined,
  );
}

/** Requests as the Department reads them: the candidate by number and name, papers by name. */
export async function presentRemarks(campaign: CampaignItem, items: ApplicationItem[]) {
  const names = await paperNames(campaign);
  const schools = await orgUnitNames(items.map((a) => a.schoolId));
  return items.map((a) => ({
    applicationId: a.applicationId,
    candidateNumber: a.exam?.candidateNumber ?? '',
    childName: a.child.fullName,
    schoolName: schools.get(a.schoolId) ?? a.schoolId,
    // Listed by its request: an application here always has one.
    ...remarkView(a.remark!, a.papers, (code) => names.get(code) ?? code),
    version: a.version,
  }));
}
