/**
 * Grade-10 allocation runs. The Department starts a run once the window has closed: with the
 * campaign's own quotas, or — a what-if — with other quotas for some programmes. A worker reads
 * the verified applications with their scores and the programmes, runs the pure allocation
 * (domain/allocation.ts) and writes every candidate's result (one JSON object in the reports
 * bucket) and the figures (on the run). Nothing changes for anyone until a run is adopted; until
 * the results are published another run may be adopted instead.
 */
import { randomUUID } from 'node:crypto';
import { eachLimited } from '#shared/async/each-limited.ts';
import { auditEntry } from '#shared/audit/entity.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import { cityTime } from '#shared/calendar/school-year.ts';
import { falseIfConditionFailed } from '#shared/db/errors.ts';
import type { Language } from '#shared/http/language.ts';
import { badRequest, conflict, fieldError, fieldProblem, notFound } from '#shared/http/problem.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { getObjectBytes, putObject } from '#shared/storage/s3.ts';
import { type CodedText, renderText } from '#shared/text/texts.ts';
import type { ApplicationItem } from './applications.ts';
import { type Actor, adoptRun, type CampaignItem, getCampaign, programmesOf } from './campaigns.ts';
import { type ApplicantResult, allocate, type ProgrammeResult, type Rejection } from './domain/allocation.ts';
import { baseScore, type Candidate, prepareAllocation } from './domain/campaign.ts';
import { REMARK_GRACE_MS, remarkAdoptionRefusal, scoresMayBeEntered } from './domain/remarking.ts';
import { eligibleForSecondRound, secondRoundPhase } from './domain/second-round.ts';
import { phaseOf, type RunState } from './domain/states.ts';
import { admissionText } from './domain/texts.ts';
import { admissionEntities } from './entities.ts';
import { ALLOCATION_PREFIX, ALLOCATION_QUEUE, allocationMessage } from './messages.ts';
import { lastRemarkDecision, remarkWaiting } from './remarking.ts';

export interface RunItem {
  runId: string;
  campaignId: string;
  /** 2: a second-round run. */
  round?: 2;
  quotas?: Record<string, number>;
  note?: string;
  seed: string;
  state: RunState;
  requestedBy: string;
  requestedByName: string;
  createdAt: string;
  finishedAt?: string;
  summary?: RunSummary;
  objectKey?: string;
  error?: string;
  adoptedAt?: string;
  adoptedBy?: string;
}

export interface RunSummary {
  candidates: number;
  disqualified: number;
  admitted: number;
  direct: number;
  byPreference: number[];
  millis: number;
  programmes: (Omit<ProgrammeResult, 'baseCutOff'> & { direct: number })[];
}

/** What the run's object holds per candidate (by application id). */
export interface CandidateResult extends ApplicantResult {
  points?: number;
  direct?: string;
  /** The papers the run was computed from (what a publication shows beside its points). */
  papers?: Record<string, number | 'absent'>;
}

export async function getRun(runId: string): Promise<RunItem> {
  const { data } = await admissionEntities().admissionAllocationRun.get({ runId }).go();
  if (!data) throw notFound(admissionText('no-run'));
  return data as RunItem;
}

