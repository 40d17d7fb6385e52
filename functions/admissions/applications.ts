/**
 * Applications: a guardian signed in with VNeID at identity level 2 applies for a child by the
 * child's personal ID. The national population database (population.ts) must list the guardian's
 * own verified personal ID among the child's parents or guardians — otherwise the answer is the
 * same as for an ID it does not know, so nobody learns who lives where by trying IDs. The child's
 * name, birth date, gender and residence come from it; grade 10's lower-secondary school and
 * class from the education database. Grades 1 and 6 are registered at the catchment school of the
 * child's residential area; grade 10 lists ranked programmes under the campaign's rules.
 *
 * The guardian edits or withdraws it while the window is open; the school verifies it or returns
 * it with a note. Every change is audited in its own transaction, at the verifying school.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import type { SignIn } from '#shared/auth/sign-in.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import { cityTime } from '#shared/calendar/school-year.ts';
import { cancellationCodes } from '#shared/db/errors.ts';
import { badRequest, conflict, fieldError, fieldProblem, forbidden, notFound } from '#shared/http/problem.ts';
import { classNames, learnerByPersonalId } from '../edu-data/index.ts';
import { notifyQuietly } from '../notifications/messages.ts';
import {
  type Actor,
  type CampaignItem,
  getCampaign,
  getCatchment,
  type ProgrammeItem,
  programmesOf,
} from './campaigns.ts';
import { areaOfCommune, catchmentSchool, type Grade10Rules } from './domain/campaign.ts';
import { type RemarkRequest, remarkView, remarkWindow, scoresShown } from './domain/remarking.ts';
import { newResultToken } from './domain/sealed-result.ts';
import { eligibleForSecondRound, type SecondRoundChoice, secondRoundPhase } from './domain/second-round.ts';
import { type ApplicationState, guardianMayChange, phaseOf, schoolMayDecide } from './domain/states.ts';
import { admissionText } from './domain/texts.ts';
import { admissionEntities } from './entities.ts';
import { type PopulationAnswer, populationRegistry, type Residence } from './population.ts';

export interface ApplicationItem {
  applicationId: string;
  campaignId: string;
  grade: number;
  guardianId: string;
  guardianPersonalId: string;
  guardianName: string;
  relation: string;
  phone?: string;
  child: {
    personalId: string;
    fullName: string;
    dateOfBirth: string;
    gender: 'male' | 'female';
    currentSchoolId?: string;
    classId?: string;
  };
  learnerId?: string;
  residence: Residence;
  schoolId: string;
  preferences?: string[];
  priorityGroup?: string;
  area?: string;
  papers?: Record<string, number | 'absent'>;
  exam?: { candidateNumber: string; councilId: string; room: number; seat: number };
  /** The family's result token (publication.ts): shown to the guardian alone. */
  resultToken?: string;
  /** The adopted run's outcome, written when the publication is prepared; shown once published. */
  outcome?: {
    runId: string;
    admitted: boolean;
    programmeId?: string;
    preference?: number;
    /** Admitted directly (tuyển thẳng), not by a preference. */
    direct?: boolean;
    /** The publication (its request's time) whose sealed result was written with it. */
    sealedFor?: string;
  };
  confirmation?: { at: string; programmeId: string; round?: 2 };
  /** Grade 10: the re-marking asked for and its result. */
  remark?: RemarkRequest;
  /** Grade 10: the second round's preferences and, once published, its outcome. */
  secondRound?: SecondRoundChoice;
  /** Admitted directly (tuyển thẳng) by the Department, before the allocation. */
  direct?: { programmeId: string; basis: string; at: string; byName: string };
  state: ApplicationState;
  verification?: { decision: 'verify' | 'return'; note?: string; by: string; byName: string; at: string };
  history: { action: string; at: string; by: string; byName: string; note?: string }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface Choices {
  preferences?: string[];
  priorityGroup?: string;
  phone?: string;
}

/** The window must be open now. */
function checkWindow(campaign: CampaignItem, now = new Date()) {
  const phase = phaseOf(campaign.state, campaign.timetable, now);
  if (phase === 'draft' || phase === 'published') throw conflict(admissionText('campaign-not-open'));
  if (phase !== 'accepting')
    throw conflict(
      admissionText('window-closed', {
        from: cityTime(campaign.timetable.applyFrom),
        until: cityTime(campaign.timetable.applyUntil),
      }),
    );
}

