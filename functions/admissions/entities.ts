/**
 * Admissions on the single table.
 *
 * Access patterns:
 * - a campaign by id: GetItem (`admissionCampaign`); every campaign, newest school year first:
 *   gsi1 (one partition: a few campaigns a year); the one campaign of a year and grade: GetItem on
 *   its guard (`admissionCampaignGuard`)
 * - a campaign's grade-10 programmes: Query (`admissionProgramme`, partition = the campaign)
 * - a campaign's catchment of a commune (grades 1 and 6): GetItem; all of a campaign's: Query
 *   (`admissionCatchment`)
 * - an application by id: GetItem (`admissionApplication`); a guardian's, newest first: gsi1; a
 *   verifying school's of a campaign: gsi2; a campaign's (the allocation): gsi3; the one
 *   application of a child in a campaign: GetItem on its guard (`admissionApplicationGuard`)
 * - an allocation run by id: GetItem (`admissionAllocationRun`); a campaign's, newest first: gsi1.
 * - a campaign's publication: GetItem (`admissionRelease`); those waiting for their minute: gsi1;
 *   each chunk of its preparation done: a put once (`admissionReleaseChunk`, by campaign).
 *   A run's per-candidate results are one JSON object in the reports bucket.
 * - a campaign's re-marking requests waiting, or decided: Query (`admissionRemark`, by state)
 * - a campaign's direct admissions, or one programme's: Query (`admissionDirect`)
 * - the local stand-in of the national population database (`populationRecord`, by personal ID):
 *   written by the demo data and tests, read only when POPULATION_REGISTRY=local
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { jobAttributes, jobById } from '#shared/jobs/jobs.ts';
import { ADMISSION_STATES, APPLICATION_STATES, RELEASE_STATES, RUN_STATES } from './domain/states.ts';

const SERVICE = 'edu';

export function makeAdmissionEntities({ client, table }: TableDeps) {
  const admissionCampaign = new Entity(
    {
      model: { entity: 'admissionCampaign', version: '1', service: SERVICE },
      attributes: {
        campaignId: { type: 'string', required: true },
        schoolYear: { type: 'string', required: true },
        grade: { type: 'number', required: true },
        name: { type: 'string', required: true },
        state: { type: ADMISSION_STATES, required: true },
        /** Application window, publication minute, confirmation deadline (ISO instants). */
        timetable: { type: 'any', required: true },
        /** Grade 10's rules (domain/campaign.ts Grade10Rules); absent for grades 1 and 6. */
        rules: { type: 'any' },
        /** The lottery's secret seed (tie rule "lottery"): never shown, so nobody can compute a draw. */
        lotterySeed: { type: 'string' },
        /** The allocation run adopted as the result (grade 10). */
        adoptedRunId: { type: 'string' },
        /** The publication asked for: its minute, by whom, when released (the secret is apart). */
        publication: { type: 'any' },
        /** Grade 10's exam seating: the councils asked for, its state, and what it gave. */
        seating: { type: 'any' },
        /** Grade 10's second round for places left (domain/second-round.ts SecondRound). */
        secondRound: { type: 'any' },
        /** When a direct admission last changed: a run computed before it is not adopted. */
        directChangedAt: { type: 'string' },
        listing: { type: 'string', required: true, default: 'campaigns' },
        version: { type: 'number', required: true },
        createdBy: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['campaignId'] }, sk: { field: 'sk', composite: [] } },
        all: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['listing'] },
          sk: { field: 'gsi1sk', composite: ['schoolYear', 'grade'] },
        },
      },
    },
    { client, table },
  );

  /** The one campaign of a school year and grade. */
  const admissionCampaignGuard = new Entity(
    {
      model: { entity: 'admissionCampaignGuard', version: '1', service: SERVICE },
      attributes: {
        schoolYear: { type: 'string', required: true },
        grade: { type: 'number', required: true },
        campaignId: { type: 'string', required: true },
      },
      indexes: {
        byYearGrade: {
          pk: { field: 'pk', composite: ['schoolYear', 'grade'] },
          sk: { field: 'sk', composite: [] },
        },
      },
    },
    { client, table },
  );

  const admissionProgramme = new Entity(
    {
      model: { entity: 'admissionProgramme', version: '1', service: SERVICE },
      attributes: {
        campaignId: { type: 'string', required: true },
        programmeId: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        kind: { type: ['regular', 'specialised', 'integrated'] as const, required: true },
        paper: { type: 'string' },
        paperName: { type: 'string' },
        area: { type: 'string' },
        quota: { type: 'number', required: true },
        reserved: { type: 'any' },
        /** Enrolments confirmed at it once published (added by each confirmation's transaction). */
        confirmed: { type: 'number' },
        updatedBy: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byCampaign: {
          pk: { field: 'pk', composite: ['campaignId'] },
          sk: { field: 'sk', composite: ['programmeId'] },
        },
      },
    },
    { client, table },
  );

  const admissionCatchment = new Entity(
    {
      model: { entity: 'admissionCatchment', version: '1', service: SERVICE },
      attributes: {
        campaignId: { type: 'string', required: true },
        communeId: { type: 'string', required: true },
        /** CatchmentSchool[]: each school's places and residential areas. */
        schools: { type: 'any', required: true },
        version: { type: 'number', required: true },
        updatedBy: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byCampaign: {
          pk: { field: 'pk', composite: ['campaignId'] },
          sk: { field: 'sk', composite: ['communeId'] },
        },
      },
    },
    { client, table },
  );

  const admissionApplication = new Entity(
    {
      model: { entity: 'admissionApplication', version: '1', service: SERVICE },
      attributes: {
        applicationId: { type: 'string', required: true },
        campaignId: { type: 'string', required: true },
        grade: { type: 'number', required: true },
        /** The guardian's account (principal key) and verified personal ID. */
        guardianId: { type: 'string', required: true },
        guardianPersonalId: { type: 'string', required: true },
        guardianName: { type: 'string', required: true },
        relation: { type: 'string', required: true },
        phone: { type: 'string' },
        child: { type: 'any', required: true },
        /** The child's learner record of the education database, where there is one. */
        learnerId: { type: 'string' },
        residence: { type: 'any', required: true },
        /** The school that verifies it: the catchment school (grades 1, 6), the lower-secondary school (10). */
        schoolId: { type: 'string', required: true },
        /** Grade 10: programme ids, best first; priority group claimed; the admission area. */
        preferences: { type: 'list', items: { type: 'string' } },
        priorityGroup: { type: 'string' },
        area: { type: 'string' },
        /** Grade 10: paper scores (hundredths) by code, or "absent", once imported. */
        papers: { type: 'any' },
        /** Grade 10: candidate number, council (a venue school), room and seat. */
        exam: { type: 'any' },
        /** The family's result token (domain/sealed-result.ts): shown to the guardian alone. */
        resultToken: { type: 'string' },
        /** The adopted allocation's outcome, written when the publication is prepared (shown once published). */
        outcome: { type: 'any' },
        /** The enrolment confirmed by the guardian. */
        confirmation: { type: 'any' },
        /** Grade 10: the re-marking asked for and its result (domain/remarking.ts RemarkRequest). */
        remark: { type: 'any' },
        /** Grade 10: the second round's preferences (domain/second-round.ts SecondRoundChoice). */
        secondRound: { type: 'any' },
        /** Grade 10: admitted directly (tuyển thẳng) by the Department: `{ programmeId, basis, at, byName }`. */
        direct: { type: 'any' },
        state: { type: APPLICATION_STATES, required: true },
        verification: { type: 'any' },
        history: { type: 'any', required: true },
        version: { type: 'number', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['applicationId'] }, sk: { field: 'sk', composite: [] } },
        byGuardian: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['guardianId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'applicationId'] },
        },
        bySchool: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['campaignId', 'schoolId'] },
          sk: { field: 'gsi2sk', composite: ['createdAt', 'applicationId'] },
        },
        byCampaign: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['campaignId'] },
          sk: { field: 'gsi3sk', composite: ['applicationId'] },
        },
      },
    },
    { client, table },
  );

  /** A child applies once a campaign (withdrawn: the guard goes, a new application may follow). */
  const admissionApplicationGuard = new Entity(
    {
      model: { entity: 'admissionApplicationGuard', version: '1', service: SERVICE },
      attributes: {
        campaignId: { type: 'string', required: true },
        childPersonalId: { type: 'string', required: true },
        applicationId: { type: 'string', required: true },
      },
      indexes: {
        byChild: {
          pk: { field: 'pk', composite: ['campaignId', 'childPersonalId'] },
          sk: { field: 'sk', composite: [] },
        },
      },
    },
    { client, table },
  );

  const admissionAllocationRun = new Entity(
    {
      model: { entity: 'admissionAllocationRun', version: '1', service: SERVICE },
      attributes: {
        runId: { type: 'string', required: true },
        campaignId: { type: 'string', required: true },
        /** 2: a run of the second round (its preferences and places); none: the first. */
        round: { type: 'number' },
        /** A what-if run's other quotas (programme id → places); none: the campaign's own. */
        quotas: { type: 'any' },
        note: { type: 'string' },
        seed: { type: 'string', required: true },
        state: { type: RUN_STATES, required: true },
        requestedBy: { type: 'string', required: true },
        requestedByName: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
        finishedAt: { type: 'string' },
        /** Candidates, admitted, and each programme's figures (ProgrammeResult + direct admissions). */
        summary: { type: 'any' },
        /** The per-candidate results (reports bucket). */
        objectKey: { type: 'string' },
        error: { type: 'string' },
        adoptedAt: { type: 'string' },
        adoptedBy: { type: 'string' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['runId'] }, sk: { field: 'sk', composite: [] } },
        byCampaign: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['campaignId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'runId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A campaign's publication: the release secret (never shown: it opens every family's sealed
   * result once the release notice carries it at the minute), the minute, and how far the
   * preparation is. Publications waiting for their minute: gsi1 (partition "ready", a handful).
   */
  const admissionRelease = new Entity(
    {
      model: { entity: 'admissionRelease', version: '1', service: SERVICE },
      attributes: {
        campaignId: { type: 'string', required: true },
        runId: { type: 'string', required: true },
        secret: { type: 'string', required: true },
        state: { type: RELEASE_STATES, required: true },
        publishAt: { type: 'string', required: true },
        confirmUntil: { type: 'string', required: true },
        /** Families' results written, of how many. */
        prepared: { type: 'number', required: true },
        total: { type: 'number' },
        requestedBy: { type: 'string', required: true },
        requestedByName: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
        preparedAt: { type: 'string' },
        releasedAt: { type: 'string' },
      },
      indexes: {
        byCampaign: { pk: { field: 'pk', composite: ['campaignId'] }, sk: { field: 'sk', composite: [] } },
        byState: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['state'] },
          sk: { field: 'gsi1sk', composite: ['publishAt', 'campaignId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A chunk of a publication's preparation done (publication.ts): written once with the count it
   * added, so a redelivered chunk adds nothing twice.
   */
  const admissionReleaseChunk = new Entity(
    {
      model: { entity: 'admissionReleaseChunk', version: '1', service: SERVICE },
      attributes: {
        campaignId: { type: 'string', required: true },
        /** The publication's request (its release item's createdAt). */
        releaseAt: { type: 'string', required: true },
        index: { type: 'number', required: true },
        families: { type: 'number', required: true },
        doneAt: { type: 'string', required: true },
      },
      indexes: {
        byRelease: {
          pk: { field: 'pk', composite: ['campaignId'] },
          sk: { field: 'sk', composite: ['releaseAt', 'index'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A re-marking request of a campaign, by state: the Department lists those waiting (and those
   * decided) a page at a time, and adoption looks for one waiting (a Query of one item). Its
   * decision moves it (delete and put, in the application's transaction).
   */
  const admissionRemark = new Entity(
    {
      model: { entity: 'admissionRemark', version: '1', service: SERVICE },
      attributes: {
        campaignId: { type: 'string', required: true },
        state: { type: ['requested', 'decided'] as const, required: true },
        applicationId: { type: 'string', required: true },
        requestedAt: { type: 'string', required: true },
        /** When its result was entered (adoption takes only a run computed after the last). */
        decidedAt: { type: 'string' },
      },
      indexes: {
        byCampaign: {
          pk: { field: 'pk', composite: ['campaignId'] },
          sk: { field: 'sk', composite: ['state', 'applicationId'] },
        },
      },
    },
    { client, table },
  );

  /**
   * A direct admission (tuyển thẳng) entered by the Department, listed by programme: the campaign's
   * list and a programme's count against its places (a few each) without reading every application.
   */
  const admissionDirect = new Entity(
    {
      model: { entity: 'admissionDirect', version: '1', service: SERVICE },
      attributes: {
        campaignId: { type: 'string', required: true },
        programmeId: { type: 'string', required: true },
        applicationId: { type: 'string', required: true },
      },
      indexes: {
        byCampaign: {
          pk: { field: 'pk', composite: ['campaignId'] },
          sk: { field: 'sk', composite: ['programmeId', 'applicationId'] },
        },
      },
    },
    { client, table },
  );

  /** A score sheet's import (shared/jobs): its campaign, counts and the rows refused, by cell. */
  const admissionScoreImport = new Entity(
    {
      model: { entity: 'admissionScoreImport', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('importId'),
        campaignId: { type: 'string', required: true },
        rows: { type: 'number' },
        saved: { type: 'number' },
        failed: { type: 'number' },
        errors: { type: 'any' },
      },
      indexes: jobById('importId'),
    },
    { client, table },
  );

  /** The local stand-in of the national population database: what it answers for a personal ID. */
  const populationRecord = new Entity(
    {
      model: { entity: 'populationRecord', version: '1', service: SERVICE },
      attributes: {
        personalId: { type: 'string', required: true },
        fullName: { type: 'string', required: true },
        dateOfBirth: { type: 'string', required: true },
        gender: { type: ['male', 'female'] as const, required: true },
        /** Where they live: commune id, residential area (tổ dân phố, thôn), address, permanent or temporary. */
        residence: { type: 'any', required: true },
        /** Parents and legal guardians: personal ID and relation (father, mother, guardian). */
        guardians: { type: 'any', required: true },
      },
      indexes: {
        byPersonalId: { pk: { field: 'pk', composite: ['personalId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service(
    {
      admissionCampaign,
      admissionCampaignGuard,
      admissionProgramme,
      admissionCatchment,
      admissionApplication,
      admissionApplicationGuard,
      admissionAllocationRun,
      admissionRelease,
      admissionReleaseChunk,
      admissionRemark,
      admissionDirect,
      auditEntry,
    },
    { client, table },
  );
  return {
    admissionCampaign,
    admissionCampaignGuard,
    admissionProgramme,
    admissionCatchment,
    admissionApplication,
    admissionApplicationGuard,
    admissionAllocationRun,
    admissionRelease,
    admissionReleaseChunk,
    admissionRemark,
    admissionDirect,
    admissionScoreImport,
    populationRecord,
    service,
  };
}

export const admissionEntities = lazyStore(makeAdmissionEntities);