export async function startRun(
  campaign: CampaignItem,
  input: { quotas?: Record<string, number>; note?: string; round?: 2 },
  actor: Actor & { fullName: string },
): Promise<RunItem> {
  if (campaign.grade !== 10 || !campaign.rules) throw badRequest(admissionText('not-grade-10'));
  const round = campaign.secondRound;
  if (input.round === 2) {
    if (!round) throw conflict(admissionText('no-second-round'));
    if (round.publishedAt) throw conflict(admissionText('second-round-published'));
    if (secondRoundPhase(round, new Date()) !== 'closed')
      throw conflict(admissionText('second-round-not-closed'));
  } else {
    if (campaign.state === 'published') throw conflict(admissionText('published-already'));
    const phase = phaseOf(campaign.state, campaign.timetable, new Date());
    if (phase !== 'closed')
      throw conflict(admissionText('still-accepting', { until: campaign.timetable.applyUntil }));
  }
  // A what-if names programmes of the round: the second round's are those with places left.
  const known = new Set(
    input.round === 2
      ? Object.keys(round!.places)
      : (await programmesOf(campaign.campaignId)).map((p) => p.programmeId),
  );
  for (const id of Object.keys(input.quotas ?? {}))
    if (!known.has(id))
      throw badRequest(admissionText('unknown-quota-programme'), [
        fieldError('body', `quotas.${id}`, admissionText('unknown-quota-programme')),
      ]);
  // The second round fills the places left, never more: a what-if may only take some away.
  if (input.round === 2)
    for (const [id, quota] of Object.entries(input.quotas ?? {}))
      if (quota > round!.places[id]!)
        throw fieldProblem(`quotas.${id}`, admissionText('over-places-left', { places: round!.places[id]! }));
  const runId = randomUUID();
  const item: RunItem = {
    runId,
    campaignId: campaign.campaignId,
    ...(input.round === 2 ? { round: 2 as const } : {}),
    ...(input.quotas && Object.keys(input.quotas).length ? { quotas: input.quotas } : {}),
    ...(input.note ? { note: input.note } : {}),
    // The lottery's seed (tie rule "lottery"): the campaign's secret one, so a what-if differs by its
    // quotas alone and nobody outside can compute a draw.
    seed: campaign.lotterySeed ?? campaign.campaignId,
    state: 'pending',
    requestedBy: actor.accountId,
    requestedByName: actor.fullName,
    createdAt: new Date().toISOString(),
  };
  await admissionEntities().admissionAllocationRun.create(item).go();
  await sendMessage(ALLOCATION_QUEUE, allocationMessage, { runId });
  return item;
}

export async function campaignRuns(campaignId: string, limit: number, cursor?: string) {
  const page = await admissionEntities()
    .admissionAllocationRun.query.byCampaign({ campaignId })
    .go({ limit, order: 'desc', ...(cursor ? { cursor } : {}) });
  return { items: page.data as RunItem[], cursor: page.cursor ?? undefined };
}

/** A run as the Department reads it: programmes by school name, best-known first. */
export async function presentRun(run: RunItem) {
  const summary = run.summary;
  const names = summary
    ? await orgUnitNames(summary.programmes.map((p) => p.programmeId.split(':')[0]!))
    : new Map();
  return {
    runId: run.runId,
    campaignId: run.campaignId,
    state: run.state,
    whatIf: Boolean(run.quotas),
    ...(run.round ? { round: run.round } : {}),
    ...(run.quotas ? { quotas: run.quotas } : {}),
    ...(run.note ? { note: run.note } : {}),
    requestedByName: run.requestedByName,
    createdAt: run.createdAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(run.adoptedAt ? { adoptedAt: run.adoptedAt } : {}),
    ...(run.error ? { error: run.error } : {}),
    ...(summary
      ? {
          summary: {
            ...summary,
            programmes: summary.programmes.map((p) => {
              const [schoolId, kind] = p.programmeId.split(':');
              return { ...p, schoolName: names.get(schoolId!) ?? schoolId!, kind: kind! };
            }),
          },
        }
      : {}),
  };
}

/** Every application of a campaign (the worker; one Query page after another). */
export async function campaignApplications(campaignId: string): Promise<ApplicationItem[]> {
  const { data } = await admissionEntities()
    .admissionApplication.query.byCampaign({ campaignId })
    .go({ pages: 'all' });
  return data as ApplicationItem[];
}

