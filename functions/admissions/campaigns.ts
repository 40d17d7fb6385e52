/**
 * Campaigns, grade-10 programmes and grade 1/6 catchments: the Department drafts a campaign
 * (timetable, rules), sets each school's programmes and places, communes set their catchments,
 * the Department opens it. Every change is audited in its own transaction; a change made from a
 * version someone else changed meanwhile is a 409.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import { cityTime } from '#shared/calendar/school-year.ts';
import { badRequest, conflict, fieldError, fieldProblem, notFound } from '#shared/http/problem.ts';
import { bothLanguages } from '#shared/text/texts.ts';
import { schoolLevels } from '../edu-data/index.ts';
import {
  type AdmissionGrade,
  type CatchmentSchool,
  checkCatchment,
  checkGrade10Rules,
  type Grade10Rules,
  type Programme,
  type ProgrammeKind,
  type RuleProblem,
  windowDays,
} from './domain/campaign.ts';
import {
  openRefusal,
  placesLeft,
  type SecondRound,
  secondRoundPhase,
  windowRefusal,
} from './domain/second-round.ts';
import { type CampaignState, phaseOf, type Timetable } from './domain/states.ts';
import { admissionText } from './domain/texts.ts';
import { admissionEntities } from './entities.ts';
import type { CampaignPublication } from './publication.ts';

type TextCode = Parameters<typeof admissionText>[0];

export interface CampaignItem {
  campaignId: string;
  schoolYear: string;
  grade: AdmissionGrade;
  name: string;
  state: CampaignState;
  timetable: Timetable;
  rules?: Grade10Rules;
  adoptedRunId?: string;
  /** The lottery's secret seed: never presented. */
  lotterySeed?: string;
  /** Grade 10's exam seating (exam-seating.ts). */
  seating?: unknown;
  /** The publication asked for (publication.ts; its secret and progress are on its own item). */
  publication?: CampaignPublication;
  /** The second round for places left (domain/second-round.ts). */
  secondRound?: SecondRound;
  /** When a direct admission last changed (a run computed before it is not adopted). */
  directChangedAt?: string;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface Actor {
  accountId: string;
  requestId: string;
}

/** Where campaign changes are audited: the Department. */
const department = (): OrgTarget => {
  const root = DEPARTMENT_ORG_UNIT_ID();
  return { orgUnitId: root, lineage: [root] };
};

const problemsToErrors = (problems: RuleProblem[], prefix = '') =>
  problems.map((p) => fieldError('body', `${prefix}${p.field}`, admissionText(p.code as TextCode, p.params)));

export function presentCampaign(c: CampaignItem, now = new Date()) {
  return {
    campaignId: c.campaignId,
    schoolYear: c.schoolYear,
    grade: c.grade,
    name: c.name,
    state: c.state,
    phase: phaseOf(c.state, c.timetable, now),
    timetable: c.timetable,
    ...(c.rules ? { rules: c.rules } : {}),
    ...(c.adoptedRunId ? { adoptedRunId: c.adoptedRunId } : {}),
    ...(c.publication ? { publication: c.publication } : {}),
    ...(c.secondRound
      ? { secondRound: { ...c.secondRound, phase: secondRoundPhase(c.secondRound, now) } }
      : {}),
    version: c.version,
    updatedAt: c.updatedAt,
  };
}

export async function getCampaign(campaignId: string): Promise<CampaignItem> {
  const { data } = await admissionEntities().admissionCampaign.get({ campaignId }).go();
  if (!data) throw notFound(admissionText('no-campaign'));
  return data as CampaignItem;
}

export async function listCampaigns(): Promise<CampaignItem[]> {
  const { data } = await admissionEntities()
    .admissionCampaign.query.all({ listing: 'campaigns' })
    .go({ pages: 'all', order: 'desc' });
  return data as CampaignItem[];
}