/** The guardian's own personal ID as VNeID vouches for it at level 2 on this request's token. */
function verifiedGuardian(signIn: SignIn | undefined): string {
  const personalId =
    signIn?.kind === 'vneid' && signIn.identityLevel === 2 ? signIn.citizen?.personalId : undefined;
  if (!personalId) throw forbidden(admissionText('level-2-needed'));
  return personalId;
}

/** Grade 10's choices against the rules: how many, each once, each a programme, each preference's area rule. */
async function checkChoices(campaign: CampaignItem, area: string | undefined, choices: Choices) {
  if (campaign.grade !== 10 || !campaign.rules) return;
  const rules: Grade10Rules = campaign.rules;
  const preferences = choices.preferences ?? [];
  if (preferences.length === 0) throw fieldProblem('preferences', admissionText('preferences-needed'));
  if (preferences.length > rules.preferences.length)
    throw fieldProblem(
      'preferences',
      admissionText('too-many-preferences', { count: rules.preferences.length }),
    );
  if (new Set(preferences).size !== preferences.length)
    throw fieldProblem('preferences', admissionText('preference-twice'));
  const programmes = new Map((await programmesOf(campaign.campaignId)).map((p) => [p.programmeId, p]));
  for (const [i, id] of preferences.entries()) {
    const programme = programmes.get(id);
    if (!programme) throw fieldProblem(`preferences.${i}`, admissionText('unknown-programme'));
    if (rules.preferences[i]!.area === 'own' && programme.area !== area) {
      const areaName = rules.areas.find((a) => a.code === area)?.name ?? area ?? '—';
      throw fieldProblem(
        `preferences.${i}`,
        admissionText('preference-outside-area', { preference: i + 1, area: areaName }),
      );
    }
  }
  if (choices.priorityGroup && !rules.priorityGroups.some((g) => g.code === choices.priorityGroup))
    throw fieldProblem('priorityGroup', admissionText('unknown-priority-group'));
}

/** The child as the population database has them, if it lists this guardian; otherwise nothing. */
async function childOfGuardian(childPersonalId: string, guardianPersonalId: string) {
  const child = await populationRegistry().find(childPersonalId);
  const relation = child?.guardians.find((g) => g.personalId === guardianPersonalId)?.relation;
  if (!child || !relation) throw fieldProblem('childPersonalId', admissionText('child-unknown'));
  return { child, relation };
}

/** Where the application goes: the catchment school (grades 1 and 6), the lower-secondary school (10). */
async function placeOf(campaign: CampaignItem, child: PopulationAnswer) {
  const commune = await orgTree()(child.residence.communeId);
  if (!commune) throw fieldProblem('childPersonalId', admissionText('outside-city'));
  const learner = await learnerByPersonalId(child.personalId);
  if (campaign.grade === 1) {
    const born = Number(child.dateOfBirth.slice(0, 4));
    const expected = Number(campaign.schoolYear.slice(0, 4));
    if (expected - born !== 6)
      throw fieldProblem(
        'childPersonalId',
        // Years as written, not as numbers ("2.019").
        admissionText('wrong-age', { year: String(born), grade: 1, expected: String(born + 6) }),
      );
  }
  if (campaign.grade === 10) {
    if (learner?.grade !== 9 || !learner)
      throw fieldProblem('childPersonalId', admissionText('not-in-grade', { grade: 9 }));
    const area =
      areaOfCommune(campaign.rules!, child.residence.communeId) ??
      areaOfCommune(campaign.rules!, (await orgTree()(learner.schoolId))?.lineage.at(-2) ?? '');
    return { schoolId: learner.schoolId, learner, ...(area ? { area } : {}) };
  }
  const catchment = await getCatchment(campaign.campaignId, commune.orgUnitId);
  const school = catchment && catchmentSchool(catchment.schools, child.residence.area);
  if (!school)
    throw fieldProblem('childPersonalId', admissionText('no-catchment', { area: child.residence.area }));
  return { schoolId: school.schoolId, ...(learner ? { learner } : {}) };
}

async function schoolTarget(schoolId: string): Promise<OrgTarget> {
  return (await orgTree()(schoolId)) ?? { orgUnitId: schoolId, lineage: [schoolId] };
}

const auditOf = (
  actor: Actor,
  action: string,
  a: ApplicationItem,
  school: OrgTarget,
  changes: Record<string, unknown>,
) =>
  auditEntry({
    actorId: actor.accountId,
    action,
    targetType: 'admission-application',
    targetId: a.applicationId,
    orgUnit: school,
    requestId: actor.requestId,
    changes,
  });