/** The worker's part: compute a pending run (a run done or failed is left as it is). */
export async function computeRun(runId: string): Promise<void> {
  const run = await getRun(runId);
  if (run.state !== 'pending') return;
  const campaign = await getCampaign(run.campaignId);
  const rules = campaign.rules!;
  const second = run.round === 2 ? campaign.secondRound : undefined;
  if (run.round === 2 && !second) throw new Error(`Run ${runId} is of a second round the campaign has not`);
  // The second round: programmes with places left, those places, no reserved places (the groups
  // had their round); candidates verified without a confirmed place who listed preferences.
  const programmes = second
    ? (await programmesOf(campaign.campaignId)).flatMap(({ reserved: _reserved, ...p }) =>
        second.places[p.programmeId] ? [{ ...p, quota: second.places[p.programmeId]! }] : [],
      )
    : await programmesOf(campaign.campaignId);
  const verified = (await campaignApplications(campaign.campaignId)).filter((a) =>
    second
      ? eligibleForSecondRound(a) && (a.secondRound?.preferences.length ?? 0) > 0
      : a.state === 'verified',
  );
  const candidates: Candidate[] = verified.map((a) => ({
    candidateId: a.applicationId,
    area: a.area ?? '',
    preferences: (second ? a.secondRound?.preferences : a.preferences) ?? [],
    papers: a.papers ?? {},
    ...(a.priorityGroup ? { priorityGroup: a.priorityGroup } : {}),
    // The group the school verified is the one its reserved places are for (campaigns.ts putProgramme).
    ...(a.priorityGroup && !second ? { categories: [a.priorityGroup] } : {}),
    // Direct admissions are the first round's: a second round's candidate has no place yet.
    ...(a.direct && !second ? { direct: a.direct.programmeId } : {}),
    // The child draws, not the application: withdrawing and applying again draws the same.
    drawKey: a.child.personalId,
  }));
  const started = performance.now();
  const prepared = prepareAllocation(rules, programmes, candidates, {
    seed: run.seed,
    ...(run.quotas ? { quotas: run.quotas } : {}),
  });
  const result = allocate(prepared.seats, prepared.applicants, prepared.rules);
  const millis = Math.round(performance.now() - started);
  const byCandidate = new Map(candidates.map((c) => [c.candidateId, c]));
  const results: Record<string, CandidateResult> = {};
  for (const r of result.applicants) {
    const c = byCandidate.get(r.applicantId)!;
    results[r.applicantId] = { ...r, points: baseScore(rules, c), papers: c.papers };
  }
  for (const d of prepared.direct)
    results[d.candidateId] = {
      applicantId: d.candidateId,
      admitted: { programmeId: d.programmeId, preference: 0 },
      preferences: [],
      direct: d.programmeId,
      ...(byCandidate.get(d.candidateId) ? { papers: byCandidate.get(d.candidateId)!.papers } : {}),
    };
  const directCount = (id: string) => prepared.direct.filter((d) => d.programmeId === id).length;
  const byPreference = rules.preferences.map(
    (_, k) => result.applicants.filter((a) => a.admitted?.preference === k + 1).length,
  );
  const summary: RunSummary = {
    candidates: candidates.length,
    disqualified: prepared.applicants.filter((a) => a.disqualified).length,
    admitted: result.applicants.filter((a) => a.admitted).length + prepared.direct.length,
    direct: prepared.direct.length,
    byPreference,
    millis,
    programmes: result.programmes.map(({ baseCutOff: _base, ...p }) => ({
      ...p,
      quota: p.quota + directCount(p.programmeId),
      admitted: p.admitted + directCount(p.programmeId),
      direct: directCount(p.programmeId),
    })),
  };
  // Each attempt its own object: the run names the one whose figures it keeps (a retry racing a
  // slow first attempt cannot pair one attempt's figures with the other's results).
  const objectKey = `${ALLOCATION_PREFIX}${campaign.campaignId}/${runId}/${randomUUID()}.json`;
  await putObject('reports', objectKey, JSON.stringify(results), 'application/json');
  await admissionEntities()
    .admissionAllocationRun.patch({ runId })
    .set({ state: 'done', summary, objectKey, finishedAt: new Date().toISOString() })
    .where((x, op) => op.eq(x.state, 'pending'))
    .go()
    // Done by a retry meanwhile: the same input gives the same result.
    .catch(falseIfConditionFailed);
}