/** The window must end after it starts and share no day with another grade's of the same year. */
async function checkTimetable(schoolYear: string, grade: number, timetable: Timetable, campaignId?: string) {
  const from = Date.parse(timetable.applyFrom);
  const until = Date.parse(timetable.applyUntil);
  const refuse = (field: string, code: TextCode) =>
    badRequest(admissionText(code), [fieldError('body', field, admissionText(code))]);
  if (until <= from) throw refuse('timetable.applyUntil', 'window-order');
  if (until - from > 366 * 86_400_000) throw refuse('timetable.applyUntil', 'window-too-long');
  const publish = timetable.publishAt ? Date.parse(timetable.publishAt) : undefined;
  const confirm = timetable.confirmUntil ? Date.parse(timetable.confirmUntil) : undefined;
  if (publish !== undefined && publish < until)
    throw refuse('timetable.publishAt', 'publish-before-window-end');
  if (confirm !== undefined && confirm <= (publish ?? until))
    throw refuse('timetable.confirmUntil', 'publish-before-window-end');
  // Re-marking (grade 10): scores shown from one time, requests taken until another, both or neither.
  if (Boolean(timetable.scoresFrom) !== Boolean(timetable.remarkUntil))
    throw refuse(
      timetable.scoresFrom ? 'timetable.remarkUntil' : 'timetable.scoresFrom',
      'remark-times-both',
    );
  if (timetable.scoresFrom && timetable.remarkUntil) {
    const scores = Date.parse(timetable.scoresFrom);
    const remark = Date.parse(timetable.remarkUntil);
    if (scores < until) throw refuse('timetable.scoresFrom', 'scores-before-window-end');
    if (remark <= scores) throw refuse('timetable.remarkUntil', 'remark-order');
    if (publish !== undefined && publish < remark)
      throw refuse('timetable.publishAt', 'publish-before-remark-end');
  }
  const { data } = await admissionEntities()
    .admissionCampaign.query.all({ listing: 'campaigns' })
    .begins({ schoolYear })
    .go({ pages: 'all' });
  const days = new Set(windowDays(timetable.applyFrom, timetable.applyUntil));
  for (const other of data as CampaignItem[]) {
    if (other.campaignId === campaignId || other.grade === grade || other.schoolYear !== schoolYear) continue;
    const shared = windowDays(other.timetable.applyFrom, other.timetable.applyUntil).find((d) => days.has(d));
    if (shared) {
      const text = admissionText('window-shared-day', {
        grade: other.grade,
        day: shared.split('-').reverse().join('/'),
      });
      throw badRequest(text, [fieldError('body', 'timetable.applyFrom', text)]);
    }
  }
}

function checkRules(grade: number, rules: Grade10Rules | undefined) {
  if (grade !== 10) return;
  if (!rules)
    throw badRequest(admissionText('rules-needed'), [
      fieldError('body', 'rules', admissionText('rules-needed')),
    ]);
  const problems = checkGrade10Rules(rules);
  if (problems.length)
    throw badRequest(
      admissionText(problems[0]!.code as TextCode, problems[0]!.params),
      problemsToErrors(problems),
    );
}