export async function apply(
  principal: LoadedPrincipal,
  signIn: SignIn | undefined,
  input: Choices & { campaignId: string; childPersonalId: string },
  requestId: string,
): Promise<ApplicationItem> {
  const guardianPersonalId = verifiedGuardian(signIn);
  const campaign = await getCampaign(input.campaignId);
  checkWindow(campaign);
  const { child, relation } = await childOfGuardian(input.childPersonalId, guardianPersonalId);
  const place = await placeOf(campaign, child);
  const area = 'area' in place ? place.area : undefined;
  await checkChoices(campaign, area, input);
  const now = new Date().toISOString();
  const guardianName = signIn?.name ?? principal.displayName ?? 'Phụ huynh';
  const item: ApplicationItem = {
    applicationId: randomUUID(),
    campaignId: campaign.campaignId,
    grade: campaign.grade,
    guardianId: principal.sub,
    guardianPersonalId,
    guardianName,
    relation,
    ...(input.phone ? { phone: input.phone } : {}),
    child: {
      personalId: child.personalId,
      fullName: child.fullName,
      dateOfBirth: child.dateOfBirth,
      gender: child.gender,
      ...(place.learner ? { currentSchoolId: place.learner.schoolId } : {}),
      ...(place.learner?.classId ? { classId: place.learner.classId } : {}),
    },
    ...(place.learner ? { learnerId: place.learner.recordId } : {}),
    residence: child.residence,
    schoolId: place.schoolId,
    ...(campaign.grade === 10 ? { preferences: input.preferences ?? [] } : {}),
    ...(input.priorityGroup && campaign.grade === 10 ? { priorityGroup: input.priorityGroup } : {}),
    ...(area ? { area } : {}),
    resultToken: newResultToken(),
    state: 'submitted',
    history: [{ action: 'submitted', at: now, by: principal.sub, byName: guardianName }],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const school = await schoolTarget(item.schoolId);
  const actor = { accountId: principal.sub, requestId };
  const result = await admissionEntities()
    .service.transaction.write(({ admissionApplication, admissionApplicationGuard, auditEntry: log }) => [
      admissionApplicationGuard
        .create({
          campaignId: item.campaignId,
          childPersonalId: child.personalId,
          applicationId: item.applicationId,
        })
        .commit(),
      admissionApplication.create(item).commit(),
      log
        .create(
          auditOf(actor, 'admission-application.submit', item, school, {
            preferences: item.preferences ?? [],
            ...(item.priorityGroup ? { priorityGroup: item.priorityGroup } : {}),
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw conflict(admissionText('already-applied'));
  return item;
}

export async function getApplication(applicationId: string): Promise<ApplicationItem | undefined> {
  const { data } = await admissionEntities().admissionApplication.get({ applicationId }).go();
  return (data as ApplicationItem | null) ?? undefined;
}

/** The guardian's own application; anyone else's looks like none. */
export async function ownApplication(
  principal: LoadedPrincipal,
  applicationId: string,
): Promise<ApplicationItem> {
  const item = await getApplication(applicationId);
  if (!item || item.guardianId !== principal.sub) throw notFound(admissionText('no-application'));
  return item;
}

/** Writes an application's next version with its audit entry; a change since `before` is a 409. */
export async function save(
  before: ApplicationItem,
  after: ApplicationItem,
  actor: Actor,
  action: string,
  changes: Record<string, unknown>,
  options: {
    /** A withdrawal frees the child to apply again. */
    releaseGuard?: boolean;
    /** A confirmation: counted at this programme, in the same transaction. */
    confirmedProgramme?: string;
    /** Re-marking: its request listed (asked) or moved to the decided (decided), the campaign not adopted. */
    remark?: 'asked' | 'decided';
    /** A direct admission set, moved or taken away: its listing moved, the campaign not adopted. */
    direct?: { from?: string; to?: string };
  } = {},
) {
  const { releaseGuard = false, confirmedProgramme, remark, direct } = options;
  const next = { ...after, version: before.version + 1, updatedAt: new Date().toISOString() };
  const school = await schoolTarget(next.schoolId);
  const write = () =>
    admissionEntities()
      .service.transaction.write(
        ({
          admissionApplication,
          admissionApplicationGuard,
          admissionProgramme,
          admissionCampaign,
          admissionRemark,
          admissionDirect,
          auditEntry: log,
        }) => [
          admissionApplication
            .put(next)
            .where((x, op) => op.eq(x.version, before.version))
            .commit(),
          ...(releaseGuard
            ? [
                admissionApplicationGuard
                  .delete({ campaignId: next.campaignId, childPersonalId: next.child.personalId })
                  .where((x, op) => op.eq(x.applicationId, next.applicationId))
                  .commit(),
              ]
            : []),
          ...(confirmedProgramme
            ? [
                admissionProgramme
                  .update({ campaignId: next.campaignId, programmeId: confirmedProgramme })
                  .add({ confirmed: 1 })
                  .where((x, op) => op.exists(x.quota))
                  .commit(),
              ]
            : []),
          // A result adopted meanwhile was computed without this: refused, never lost. A direct
          // admission's change is also marked on the campaign: a run from before it is not adopted.
          ...(remark
            ? [
                admissionCampaign
                  .check({ campaignId: next.campaignId })
                  .where((x, op) => op.notExists(x.adoptedRunId))
                  .commit(),
              ]
            : []),
          ...(direct
            ? [
                admissionCampaign
                  .patch({ campaignId: next.campaignId })
                  .set({ directChangedAt: next.updatedAt })
                  .where((x, op) => op.notExists(x.adoptedRunId))
                  .commit(),
              ]
            : []),
          ...(direct?.from
            ? [
                admissionDirect
                  .delete({
                    campaignId: next.campaignId,
                    programmeId: direct.from,
                    applicationId: next.applicationId,
                  })
                  .commit(),
              ]
            : []),
          ...(direct?.to
            ? [
                admissionDirect
                  .put({
                    campaignId: next.campaignId,
                    programmeId: direct.to,
                    applicationId: next.applicationId,
                  })
                  .commit(),
              ]
            : []),
          ...(remark
            ? [
                ...(remark === 'decided'
                  ? [
                      admissionRemark
                        .delete({
                          campaignId: next.campaignId,
                          state: 'requested',
                          applicationId: next.applicationId,
                        })
                        .commit(),
                    ]
                  : []),
                admissionRemark
                  .create({
                    campaignId: next.campaignId,
                    state: remark === 'asked' ? 'requested' : 'decided',
                    applicationId: next.applicationId,
                    requestedAt: next.remark!.requestedAt,
                    ...(next.remark?.decidedAt ? { decidedAt: next.remark.decidedAt } : {}),
                  })
                  .commit(),
              ]
            : []),
          log.create(auditOf(actor, action, next, school, changes)).commit(),
        ],
      )
      .go();
  // Only a refused condition is a change since `before`: a conflict with another transaction (the
  // confirmations of one programme, counted on its item, at the same moment) is tried again.
  for (let attempt = 0; ; attempt++) {
    const result = await write();
    if (!result.canceled) return next;
    const codes = cancellationCodes(result);
    // The campaign's check (re-marking, a direct admission) comes after the application and its options' items.
    const campaignCheck = 1 + (releaseGuard ? 1 : 0) + (confirmedProgramme ? 1 : 0);
    if ((remark || direct) && codes[campaignCheck] === 'ConditionalCheckFailed')
      throw conflict(admissionText('allocation-adopted'));
    if (!codes.includes('TransactionConflict') || codes.includes('ConditionalCheckFailed') || attempt === 5)
      throw conflict(admissionText('application-changed'));
    await new Promise((r) => setTimeout(r, 25 * 2 ** attempt * (0.5 + Math.random())));
  }
}

export async function updateOwn(
  principal: LoadedPrincipal,
  signIn: SignIn | undefined,
  applicationId: string,
  input: Choices & { expectedVersion: number },
  requestId: string,
): Promise<ApplicationItem> {
  verifiedGuardian(signIn);
  const before = await ownApplication(principal, applicationId);
  if (before.version !== input.expectedVersion) throw conflict(admissionText('application-changed'));
  const campaign = await getCampaign(before.campaignId);
  const refusal = guardianMayChange(phaseOf(campaign.state, campaign.timetable, new Date()), before.state);
  if (refusal === 'withdrawn') throw conflict(admissionText('application-withdrawn'));
  if (refusal) checkWindow(campaign);
  await checkChoices(campaign, before.area, input);
  const now = new Date().toISOString();
  const { phone: _phone, priorityGroup: _group, verification: _verification, ...rest } = before;
  const after: ApplicationItem = {
    ...rest,
    ...(input.phone ? { phone: input.phone } : {}),
    ...(campaign.grade === 10 ? { preferences: input.preferences ?? [] } : {}),
    ...(input.priorityGroup && campaign.grade === 10 ? { priorityGroup: input.priorityGroup } : {}),
    // An edit goes back to the school to verify.
    state: 'submitted',
    history: [
      ...before.history,
      { action: 'edited', at: now, by: principal.sub, byName: before.guardianName },
    ],
  };
  return save(before, after, { accountId: principal.sub, requestId }, 'admission-application.update', {
    preferences: after.preferences ?? [],
    ...(after.priorityGroup ? { priorityGroup: after.priorityGroup } : {}),
  });
}

export async function withdrawOwn(
  principal: LoadedPrincipal,
  signIn: SignIn | undefined,
  applicationId: string,
  expectedVersion: number,
  requestId: string,
): Promise<ApplicationItem> {
  verifiedGuardian(signIn);
  const before = await ownApplication(principal, applicationId);
  if (before.version !== expectedVersion) throw conflict(admissionText('application-changed'));
  const campaign = await getCampaign(before.campaignId);
  const refusal = guardianMayChange(phaseOf(campaign.state, campaign.timetable, new Date()), before.state);
  if (refusal === 'withdrawn') throw conflict(admissionText('application-withdrawn'));
  if (refusal) checkWindow(campaign);
  const now = new Date().toISOString();
  // A direct admission goes with the application: its place is free again.
  const { direct, ...rest } = before;
  return save(
    before,
    {
      ...rest,
      state: 'withdrawn',
      history: [
        ...before.history,
        { action: 'withdrawn', at: now, by: principal.sub, byName: before.guardianName },
      ],
    },
    { accountId: principal.sub, requestId },
    'admission-application.withdraw',
    {},
    { releaseGuard: true, ...(direct ? { direct: { from: direct.programmeId } } : {}) },
  );
}

/**
 * The guardian confirms the child's enrolment where the published result admitted them, by the
 * campaign's deadline; once, audited.
 */
export async function confirmOwn(
  principal: LoadedPrincipal,
  signIn: SignIn | undefined,
  applicationId: string,
  expectedVersion: number,
  requestId: string,
  now = new Date(),
): Promise<ApplicationItem> {
  verifiedGuardian(signIn);
  const before = await ownApplication(principal, applicationId);
  if (before.version !== expectedVersion) throw conflict(admissionText('application-changed'));
  const campaign = await getCampaign(before.campaignId);
  if (campaign.state !== 'published') throw conflict(admissionText('not-published'));
  if (before.confirmation) throw conflict(admissionText('confirmed-already'));
  // A place of the second round, once published, is confirmed by its own deadline.
  const second = campaign.secondRound?.publishedAt ? before.secondRound?.outcome : undefined;
  const place = second?.admitted ? second : before.outcome;
  if (!place?.admitted || !place.programmeId) throw conflict(admissionText('nothing-to-confirm'));
  const deadline = second?.admitted ? campaign.secondRound!.confirmUntil : campaign.timetable.confirmUntil;
  if (deadline && now.getTime() > Date.parse(deadline))
    throw conflict(admissionText('confirm-closed', { deadline: cityTime(deadline) }));
  const at = now.toISOString();
  return save(
    before,
    {
      ...before,
      confirmation: {
        at,
        programmeId: place.programmeId,
        ...(second?.admitted ? { round: 2 as const } : {}),
      },
      history: [
        ...before.history,
        { action: 'confirmed', at, by: principal.sub, byName: before.guardianName },
      ],
    },
    { accountId: principal.sub, requestId },
    'admission-application.confirm',
    { programmeId: place.programmeId, ...(second?.admitted ? { round: 2 } : {}) },
    { confirmedProgramme: place.programmeId },
  );
}

/**
 * The guardian lists second-round preferences (VNeID level 2, own, in the round's window): each a
 * programme with places left, under the same per-preference rules; again until the window closes.
 */
export async function chooseSecondRound(
  principal: LoadedPrincipal,
  signIn: SignIn | undefined,
  applicationId: string,
  input: { expectedVersion: number; preferences: string[] },
  requestId: string,
  now = new Date(),
): Promise<ApplicationItem> {
  verifiedGuardian(signIn);
  const before = await ownApplication(principal, applicationId);
  if (before.version !== input.expectedVersion) throw conflict(admissionText('application-changed'));
  const campaign = await getCampaign(before.campaignId);
  const round = campaign.secondRound;
  if (!round) throw conflict(admissionText('no-second-round'));
  if (secondRoundPhase(round, now) !== 'accepting')
    throw conflict(
      admissionText('second-round-closed', {
        from: cityTime(round.applyFrom),
        until: cityTime(round.applyUntil),
      }),
    );
  if (!eligibleForSecondRound(before)) throw conflict(admissionText('second-round-not-eligible'));
  await checkChoices(campaign, before.area, { preferences: input.preferences });
  for (const [i, id] of input.preferences.entries())
    if (!round.places[id]) throw fieldProblem(`preferences.${i}`, admissionText('second-round-no-places'));
  const at = now.toISOString();
  return save(
    before,
    {
      ...before,
      secondRound: { preferences: input.preferences, at },
      history: [
        ...before.history,
        { action: 'second-round', at, by: principal.sub, byName: before.guardianName },
      ],
    },
    { accountId: principal.sub, requestId },
    'admission-application.second-round',
    { preferences: input.preferences },
  );
}

export async function decide(
  item: ApplicationItem,
  input: { decision: 'verify' | 'return'; note?: string; expectedVersion: number },
  actor: Actor & { fullName: string },
): Promise<ApplicationItem> {
  if (item.version !== input.expectedVersion) throw conflict(admissionText('application-changed'));
  if (schoolMayDecide(item.state, input.decision)) throw conflict(admissionText('not-submitted'));
  const campaign = await getCampaign(item.campaignId);
  if (campaign.state === 'published') throw conflict(admissionText('published-already'));
  if (campaign.adoptedRunId) throw conflict(admissionText('allocation-adopted'));
  // A return asks the family to correct it: only while they still can.
  if (input.decision === 'return' && phaseOf(campaign.state, campaign.timetable, new Date()) !== 'accepting')
    throw conflict(admissionText('return-after-window'));
  if (input.decision === 'return' && !input.note?.trim())
    throw fieldProblem('note', admissionText('note-needed'));
  const now = new Date().toISOString();
  const note = input.note?.trim();
  const saved = await save(
    item,
    {
      ...item,
      state: input.decision === 'verify' ? 'verified' : 'returned',
      verification: {
        decision: input.decision,
        ...(note ? { note } : {}),
        by: actor.accountId,
        byName: actor.fullName,
        at: now,
      },
      history: [
        ...item.history,
        {
          action: input.decision === 'verify' ? 'verified' : 'returned',
          at: now,
          by: actor.accountId,
          byName: actor.fullName,
          ...(note ? { note } : {}),
        },
      ],
    },
    actor,
    input.decision === 'verify' ? 'admission-application.verify' : 'admission-application.return',
    note ? { note } : {},
  );
  // The family hears of it in their inbox (and on the channels they chose): a return has a deadline.
  const school = (await orgUnitNames([item.schoolId])).get(item.schoolId) ?? item.schoolId;
  await notifyQuietly(
    [
      input.decision === 'verify'
        ? {
            notificationId: `adm-${item.applicationId}-v${saved.version}`,
            channel: 'app',
            recipientId: item.guardianId,
            template: 'admission-application-verified',
            data: { child: item.child.fullName, school },
          }
        : {
            notificationId: `adm-${item.applicationId}-v${saved.version}`,
            channel: 'app',
            recipientId: item.guardianId,
            template: 'admission-application-returned',
            data: { child: item.child.fullName, school, note: note!, until: campaign.timetable.applyUntil },
          },
    ],
    'Admission decision notification',
  );
  return saved;
}

/** A page of a school's applications in a campaign, oldest first. */
export async function schoolApplications(
  campaignId: string,
  schoolId: string,
  limit: number,
  cursor?: string,
  state?: ApplicationState,
) {
  const query = admissionEntities().admissionApplication.query.bySchool({ campaignId, schoolId });
  // A state is a filter on the school's own applications (a few hundred): `count` reads on until
  // the page is full, where a bare Limit would answer short or empty pages with a cursor.
  const page = state
    ? await query.where((x, op) => op.eq(x.state, state)).go({ count: limit, ...(cursor ? { cursor } : {}) })
    : await query.go({ limit, ...(cursor ? { cursor } : {}) });
  return { items: page.data as ApplicationItem[], cursor: page.cursor ?? undefined };
}

export async function guardianApplications(guardianId: string, limit: number, cursor?: string) {
  const page = await admissionEntities()
    .admissionApplication.query.byGuardian({ guardianId })
    .go({ limit, order: 'desc', ...(cursor ? { cursor } : {}) });
  return { items: page.data as ApplicationItem[], cursor: page.cursor ?? undefined };
}

/** The guardian may confirm a place: the first round's by its deadline, or the second's by its own. */
function mayConfirm(campaign: CampaignItem, a: ApplicationItem, now: Date): boolean {
  if (campaign.state !== 'published' || a.confirmation) return false;
  const second = campaign.secondRound?.publishedAt ? a.secondRound?.outcome : undefined;
  const deadline = second?.admitted ? campaign.secondRound!.confirmUntil : campaign.timetable.confirmUntil;
  const admitted = second?.admitted || Boolean(a.outcome?.admitted);
  return admitted && (!deadline || now.getTime() <= Date.parse(deadline));
}

/** A programme (a preference of either round, a direct admission) as people read it: its school's name and class kind. */
export function programmeView(
  id: string,
  programmes: ReadonlyMap<string, ProgrammeItem>,
  names: ReadonlyMap<string, string>,
) {
  const p = programmes.get(id);
  return {
    programmeId: id,
    schoolName: p ? (names.get(p.schoolId) ?? p.schoolId) : id,
    kind: p?.kind ?? ('regular' as const),
    ...(p?.paperName ? { paperName: p.paperName } : {}),
  };
}

/** An application as the family, its school, commune and the Department read it: names, never ids of people. */
export async function presentApplications(
  items: ApplicationItem[],
  now = new Date(),
  /** The guardian's own: with the result token their result page opens with. */
  own = false,
) {
  const campaigns = new Map<string, CampaignItem>();
  for (const id of new Set(items.map((a) => a.campaignId))) campaigns.set(id, await getCampaign(id));
  const programmes = new Map<string, Awaited<ReturnType<typeof programmesOf>>[number]>();
  for (const c of campaigns.values())
    if (c.grade === 10) for (const p of await programmesOf(c.campaignId)) programmes.set(p.programmeId, p);
  const names = await orgUnitNames([
    ...items.flatMap((a) => [
      a.schoolId,
      a.residence.communeId,
      a.child.currentSchoolId ?? '',
      a.exam?.councilId ?? '',
      a.outcome?.programmeId?.split(':')[0] ?? '',
      a.confirmation?.programmeId.split(':')[0] ?? '',
      a.secondRound?.outcome?.programmeId?.split(':')[0] ?? '',
    ]),
    ...[...programmes.values()].map((p) => p.schoolId),
  ]);
  const classes = await classNames(items.flatMap((a) => (a.child.classId ? [a.child.classId] : [])));
  // Papers by name: the year's three, and a specialised or integrated class's own.
  const paperName = (campaign: CampaignItem, code: string) =>
    campaign.rules?.subjects.find((s) => s.code === code)?.name ??
    [...programmes.values()].find((p) => p.campaignId === campaign.campaignId && p.paper === code)
      ?.paperName ??
    code;
  const preferenceView = (id: string) => programmeView(id, programmes, names);
  const paperRank = (campaign: CampaignItem, code: string) => {
    const i = campaign.rules?.subjects.findIndex((s) => s.code === code) ?? -1;
    return i < 0 ? 99 : i;
  };
  return items.map((a) => {
    const campaign = campaigns.get(a.campaignId)!;
    const phase = phaseOf(campaign.state, campaign.timetable, now);
    return {
      applicationId: a.applicationId,
      campaignId: a.campaignId,
      campaignName: campaign.name,
      grade: a.grade,
      state: a.state,
      child: {
        fullName: a.child.fullName,
        dateOfBirth: a.child.dateOfBirth,
        gender: a.child.gender,
        ...(a.child.currentSchoolId
          ? { currentSchoolName: names.get(a.child.currentSchoolId) ?? a.child.currentSchoolId }
          : {}),
        ...(a.child.classId && classes.get(a.child.classId)
          ? { className: classes.get(a.child.classId)! }
          : {}),
      },
      guardianName: a.guardianName,
      relation: a.relation,
      ...(a.phone ? { phone: a.phone } : {}),
      residence: {
        communeName: names.get(a.residence.communeId) ?? a.residence.communeId,
        area: a.residence.area,
        address: a.residence.address,
      },
      schoolId: a.schoolId,
      schoolName: names.get(a.schoolId) ?? a.schoolId,
      ...(a.preferences
        ? {
            preferences: a.preferences.map(preferenceView),
          }
        : {}),
      ...(a.priorityGroup ? { priorityGroup: a.priorityGroup } : {}),
      ...(a.area ? { area: a.area } : {}),
      // A family reads a direct admission as the published outcome; staff see it as entered.
      ...(a.direct && !own
        ? {
            direct: {
              ...preferenceView(a.direct.programmeId),
              basis: a.direct.basis,
              at: a.direct.at,
              byName: a.direct.byName,
            },
          }
        : {}),
      ...(a.verification
        ? {
            verification: {
              decision: a.verification.decision,
              ...(a.verification.note ? { note: a.verification.note } : {}),
              byName: a.verification.byName,
              at: a.verification.at,
            },
          }
        : {}),
      ...(a.exam
        ? {
            exam: {
              candidateNumber: a.exam.candidateNumber,
              councilName: names.get(a.exam.councilId) ?? a.exam.councilId,
              room: a.exam.room,
              seat: a.exam.seat,
            },
          }
        : {}),
      // A direct admission is the family's to read as the published outcome, not as it is entered.
      history: a.history
        .filter((h) => !(own && h.action.startsWith('direct-')))
        .map((h) => ({
          action: h.action,
          at: h.at,
          byName: h.byName,
          ...(h.note ? { note: h.note } : {}),
        })),
      ...(campaign.state === 'published' && a.outcome
        ? {
            outcome: {
              admitted: a.outcome.admitted,
              ...(a.outcome.programmeId
                ? {
                    schoolName: names.get(a.outcome.programmeId.split(':')[0]!) ?? a.outcome.programmeId,
                    preference: a.outcome.preference,
                  }
                : {}),
              ...(a.outcome.direct ? { direct: true } : {}),
            },
          }
        : {}),
      ...(a.confirmation
        ? {
            confirmation: {
              at: a.confirmation.at,
              schoolName:
                names.get(a.confirmation.programmeId.split(':')[0]!) ??
                a.confirmation.programmeId.split(':')[0]!,
            },
          }
        : {}),
      // Scores are shown to families, and to schools and communes, once announced (or published).
      ...(a.papers && scoresShown(campaign.timetable, campaign.state === 'published', now)
        ? {
            // In the campaign's order: the year's three papers, then a class's own.
            papers: Object.entries(a.papers)
              .sort(([x], [y]) => paperRank(campaign, x) - paperRank(campaign, y))
              .map(([code, score]) => ({
                code,
                name: paperName(campaign, code),
                score,
              })),
          }
        : {}),
      ...(a.remark ? { remark: remarkView(a.remark, a.papers, (code) => paperName(campaign, code)) } : {}),
      ...(a.secondRound
        ? {
            secondRound: {
              preferences: a.secondRound.preferences.map(preferenceView),
              at: a.secondRound.at,
              ...(campaign.secondRound?.publishedAt && a.secondRound.outcome
                ? {
                    outcome: {
                      admitted: a.secondRound.outcome.admitted,
                      ...(a.secondRound.outcome.programmeId
                        ? {
                            schoolName:
                              names.get(a.secondRound.outcome.programmeId.split(':')[0]!) ??
                              a.secondRound.outcome.programmeId,
                            preference: a.secondRound.outcome.preference,
                          }
                        : {}),
                    },
                  }
                : {}),
            },
          }
        : {}),
      mayChooseSecondRound:
        own && eligibleForSecondRound(a) && secondRoundPhase(campaign.secondRound, now) === 'accepting',
      mayRequestRemark:
        own &&
        a.state !== 'withdrawn' &&
        !a.remark &&
        !campaign.adoptedRunId &&
        campaign.state !== 'published' &&
        remarkWindow(campaign.timetable, now) === 'open' &&
        Object.values(a.papers ?? {}).some((score) => typeof score === 'number'),
      ...(own && a.resultToken && a.state !== 'withdrawn' ? { resultToken: a.resultToken } : {}),
      ...(campaign.publication ? { publishAt: campaign.publication.publishAt } : {}),
      mayChange: a.state !== 'withdrawn' && phase === 'accepting',
      mayConfirm: mayConfirm(campaign, a, now),
      version: a.version,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    };
  });
}