/** A run that failed for good (its message's last delivery): said on the run, never left pending. */
export async function markRunFailed(runId: string, error: string): Promise<void> {
  await admissionEntities()
    .admissionAllocationRun.patch({ runId })
    .set({ state: 'failed', error: error.slice(0, 500), finishedAt: new Date().toISOString() })
    .where((x, op) => op.eq(x.state, 'pending'))
    .go()
    .catch(falseIfConditionFailed);
}

/** A run's per-candidate results, read from its object (a worker reads them once). */
export const readRunResults = (run: RunItem): Promise<Record<string, CandidateResult>> =>
  getObjectBytes('reports', run.objectKey!).then((bytes) => JSON.parse(new TextDecoder().decode(bytes)));

/** Runs' per-candidate results kept per container (a run's object never changes once written). */
export function runResultsCache(): (run: RunItem) => Promise<Record<string, CandidateResult>> {
  const cache = new Map<string, Promise<Record<string, CandidateResult>>>();
  return (run) => {
    let cached = cache.get(run.runId);
    if (!cached) {
      if (cache.size > 8) cache.clear();
      cached = readRunResults(run);
      cached.catch(() => cache.delete(run.runId));
      cache.set(run.runId, cached);
    }
    return cached;
  };
}

/** The API's cache of runs' results. */
export const runResults = runResultsCache();

/** Hundredths as the number people read (the catalogue formats it: 38,25 in Vietnamese). */
const points = (hundredths: number) => hundredths / 100;

/** A rejection as a sentence in the caller's language: "below the cut-off 38.25 at preference 1". */
function reasonOf(
  rejection: Rejection,
  preference: number,
  language: Language,
  subjects: Map<string, string>,
): string {
  const say = (code: Parameters<typeof admissionText>[0], params: Record<string, string | number> = {}) =>
    renderText(`admission.${code}`, params, language) ?? code;
  switch (rejection.code) {
    case 'below-cut-off':
      return say('reason-below-cut-off', {
        points: points(rejection.points),
        cutOff: points(rejection.cutOff),
        preference,
      });
    case 'lost-tie':
      return say(rejection.criterion === 'lottery' ? 'reason-lost-lottery' : 'reason-lost-secondary', {
        cutOff: points(rejection.cutOff),
        preference,
      });
    case 'disqualified':
      return rejection.disqualification.code === 'absent'
        ? say('reason-absent', {
            subject: subjects.get(rejection.disqualification.subject) ?? rejection.disqualification.subject,
          })
        : say('reason-paper-too-low', {
            subject: subjects.get(rejection.disqualification.subject) ?? rejection.disqualification.subject,
            score: points(rejection.disqualification.score),
          });
    case 'ineligible':
      return rejection.ineligibility.code === 'outside-area'
        ? say('reason-outside-area', { preference })
        : rejection.ineligibility.code === 'requirement-unmet'
          ? say('reason-requirement', { paper: rejection.ineligibility.requirement })
          : say('reason-closed');
    case 'no-places':
      return say('reason-no-places');
  }
}

export async function explain(run: RunItem, application: ApplicationItem, language: Language) {
  if (run.state !== 'done' || !run.objectKey) throw conflict(admissionText('run-not-done'));
  if (application.campaignId !== run.campaignId) throw notFound(admissionText('no-application'));
  const result = (await runResults(run))[application.applicationId];
  // Not a candidate of this run (not verified when it ran): nothing to explain.
  if (!result) throw notFound(admissionText('no-application'));
  const campaign = await getCampaign(run.campaignId);
  const ids = [...result.preferences.map((p) => p.programmeId), ...(result.direct ? [result.direct] : [])];
  const names = await orgUnitNames(ids.map((id) => id.split(':')[0]!));
  return {
    applicationId: application.applicationId,
    childName: application.child.fullName,
    ...explanationOf(result, subjectsOf(campaign), (id) => names.get(id.split(':')[0]!) ?? id, language),
  };
}