export async function createCampaign(
  input: {
    schoolYear: string;
    grade: AdmissionGrade;
    name: string;
    timetable: Timetable;
    rules?: Grade10Rules;
  },
  actor: Actor,
): Promise<CampaignItem> {
  const [from, to] = input.schoolYear.split('-').map(Number);
  if (to !== from! + 1)
    throw badRequest(admissionText('school-year'), [
      fieldError('body', 'schoolYear', admissionText('school-year')),
    ]);
  checkRules(input.grade, input.rules);
  await checkTimetable(input.schoolYear, input.grade, input.timetable);
  const now = new Date().toISOString();
  const item: CampaignItem = {
    campaignId: randomUUID(),
    schoolYear: input.schoolYear,
    grade: input.grade,
    name: input.name,
    state: 'draft',
    timetable: input.timetable,
    ...(input.grade === 10 && input.rules ? { rules: input.rules, lotterySeed: randomUUID() } : {}),
    version: 1,
    createdBy: actor.accountId,
    createdAt: now,
    updatedAt: now,
  };
  const result = await admissionEntities()
    .service.transaction.write(({ admissionCampaign, admissionCampaignGuard, auditEntry: log }) => [
      admissionCampaignGuard
        .create({ schoolYear: item.schoolYear, grade: item.grade, campaignId: item.campaignId })
        .commit(),
      admissionCampaign.create({ ...item, listing: 'campaigns' }).commit(),
      log
        .create(
          campaignAudit(actor, 'admission-campaign.create', item, {
            grade: item.grade,
            schoolYear: item.schoolYear,
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled)
    throw conflict(admissionText('campaign-exists', { grade: item.grade, schoolYear: item.schoolYear }));
  return item;
}

export const campaignAudit = (
  actor: Actor,
  action: string,
  c: Pick<CampaignItem, 'campaignId'>,
  changes: Record<string, unknown>,
) =>
  auditEntry({
    actorId: actor.accountId,
    action,
    targetType: 'admission-campaign',
    targetId: c.campaignId,
    orgUnit: department(),
    requestId: actor.requestId,
    changes,
  });

/** Writes a campaign's next version, audited; someone else's change since `before` is a 409. */
export async function saveCampaign(
  before: CampaignItem,
  after: CampaignItem,
  actor: Actor,
  action: string,
  changes: Record<string, unknown>,
) {
  const next = { ...after, version: before.version + 1, updatedAt: new Date().toISOString() };
  const result = await admissionEntities()
    .service.transaction.write(({ admissionCampaign, auditEntry: log }) => [
      admissionCampaign
        .put({ ...next, listing: 'campaigns' })
        .where((x, op) => op.eq(x.version, before.version))
        .commit(),
      log.create(campaignAudit(actor, action, next, changes)).commit(),
    ])
    .go();
  if (result.canceled) throw conflict(admissionText('campaign-changed'));
  return next;
}

/**
 * Adopts a run: the campaign names it and the run says when and by whom, in one transaction with
 * the audit entry; the run adopted before, if any, no longer says it is.
 */
export async function adoptRun(
  before: CampaignItem,
  runId: string,
  actor: Actor,
  changes: Record<string, unknown>,
  /** A second round's run: the round names it, the first round's result stays. */
  secondRound = false,
) {
  const at = new Date().toISOString();
  const adopted = secondRound ? before.secondRound?.adoptedRunId : before.adoptedRunId;
  const next = secondRound
    ? {
        ...before,
        secondRound: { ...before.secondRound!, adoptedRunId: runId },
        version: before.version + 1,
        updatedAt: at,
      }
    : { ...before, adoptedRunId: runId, version: before.version + 1, updatedAt: at };
  const previous = adopted && adopted !== runId ? adopted : undefined;
  const result = await admissionEntities()
    .service.transaction.write(({ admissionCampaign, admissionAllocationRun, auditEntry: log }) => [
      admissionCampaign
        .put({ ...next, listing: 'campaigns' })
        .where((x, op) => op.eq(x.version, before.version))
        .commit(),
      admissionAllocationRun
        .patch({ runId })
        .set({ adoptedAt: at, adoptedBy: actor.accountId })
        .where((x, op) => op.eq(x.state, 'done'))
        .commit(),
      ...(previous
        ? [admissionAllocationRun.patch({ runId: previous }).remove(['adoptedAt', 'adoptedBy']).commit()]
        : []),
      log
        .create(
          campaignAudit(
            actor,
            secondRound ? 'admission-campaign.adopt-second-round' : 'admission-campaign.adopt',
            next,
            changes,
          ),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw conflict(admissionText('campaign-changed'));
  return next;
}

/**
 * Opens the second round once the first round's confirmation deadline has passed: its window, its
 * confirmation deadline, and each programme's places left (quota less confirmed), fixed now.
 */
export async function openSecondRound(
  before: CampaignItem,
  input: { expectedVersion: number; applyFrom: string; applyUntil: string; confirmUntil: string },
  actor: Actor & { fullName: string },
  now = new Date(),
): Promise<CampaignItem> {
  if (before.version !== input.expectedVersion) throw conflict(admissionText('campaign-changed'));
  if (before.grade !== 10) throw badRequest(admissionText('not-grade-10'));
  const places = placesLeft(await programmesOf(before.campaignId));
  const refusal = openRefusal(before, places, now);
  if (refusal)
    throw conflict(
      admissionText(refusal, { deadline: cityTime(before.timetable.confirmUntil ?? now.toISOString()) }),
    );
  const window = {
    applyFrom: input.applyFrom,
    applyUntil: input.applyUntil,
    confirmUntil: input.confirmUntil,
  };
  const wrong = windowRefusal(window);
  if (wrong)
    throw badRequest(admissionText(wrong.code), [fieldError('body', wrong.field, admissionText(wrong.code))]);
  const secondRound: SecondRound = {
    ...window,
    places,
    openedAt: now.toISOString(),
    openedByName: actor.fullName,
  };
  return saveCampaign(before, { ...before, secondRound }, actor, 'admission-campaign.open-second-round', {
    ...window,
    places,
  });
}

export async function updateCampaign(
  campaignId: string,
  input: { expectedVersion: number; name: string; timetable: Timetable; rules?: Grade10Rules },
  actor: Actor,
): Promise<CampaignItem> {
  const before = await getCampaign(campaignId);
  if (before.version !== input.expectedVersion) throw conflict(admissionText('campaign-changed'));
  if (before.state === 'published') throw conflict(admissionText('published-already'));
  if (before.publication) throw conflict(admissionText('publication-scheduled'));
  const rules = before.grade === 10 ? (input.rules ?? before.rules) : undefined;
  if (before.state !== 'draft' && JSON.stringify(rules) !== JSON.stringify(before.rules))
    throw conflict(admissionText('campaign-not-draft'));
  checkRules(before.grade, rules);
  await checkTimetable(before.schoolYear, before.grade, input.timetable, campaignId);
  // Once the scores are shown to families, the window and the announcement stay as they were: only
  // the end of re-marking requests may move (reopening the window, hiding the scores or reopening
  // their entry under a request would not be honest).
  const shown = before.timetable.scoresFrom;
  if (shown && Date.now() >= Date.parse(shown)) {
    const same = (a: string | undefined, b: string | undefined) =>
      a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b);
    const t = input.timetable;
    const b = before.timetable;
    if (
      !same(t.scoresFrom, b.scoresFrom) ||
      !same(t.applyFrom, b.applyFrom) ||
      !same(t.applyUntil, b.applyUntil) ||
      !t.remarkUntil
    )
      throw badRequest(admissionText('scores-announced-timetable'), [
        fieldError('body', 'timetable.scoresFrom', admissionText('scores-announced-timetable')),
      ]);
  }
  // Reopening the window would let applications change under an adopted result.
  if (before.adoptedRunId && phaseOf(before.state, input.timetable, new Date()) === 'accepting')
    throw conflict(admissionText('allocation-adopted'));
  const { rules: _old, ...rest } = before;
  return saveCampaign(
    before,
    { ...rest, name: input.name, timetable: input.timetable, ...(rules ? { rules } : {}) },
    actor,
    'admission-campaign.update',
    {
      name: input.name,
      timetable: input.timetable,
      rulesChanged: JSON.stringify(rules) !== JSON.stringify(before.rules),
    },
  );
}

export async function openCampaign(
  campaignId: string,
  expectedVersion: number,
  actor: Actor,
): Promise<CampaignItem> {
  const before = await getCampaign(campaignId);
  if (before.version !== expectedVersion) throw conflict(admissionText('campaign-changed'));
  if (before.state !== 'draft') throw conflict(admissionText('campaign-not-draft'));
  const ready =
    before.grade === 10
      ? (await programmesOf(campaignId)).some((p) => p.quota > 0)
      : (await admissionEntities().admissionCatchment.query.byCampaign({ campaignId }).go({ limit: 1 })).data
          .length > 0;
  if (!ready) {
    const missing = bothLanguages(admissionText(before.grade === 10 ? 'no-programmes' : 'no-catchments'));
    throw conflict(admissionText('nothing-to-open', { missing }));
  }
  return saveCampaign(before, { ...before, state: 'open' }, actor, 'admission-campaign.open', {});
}

// Grade 10's programmes

export interface ProgrammeItem extends Programme {
  campaignId: string;
  paperName?: string;
  confirmed?: number;
  updatedBy: string;
  updatedAt: string;
}

export async function programmesOf(campaignId: string): Promise<ProgrammeItem[]> {
  const { data } = await admissionEntities()
    .admissionProgramme.query.byCampaign({ campaignId })
    .go({ pages: 'all' });
  return data as ProgrammeItem[];
}

export const programmeIdOf = (schoolId: string, kind: ProgrammeKind, paper?: string) =>
  [schoolId, kind, ...(kind !== 'regular' && paper ? [paper] : [])].join(':');

/** Programmes as people read them: the school's name, the area's name. */
export async function presentProgrammes(campaign: CampaignItem, programmes: ProgrammeItem[]) {
  const names = await orgUnitNames(programmes.map((p) => p.schoolId));
  const areas = new Map((campaign.rules?.areas ?? []).map((a) => [a.code, a.name]));
  return programmes.map((p) => ({
    programmeId: p.programmeId,
    schoolId: p.schoolId,
    schoolName: names.get(p.schoolId) ?? p.schoolId,
    kind: p.kind,
    ...(p.paper ? { paper: p.paper } : {}),
    ...(p.paperName ? { paperName: p.paperName } : {}),
    ...(p.area ? { area: p.area, areaName: areas.get(p.area) ?? p.area } : {}),
    quota: p.quota,
    ...(p.reserved?.length ? { reserved: p.reserved } : {}),
    ...(campaign.state === 'published' ? { confirmed: p.confirmed ?? 0 } : {}),
  }));
}

/** A school must be a school; where its levels are known, one that teaches the grade. */
export async function checkSchool(schoolId: string, grade: number, field: string): Promise<OrgTarget> {
  const school = await orgTree()(schoolId);
  if (school?.kind !== 'school')
    throw badRequest(admissionText('not-a-school'), [
      fieldError('body', field, admissionText('not-a-school')),
    ]);
  const levels = (await schoolLevels([schoolId])).get(schoolId);
  const level = grade === 1 ? '02' : grade === 6 ? '03' : '04';
  if (levels && !levels.includes(level as never))
    throw badRequest(admissionText('wrong-school-level', { grade }), [
      fieldError('body', field, admissionText('wrong-school-level', { grade })),
    ]);
  return school;
}

/** How many candidates are admitted directly to one programme (a handful: one Query page). */
export async function directCount(campaignId: string, programmeId: string): Promise<number> {
  const { data } = await admissionEntities()
    .admissionDirect.query.byCampaign({ campaignId, programmeId })
    .go({ pages: 'all' });
  // The key's programme is matched as a prefix ("X:specialised:TIN" would take "…:TINHOC" too).
  return data.filter((d) => d.programmeId === programmeId).length;
}

export async function putProgramme(
  campaign: CampaignItem,
  input: Omit<Programme, 'programmeId'> & { paperName?: string },
  actor: Actor,
): Promise<ProgrammeItem> {
  if (campaign.grade !== 10 || !campaign.rules) throw badRequest(admissionText('not-grade-10'));
  if (campaign.state === 'published') throw conflict(admissionText('published-already'));
  const school = await checkSchool(input.schoolId, 10, 'schoolId');
  if (input.kind !== 'regular' && !input.paper)
    throw badRequest(admissionText('paper-needed'), [
      fieldError('body', 'paper', admissionText('paper-needed')),
    ]);
  if (input.area && !campaign.rules.areas.some((a) => a.code === input.area))
    throw badRequest(admissionText('unknown-area', { area: input.area }), [
      fieldError('body', 'area', admissionText('unknown-area', { area: input.area })),
    ]);
  if (campaign.adoptedRunId) throw conflict(admissionText('allocation-adopted'));
  if (new Set((input.reserved ?? []).map((r) => r.category)).size !== (input.reserved ?? []).length)
    throw badRequest(admissionText('duplicate-category'), [
      fieldError('body', 'reserved', admissionText('duplicate-category')),
    ]);
  if ((input.reserved ?? []).reduce((n, r) => n + r.places, 0) > input.quota)
    throw badRequest(admissionText('reserved-over-quota'), [
      fieldError('body', 'reserved', admissionText('reserved-over-quota')),
    ]);
  // Reserved places are a priority group's: the group the school verified on the application.
  if ((input.reserved ?? []).some((r) => !campaign.rules!.priorityGroups.some((g) => g.code === r.category)))
    throw fieldProblem('reserved', admissionText('unknown-category'));
  const programmeId = programmeIdOf(input.schoolId, input.kind, input.paper);
  const direct = await directCount(campaign.campaignId, programmeId);
  if (input.quota < direct)
    throw fieldProblem('quota', admissionText('quota-below-direct', { count: direct }));
  const item: ProgrammeItem = {
    campaignId: campaign.campaignId,
    programmeId,
    schoolId: input.schoolId,
    kind: input.kind,
    ...(input.kind !== 'regular' && input.paper ? { paper: input.paper } : {}),
    ...(input.kind !== 'regular' && input.paperName ? { paperName: input.paperName } : {}),
    ...(input.area ? { area: input.area } : {}),
    quota: input.quota,
    ...(input.reserved?.length ? { reserved: input.reserved } : {}),
    updatedBy: actor.accountId,
    updatedAt: new Date().toISOString(),
  };
  await admissionEntities()
    .service.transaction.write(({ admissionProgramme, auditEntry: log }) => [
      admissionProgramme.put(item).commit(),
      log
        .create(
          auditEntry({
            actorId: actor.accountId,
            action: 'admission-programme.set',
            targetType: 'admission-campaign',
            targetId: campaign.campaignId,
            orgUnit: school,
            requestId: actor.requestId,
            changes: { programmeId: item.programmeId, quota: item.quota, reserved: item.reserved ?? [] },
          }),
        )
        .commit(),
    ])
    .go();
  return item;
}

// Grades 1 and 6: catchments

export interface CatchmentItem {
  campaignId: string;
  communeId: string;
  schools: CatchmentSchool[];
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export async function getCatchment(
  campaignId: string,
  communeId: string,
): Promise<CatchmentItem | undefined> {
  const { data } = await admissionEntities().admissionCatchment.get({ campaignId, communeId }).go();
  return (data as CatchmentItem | null) ?? undefined;
}

/**
 * A school's applications in a campaign not withdrawn: what its places are weighed against (a
 * school's few hundred, by its own index; the catchment's answer is cached a minute at the edge).
 */
async function liveApplications(campaignId: string, schoolId: string): Promise<number> {
  const { data } = await admissionEntities()
    .admissionApplication.query.bySchool({ campaignId, schoolId })
    .go({ pages: 'all', attributes: ['state'] });
  return data.filter((a) => a.state !== 'withdrawn').length;
}

export async function presentCatchment(
  campaignId: string,
  commune: OrgTarget,
  item: CatchmentItem | undefined,
) {
  const schools = item?.schools ?? [];
  const [names, counts] = await Promise.all([
    orgUnitNames([commune.orgUnitId, ...schools.map((s) => s.schoolId)]),
    Promise.all(schools.map((s) => liveApplications(campaignId, s.schoolId))),
  ]);
  return {
    campaignId,
    communeId: commune.orgUnitId,
    communeName: names.get(commune.orgUnitId) ?? commune.orgUnitId,
    schools: schools.map((s, i) => ({
      ...s,
      schoolName: names.get(s.schoolId) ?? s.schoolId,
      applications: counts[i]!,
    })),
    version: item?.version ?? 0,
    ...(item ? { updatedAt: item.updatedAt } : {}),
  };
}

export async function putCatchment(
  campaign: CampaignItem,
  commune: OrgTarget,
  input: { expectedVersion: number; schools: CatchmentSchool[] },
  actor: Actor,
): Promise<CatchmentItem> {
  if (campaign.grade === 10) throw badRequest(admissionText('not-catchment-grade'));
  if (campaign.state === 'published') throw conflict(admissionText('published-already'));
  const problems = checkCatchment(input.schools);
  if (problems.length)
    throw badRequest(
      admissionText(problems[0]!.code as TextCode, problems[0]!.params),
      problemsToErrors(problems),
    );
  for (const [i, s] of input.schools.entries()) {
    const school = await checkSchool(s.schoolId, campaign.grade, `schools.${i}.schoolId`);
    if (!school.lineage.includes(commune.orgUnitId))
      throw badRequest(admissionText('school-outside-commune'), [
        fieldError('body', `schools.${i}.schoolId`, admissionText('school-outside-commune')),
      ]);
  }
  const before = await getCatchment(campaign.campaignId, commune.orgUnitId);
  if ((before?.version ?? 0) !== input.expectedVersion) throw conflict(admissionText('campaign-changed'));
  const item: CatchmentItem = {
    campaignId: campaign.campaignId,
    communeId: commune.orgUnitId,
    schools: input.schools.map((s) => ({
      schoolId: s.schoolId,
      places: s.places,
      areas: s.areas.map((a) => a.trim()),
    })),
    version: input.expectedVersion + 1,
    updatedBy: actor.accountId,
    updatedAt: new Date().toISOString(),
  };
  const result = await admissionEntities()
    .service.transaction.write(({ admissionCatchment, auditEntry: log }) => [
      before
        ? admissionCatchment
            .put(item)
            .where((x, op) => op.eq(x.version, before.version))
            .commit()
        : admissionCatchment.create(item).commit(),
      log
        .create(
          auditEntry({
            actorId: actor.accountId,
            action: 'admission-catchment.set',
            targetType: 'admission-campaign',
            targetId: campaign.campaignId,
            orgUnit: commune,
            requestId: actor.requestId,
            changes: { schools: item.schools },
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw conflict(admissionText('campaign-changed'));
  return item;
}