export const subjectsOf = (campaign: CampaignItem) =>
  new Map((campaign.rules?.subjects ?? []).map((x) => [x.code, x.name]));

/**
 * A candidate's result in words: points, a disqualification, a direct admission, and each
 * preference's outcome with the reason of a refusal (programme ids are `school:kind[:paper]`).
 */
export function explanationOf(
  result: CandidateResult,
  subjects: Map<string, string>,
  schoolName: (programmeId: string) => string,
  language: Language,
) {
  const disqualified = result.preferences.find(
    (p) => p.outcome === 'rejected' && p.rejection.code === 'disqualified',
  );
  return {
    ...(result.points !== undefined ? { points: result.points } : {}),
    ...(disqualified && disqualified.outcome === 'rejected'
      ? { disqualified: reasonOf(disqualified.rejection, disqualified.preference, language, subjects) }
      : {}),
    ...(result.direct ? { direct: schoolName(result.direct) } : {}),
    preferences: result.preferences.map((p) => ({
      programmeId: p.programmeId,
      schoolName: schoolName(p.programmeId),
      preference: p.preference,
      outcome: p.outcome,
      ...(p.outcome === 'admitted' ? { points: p.points, seat: p.seat } : {}),
      ...(p.outcome === 'rejected'
        ? { rejection: p.rejection, reason: reasonOf(p.rejection, p.preference, language, subjects) }
        : {}),
    })),
  };
}

export async function adopt(run: RunItem, expectedVersion: number, actor: Actor): Promise<CampaignItem> {
  const campaign = await getCampaign(run.campaignId);
  if (campaign.version !== expectedVersion) throw conflict(admissionText('campaign-changed'));
  if (run.round === 2) {
    if (campaign.secondRound?.publishedAt) throw conflict(admissionText('second-round-published'));
    if (run.state !== 'done') throw conflict(admissionText('run-not-done'));
    return adoptRun(
      campaign,
      run.runId,
      actor,
      { runId: run.runId, round: 2, whatIf: Boolean(run.quotas) },
      true,
    );
  }
  if (campaign.state === 'published') throw conflict(admissionText('published-already'));
  if (campaign.publication) throw conflict(admissionText('publication-scheduled'));
  if (run.state !== 'done') throw conflict(admissionText('run-not-done'));
  if (campaign.directChangedAt && run.createdAt <= campaign.directChangedAt)
    throw conflict(admissionText('run-before-direct'));
  // Every re-marking result counts: nothing adopted while requests may come or wait for a result,
  // and only a run computed after all of them.
  if (campaign.timetable.remarkUntil) {
    const waiting = await remarkWaiting(campaign.campaignId);
    const refusal = remarkAdoptionRefusal(
      campaign.timetable,
      new Date(),
      run.createdAt,
      waiting ? undefined : await lastRemarkDecision(campaign.campaignId),
      waiting,
    );
    if (refusal)
      throw conflict(
        admissionText(refusal, {
          until: cityTime(
            new Date(Date.parse(campaign.timetable.remarkUntil) + REMARK_GRACE_MS).toISOString(),
          ),
        }),
      );
  }
  return adoptRun(campaign, run.runId, actor, {
    runId: run.runId,
    whatIf: Boolean(run.quotas),
    ...(run.quotas ? { quotas: run.quotas } : {}),
  });
}

/** A score row refused: its reason (English) and the coded text to render in the reader's language. */
export interface RefusedScore {
  row: number;
  applicationId: string;
  reason: string;
  text: CodedText;
}
const refusal = (row: number, applicationId: string, text: CodedText): RefusedScore => ({
  row,
  applicationId,
  reason: text.message,
  text,
});

/**
 * The Department's score entry for a campaign (papers in hundredths or "absent", by application):
 * each application written on its own, conditionally on being this campaign's; one audit entry for
 * the batch. Answers what was refused, by row.
 */
export async function enterScores(
  campaign: CampaignItem,
  rows: { applicationId: string; papers: Record<string, number | 'absent'> }[],
  actor: Actor,
): Promise<{ saved: number; refused: RefusedScore[] }> {
  if (campaign.grade !== 10 || !campaign.rules) throw badRequest(admissionText('not-grade-10'));
  if (campaign.state === 'published') throw conflict(admissionText('published-already'));
  if (campaign.adoptedRunId) throw conflict(admissionText('allocation-adopted'));
  if (!scoresMayBeEntered(campaign.timetable, new Date())) throw conflict(admissionText('scores-announced'));
  const programmes = await programmesOf(campaign.campaignId);
  const codes = new Set([
    ...campaign.rules.subjects.map((s) => s.code),
    ...programmes.flatMap((p) => (p.paper ? [p.paper] : [])),
  ]);
  const refused: RefusedScore[] = [];
  const saved: string[] = [];
  // Rows written 16 at a time: a city's sheet is thousands of rows.
  await eachLimited(rows, 16, async (r, row) => {
    // A batch still running at the announcement: its rows after it are refused, not written.
    if (!scoresMayBeEntered(campaign.timetable, new Date())) {
      refused.push(refusal(row, r.applicationId, admissionText('scores-announced')));
      return;
    }
    const unknown = Object.keys(r.papers).find((c) => !codes.has(c));
    if (unknown) {
      refused.push(refusal(row, r.applicationId, admissionText('unknown-paper', { paper: unknown })));
      return;
    }
    const { data } = await admissionEntities()
      .admissionApplication.get({ applicationId: r.applicationId })
      .go();
    const before = data as ApplicationItem | null;
    if (!before || before.campaignId !== campaign.campaignId) {
      refused.push(refusal(row, r.applicationId, admissionText('no-application')));
      return;
    }
    // Written on the version read, as a new version, with its audit entry: a verification or
    // another batch meanwhile is not lost — the row is refused, to enter again.
    const school = (await orgTree()(before.schoolId)) ?? {
      orgUnitId: before.schoolId,
      lineage: [before.schoolId],
    };
    const papers = { ...before.papers, ...r.papers };
    // The same scores again (a sheet imported twice, a retried message): nothing to write.
    if (Object.entries(r.papers).every(([code, score]) => before.papers?.[code] === score)) {
      saved.push(r.applicationId);
      return;
    }
    const written = await admissionEntities()
      .service.transaction.write(({ admissionApplication, admissionCampaign, auditEntry: log }) => [
        // Adopted meanwhile (an import running while the Department adopts): the row is refused.
        admissionCampaign
          .check({ campaignId: campaign.campaignId })
          .where((x, op) => op.notExists(x.adoptedRunId))
          .commit(),
        admissionApplication
          .patch({ applicationId: r.applicationId })
          .set({ papers, updatedAt: new Date().toISOString() })
          .add({ version: 1 })
          // Under re-marking, a paper changes only by its result.
          .where((x, op) => `${op.eq(x.version, before.version)} AND ${op.notExists(x.remark)}`)
          .commit(),
        log
          .create(
            auditEntry({
              actorId: actor.accountId,
              action: 'admission-application.enter',
              targetType: 'admission-application',
              targetId: r.applicationId,
              orgUnit: school,
              requestId: actor.requestId,
              changes: { papers: r.papers },
            }),
          )
          .commit(),
      ])
      .go();
    if (!written.canceled) saved.push(r.applicationId);
    else refused.push(refusal(row, r.applicationId, admissionText('application-changed')));
  });
  refused.sort((a, b) => a.row - b.row);
  return { saved: saved.length, refused };
}
