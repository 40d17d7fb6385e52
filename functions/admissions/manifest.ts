/**
 * Admissions to grades 1, 6 and 10 (seed 004 task 2, seed 002's online public service; issue 24;
 * docs/admissions.md). Campaigns with their rules as data (the Department), catchments of grades
 * 1 and 6 (communes), applications by guardians signed in with VNeID at level 2 (checked against
 * the national population database), schools verifying them, and the grade-10 allocation:
 * deferred acceptance run by a worker, what-if runs with other quotas, one adopted.
 */
import * as z from 'zod';
import { pageOf, pageQuery } from '#shared/db/pagination.ts';
import { jobSchema, sheetErrorSchema } from '#shared/jobs/schema.ts';
import { defineContext } from '#shared/manifest.ts';
import { typedText, vietnamesePhone } from '#shared/text/vietnamese.ts';
import { TIE_RULES } from './domain/allocation.ts';
import { PROGRAMME_KINDS } from './domain/campaign.ts';
import { ADMISSION_STATES, APPLICATION_STATES, RELEASE_STATES, RUN_STATES } from './domain/states.ts';
import {
  ALLOCATION_DELIVERIES,
  ALLOCATION_PREFIX,
  ALLOCATION_QUEUE,
  DOCUMENTS_PREFIX,
  DOCUMENTS_QUEUE,
  PUBLICATION_QUEUE,
  RESULTS_PREFIX,
  SCORE_IMPORT_PREFIX,
  SCORE_IMPORTS_QUEUE,
  SEATING_QUEUE,
} from './messages.ts';

/** Scores and points in hundredths (7.25 → 725). */
const hundredths = z.number().int().min(0).max(10_000);
const code = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9-]{0,19}$/, 'A code of capitals, digits and dashes, e.g. ENG or MATH-SPEC');
const id = z.string().min(1).max(64);
const instant = z.iso.datetime({ offset: true });
const schoolYear = z.string().regex(/^(\d{4})-(\d{4})$/, 'A school year, e.g. 2027-2028');

const timetable = z.object({
  applyFrom: instant,
  applyUntil: instant,
  scoresFrom: instant.optional(),
  remarkUntil: instant.optional(),
  publishAt: instant.optional(),
  confirmUntil: instant.optional(),
});
const reserved = z
  .array(
    z.object({ category: code, places: z.number().int().min(1).max(2000), releaseUnfilled: z.boolean() }),
  )
  .max(5);
export const grade10RulesSchema = z
  .object({
    subjects: z.array(z.object({ code, name: typedText(60) })).length(3),
    priorityGroups: z.array(z.object({ code, name: typedText(120), points: hundredths.max(500) })).max(10),
    disqualifyAtOrBelow: hundredths.max(500),
    preferences: z
      .array(z.object({ area: z.enum(['own', 'any']), penalty: hundredths.max(500) }))
      .min(1)
      .max(5),
    tieRule: z.enum(TIE_RULES),
    secondary: z.array(z.string().max(20)).max(5),
    areas: z
      .array(z.object({ code, name: typedText(120), communeIds: z.array(id).max(200) }))
      .min(1)
      .max(40),
    specialisedWeight: z.number().int().min(1).max(3),
  })
  .meta({ id: 'Grade10Rules' });

const campaignSchema = z
  .object({
    campaignId: z.string(),
    schoolYear: z.string(),
    grade: z.number(),
    name: z.string(),
    state: z.enum(ADMISSION_STATES),
    /** Where it stands now: draft, before-window, accepting, closed, published. */
    phase: z.string(),
    timetable,
    rules: grade10RulesSchema.optional(),
    adoptedRunId: z.string().optional(),
    /** The publication asked for: its minute, by whom, and when released. */
    publication: z
      .object({
        publishAt: z.string(),
        requestedAt: z.string(),
        requestedByName: z.string(),
        releasedAt: z.string().optional(),
      })
      .optional(),
    /** The second round for places left: its window, deadline, places (programme id → places), phase. */
    secondRound: z
      .object({
        applyFrom: z.string(),
        applyUntil: z.string(),
        confirmUntil: z.string(),
        places: z.record(z.string(), z.number()),
        openedAt: z.string(),
        openedByName: z.string(),
        adoptedRunId: z.string().optional(),
        publishedAt: z.string().optional(),
        phase: z.enum(['none', 'before', 'accepting', 'closed', 'published']),
      })
      .optional(),
    version: z.number(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AdmissionCampaign' });

const scoreImportSchema = jobSchema('importId')
  .extend({
    campaignId: z.string(),
    rows: z.number().optional(),
    saved: z.number().optional(),
    failed: z.number().optional(),
    errors: z.array(sheetErrorSchema),
  })
  .meta({ id: 'AdmissionScoreImport' });

const publicationSchema = z
  .object({
    state: z.enum(RELEASE_STATES),
    publishAt: z.string(),
    confirmUntil: z.string(),
    runId: z.string(),
    /** Families' results written, of how many. */
    prepared: z.number(),
    total: z.number().optional(),
    requestedByName: z.string(),
    createdAt: z.string(),
    preparedAt: z.string().optional(),
    releasedAt: z.string().optional(),
  })
  .meta({ id: 'AdmissionPublication' });

const programmeSchema = z
  .object({
    programmeId: z.string(),
    schoolId: z.string(),
    schoolName: z.string(),
    kind: z.enum(PROGRAMME_KINDS),
    paper: z.string().optional(),
    paperName: z.string().optional(),
    area: z.string().optional(),
    areaName: z.string().optional(),
    quota: z.number(),
    reserved: reserved.optional(),
    /** Once published: enrolments confirmed at it (its places less these are the second round's). */
    confirmed: z.number().optional(),
  })
  .meta({ id: 'AdmissionProgramme' });

const catchmentSchool = z.object({
  schoolId: id,
  places: z.number().int().min(0).max(5000),
  areas: z.array(typedText(120)).min(1).max(100),
});
const catchmentSchema = z
  .object({
    campaignId: z.string(),
    communeId: z.string(),
    communeName: z.string(),
    schools: z.array(catchmentSchool.extend({ schoolName: z.string(), applications: z.number().optional() })),
    version: z.number(),
    updatedAt: z.string().optional(),
  })
  .meta({ id: 'AdmissionCatchment' });

const preferenceView = z.object({
  programmeId: z.string(),
  schoolName: z.string(),
  kind: z.enum(PROGRAMME_KINDS),
  paperName: z.string().optional(),
});
const remarkView = z.object({
  state: z.enum(['requested', 'decided']),
  requestedAt: z.string(),
  reason: z.string().optional(),
  papers: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** The score when asked (hundredths). */
      score: z.number(),
      /** After re-marking. */
      after: z.number().optional(),
    }),
  ),
  note: z.string().optional(),
  decidedAt: z.string().optional(),
  decidedByName: z.string().optional(),
});

const applicationSchema = z
  .object({
    applicationId: z.string(),
    campaignId: z.string(),
    campaignName: z.string(),
    grade: z.number(),
    state: z.enum(APPLICATION_STATES),
    child: z.object({
      fullName: z.string(),
      dateOfBirth: z.string(),
      gender: z.enum(['male', 'female']),
      /** Where the child studies now (grades 6 and 10), from the education database. */
      currentSchoolName: z.string().optional(),
      className: z.string().optional(),
    }),
    guardianName: z.string(),
    relation: z.string(),
    phone: z.string().optional(),
    residence: z.object({ communeName: z.string(), area: z.string(), address: z.string() }),
    /** The school that verifies it; for grades 1 and 6 the catchment school the child is registered at. */
    schoolId: z.string(),
    schoolName: z.string(),
    preferences: z.array(preferenceView).optional(),
    priorityGroup: z.string().optional(),
    area: z.string().optional(),
    verification: z
      .object({
        decision: z.enum(['verify', 'return']),
        note: z.string().optional(),
        byName: z.string(),
        at: z.string(),
      })
      .optional(),
    /** Grade 10, once seated: the candidate number and where to sit the exam. */
    exam: z
      .object({ candidateNumber: z.string(), councilName: z.string(), room: z.number(), seat: z.number() })
      .optional(),
    history: z.array(
      z.object({ action: z.string(), at: z.string(), byName: z.string(), note: z.string().optional() }),
    ),
    /** Once published: the adopted allocation's outcome (`direct`: admitted directly, preference 0). */
    outcome: z
      .object({
        admitted: z.boolean(),
        schoolName: z.string().optional(),
        preference: z.number().optional(),
        direct: z.boolean().optional(),
      })
      .optional(),
    /** The enrolment the guardian confirmed. */
    confirmation: z.object({ at: z.string(), schoolName: z.string().optional() }).optional(),
    /** Grade 10: each paper's score, once announced (to the family, its school and commune alike) or published. */
    papers: z
      .array(
        z.object({ code: z.string(), name: z.string(), score: z.union([z.number(), z.literal('absent')]) }),
      )
      .optional(),
    /** Grade 10, to staff: admitted directly by the Department (tuyển thẳng), with the basis. */
    direct: preferenceView.extend({ basis: z.string(), at: z.string(), byName: z.string() }).optional(),
    /** Grade 10: the re-marking asked for, and its result (each paper's score before and after). */
    remark: remarkView.optional(),
    /** The guardian may ask for re-marking now (scores announced, the window open, not asked yet). */
    mayRequestRemark: z.boolean(),
    /** Grade 10: the second round's preferences and, once published, its outcome. */
    secondRound: z
      .object({
        preferences: z.array(preferenceView),
        at: z.string(),
        outcome: z
          .object({
            admitted: z.boolean(),
            schoolName: z.string().optional(),
            preference: z.number().optional(),
          })
          .optional(),
      })
      .optional(),
    /** The guardian may list second-round preferences now. */
    mayChooseSecondRound: z.boolean(),
    /** The guardian's own: the token their published result opens with (on the result page's link, after #). */
    resultToken: z.string().optional(),
    /** The minute the campaign's results are published, once the publication is asked for. */
    publishAt: z.string().optional(),
    /** The guardian may still change or withdraw it (the window is open). */
    mayChange: z.boolean(),
    /** The guardian may confirm the enrolment (admitted, published, before the deadline). */
    mayConfirm: z.boolean(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AdmissionApplication' });

const applicationSummary = applicationSchema
  .pick({ applicationId: true, state: true, schoolId: true, createdAt: true, version: true })
  .extend({
    childName: z.string(),
    dateOfBirth: z.string(),
    residence: z.string(),
    preferences: z.number().optional(),
  })
  .meta({ id: 'AdmissionApplicationSummary' });

const rejection = z.object({ code: z.string() }).loose();
const outcomeSchema = z.object({
  programmeId: z.string(),
  schoolName: z.string(),
  preference: z.number(),
  outcome: z.enum(['admitted', 'rejected', 'not-considered']),
  points: z.number().optional(),
  seat: z.object({ kind: z.string() }).loose().optional(),
  rejection: rejection.optional(),
  /** The reason in the caller's language ("below the cut-off 38.25 at preference 1"). */
  reason: z.string().optional(),
});
const runProgrammeSchema = z.object({
  programmeId: z.string(),
  schoolName: z.string(),
  kind: z.string(),
  quota: z.number(),
  direct: z.number(),
  admitted: z.number(),
  tiedOverQuota: z.number(),
  cutOffs: z.array(z.number()).optional(),
  reserved: z.array(
    z.object({ category: z.string(), places: z.number(), filled: z.number(), released: z.number() }).loose(),
  ),
});
const runSchema = z
  .object({
    runId: z.string(),
    campaignId: z.string(),
    state: z.enum(RUN_STATES),
    whatIf: z.boolean(),
    /** 2: a run of the second round. */
    round: z.literal(2).optional(),
    quotas: z.record(z.string(), z.number()).optional(),
    note: z.string().optional(),
    requestedByName: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
    adoptedAt: z.string().optional(),
    error: z.string().optional(),
    summary: z
      .object({
        candidates: z.number(),
        disqualified: z.number(),
        admitted: z.number(),
        direct: z.number(),
        byPreference: z.array(z.number()),
        millis: z.number(),
        programmes: z.array(runProgrammeSchema),
      })
      .optional(),
  })
  .meta({ id: 'AllocationRun' });

const campaignParams = z.object({ campaignId: id });
const seatingSchema = z
  .object({
    state: z.enum(['none', 'pending', 'done']),
    requestedAt: z.string().optional(),
    doneAt: z.string().optional(),
    candidates: z.number().optional(),
    councils: z.array(
      z.object({
        schoolId: z.string(),
        schoolName: z.string(),
        area: z.string(),
        rooms: z.number(),
        candidates: z.number().optional(),
        roomsUsed: z.number().optional(),
      }),
    ),
    short: z.array(z.object({ area: z.string(), candidates: z.number(), places: z.number() })),
  })
  .meta({ id: 'ExamSeating' });
const applicationParams = z.object({ applicationId: id });
const runParams = z.object({ runId: id });
const applicationChoices = {
  /** Grade 10: programme ids, best first. */
  preferences: z.array(id).max(5).optional(),
  priorityGroup: code.optional(),
  phone: vietnamesePhone.optional(),
};

const documentParams = applicationParams.extend({ kind: z.enum(['receipt', 'ticket']) });
const documentLink = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ready'), downloadUrl: z.string() }),
  z.object({ state: z.literal('preparing') }),
]);
const documentSchema = documentLink.meta({ id: 'AdmissionDocument' });
const roomListsSchema = z
  .object({
    seatingAt: z.string(),
    councils: z.array(
      z
        .object({ councilId: z.string(), councilName: z.string(), rooms: z.number(), candidates: z.number() })
        .and(documentLink),
    ),
  })
  .meta({ id: 'AdmissionRoomLists' });

export const admissionsManifest = defineContext({
  name: 'admissions',
  description: 'Admissions to grades 1, 6 and 10: campaigns, catchments, applications, allocation',
  api: {
    access: {
      table: 'readwrite',
      sendsTo: [ALLOCATION_QUEUE, SEATING_QUEUE, PUBLICATION_QUEUE, DOCUMENTS_QUEUE, 'notifications'],
      buckets: [
        { bucket: 'reports', prefix: ALLOCATION_PREFIX, access: 'read' },
        // Receipts, tickets and room lists: looked for, and their download links signed.
        { bucket: 'reports', prefix: DOCUMENTS_PREFIX, access: 'read' },
        // The score sheet's upload link is signed by the API.
        { bucket: 'documents', prefix: SCORE_IMPORT_PREFIX, access: 'write' },
      ],
    },
  },
  routes: {
    listAdmissionCampaigns: {
      method: 'GET',
      path: '/admission-campaigns',
      permission: 'public',
      summary: 'Every admissions campaign, newest school year first, with its timetable and rules (public)',
      tags: ['admissions'],
      response: { schema: z.object({ items: z.array(campaignSchema) }) },
    },
    createAdmissionCampaign: {
      method: 'POST',
      path: '/admission-campaigns',
      permission: 'admission.manage',
      summary:
        'Create a school year’s campaign for grade 1, 6 or 10 (a draft): its timetable and, for grade 10, its rules',
      tags: ['admissions'],
      request: {
        body: z.object({
          schoolYear,
          grade: z.union([z.literal(1), z.literal(6), z.literal(10)]),
          name: typedText(200),
          timetable,
          rules: grade10RulesSchema.optional(),
        }),
      },
      response: { status: 201, schema: campaignSchema },
    },
    getAdmissionCampaign: {
      method: 'GET',
      path: '/admission-campaigns/{campaignId}',
      permission: 'public',
      summary: 'A campaign: timetable, rules and where it stands (public)',
      tags: ['admissions'],
      request: { params: campaignParams },
      response: { schema: campaignSchema },
    },
    updateAdmissionCampaign: {
      method: 'PUT',
      path: '/admission-campaigns/{campaignId}',
      permission: 'admission.manage',
      summary: 'Change a campaign’s name and timetable, and its rules while it is a draft',
      tags: ['admissions'],
      request: {
        params: campaignParams,
        body: z.object({
          expectedVersion: z.number().int().min(1),
          name: typedText(200),
          timetable,
          rules: grade10RulesSchema.optional(),
        }),
      },
      response: { schema: campaignSchema },
    },
    openAdmissionCampaign: {
      method: 'POST',
      path: '/admission-campaigns/{campaignId}/opening',
      permission: 'admission.manage',
      summary:
        'Open a draft campaign: families may apply within its window (grade 10 needs programmes, grades 1 and 6 catchments)',
      tags: ['admissions'],
      request: { params: campaignParams, body: z.object({ expectedVersion: z.number().int().min(1) }) },
      response: { schema: campaignSchema },
    },
    listAdmissionProgrammes: {
      method: 'GET',
      path: '/admission-campaigns/{campaignId}/programmes',
      permission: 'public',
      summary:
        'A grade-10 campaign’s programmes: each school’s regular, specialised and integrated classes and places (public)',
      tags: ['admissions'],
      request: { params: campaignParams },
      response: { schema: z.object({ items: z.array(programmeSchema) }) },
    },
    putAdmissionProgramme: {
      method: 'PUT',
      path: '/admission-campaigns/{campaignId}/programmes',
      permission: 'admission.manage',
      summary:
        'Set a school’s programme in a grade-10 campaign: its kind, own paper, area, places and reserved places',
      tags: ['admissions'],
      request: {
        params: campaignParams,
        body: z.object({
          schoolId: id,
          kind: z.enum(PROGRAMME_KINDS),
          paper: code.optional(),
          paperName: typedText(60).optional(),
          area: code,
          quota: z.number().int().min(0).max(5000),
          reserved: reserved.optional(),
        }),
      },
      response: { schema: programmeSchema },
    },
    getAdmissionCatchment: {
      method: 'GET',
      path: '/admission-campaigns/{campaignId}/catchments/{communeId}',
      permission: 'public',
      summary:
        'A commune’s catchment in a grade 1 or 6 campaign: which school takes which residential areas, and its places (public)',
      tags: ['admissions'],
      request: { params: campaignParams.extend({ communeId: id }) },
      response: { schema: catchmentSchema },
    },
    putAdmissionCatchment: {
      method: 'PUT',
      path: '/admission-campaigns/{campaignId}/catchments/{communeId}',
      permission: 'admission.catchment',
      summary:
        'Set the commune’s catchment: each school of the commune, its places and the residential areas it takes',
      tags: ['admissions'],
      request: {
        params: campaignParams.extend({ communeId: id }),
        body: z.object({
          expectedVersion: z.number().int().min(0),
          schools: z.array(catchmentSchool).min(1).max(60),
        }),
      },
      response: { schema: catchmentSchema },
    },
    applyForAdmission: {
      method: 'POST',
      path: '/me/admission-applications',
      permission: 'self.link',
      signIn: 'citizen',
      summary:
        'Apply for a child (VNeID level 2): the child’s personal ID is checked with the national population database (you must be listed as parent or guardian), the rest is filled in from it and the education database',
      tags: ['admissions'],
      request: {
        body: z.object({
          campaignId: id,
          childPersonalId: z.string().regex(/^\d{12}$/, 'A 12-digit personal ID'),
          ...applicationChoices,
        }),
      },
      response: { status: 201, schema: applicationSchema },
    },
    listMyAdmissionApplications: {
      method: 'GET',
      path: '/me/admission-applications',
      permission: 'self.link',
      signIn: 'citizen',
      summary: 'The applications I made, newest first',
      tags: ['admissions'],
      request: { query: pageQuery },
      response: { schema: pageOf(applicationSchema) },
    },
    getMyAdmissionApplication: {
      method: 'GET',
      path: '/me/admission-applications/{applicationId}',
      permission: 'self.link',
      signIn: 'citizen',
      summary: 'One of my applications, with its history',
      tags: ['admissions'],
      request: { params: applicationParams },
      response: { schema: applicationSchema },
    },
    updateMyAdmissionApplication: {
      method: 'PUT',
      path: '/me/admission-applications/{applicationId}',
      permission: 'self.link',
      signIn: 'citizen',
      summary: 'Change my application until the window closes (the school verifies it again)',
      tags: ['admissions'],
      request: {
        params: applicationParams,
        body: z.object({ expectedVersion: z.number().int().min(1), ...applicationChoices }),
      },
      response: { schema: applicationSchema },
    },
    withdrawMyAdmissionApplication: {
      method: 'POST',
      path: '/me/admission-applications/{applicationId}/withdrawal',
      permission: 'self.link',
      signIn: 'citizen',
      summary: 'Withdraw my application while the window is open (the child may then apply again)',
      tags: ['admissions'],
      request: { params: applicationParams, body: z.object({ expectedVersion: z.number().int().min(1) }) },
      response: { schema: applicationSchema },
    },
    listSchoolAdmissionApplications: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/admission-applications',
      permission: 'admission.read',
      summary: 'The applications a school verifies in a campaign, oldest first',
      tags: ['admissions'],
      request: {
        params: z.object({ orgUnitId: id }),
        // `state`: only those in it (e.g. submitted: what waits for the school; verified: the candidates).
        query: pageQuery.extend({ campaignId: id, state: z.enum(APPLICATION_STATES).optional() }),
      },
      response: { schema: pageOf(applicationSummary) },
    },
    getAdmissionApplication: {
      method: 'GET',
      path: '/admission-applications/{applicationId}',
      permission: 'admission.read',
      summary: 'An application as its school, commune and the Department see it',
      tags: ['admissions'],
      request: { params: applicationParams },
      response: { schema: applicationSchema },
    },
    verifyAdmissionApplication: {
      method: 'POST',
      path: '/admission-applications/{applicationId}/verification',
      permission: 'admission.verify',
      summary: 'The school verifies an application, or returns it to the family with what to correct',
      tags: ['admissions'],
      request: {
        params: applicationParams,
        body: z.object({
          decision: z.enum(['verify', 'return']),
          note: typedText(1000).optional(),
          expectedVersion: z.number().int().min(1),
        }),
      },
      response: { schema: applicationSchema },
    },
    openSecondRound: {
      method: 'POST',
      path: '/admission-campaigns/{campaignId}/second-round',
      permission: 'admission.manage',
      summary:
        'Open the second round for places left once the first round’s confirmation deadline has passed: its window and confirmation deadline; each programme’s places (quota less confirmed) fixed now',
      tags: ['admissions'],
      request: {
        params: campaignParams,
        body: z.object({
          expectedVersion: z.number().int().min(1),
          applyFrom: instant,
          applyUntil: instant,
          confirmUntil: instant,
        }),
      },
      response: { schema: campaignSchema },
    },
    chooseMySecondRound: {
      method: 'PUT',
      path: '/me/admission-applications/{applicationId}/second-round',
      permission: 'self.link',
      signIn: 'citizen',
      summary:
        'List my child’s second-round preferences among the programmes with places left, while its window is open',
      tags: ['admissions'],
      request: {
        params: applicationParams,
        body: z.object({ expectedVersion: z.number().int().min(1), preferences: z.array(id).min(1).max(5) }),
      },
      response: { schema: applicationSchema },
    },
    publishSecondRound: {
      method: 'POST',
      path: '/admission-campaigns/{campaignId}/second-round/publication',
      permission: 'admission.manage',
      summary:
        'Publish the adopted second-round run: each family taking part reads its result on its application and is told; the admitted confirm by the round’s deadline',
      tags: ['admissions'],
      request: { params: campaignParams, body: z.object({ expectedVersion: z.number().int().min(1) }) },
      response: { schema: campaignSchema },
    },
    requestMyAdmissionRemark: {
      method: 'POST',
      path: '/me/admission-applications/{applicationId}/remarking',
      permission: 'self.link',
      signIn: 'citizen',
      summary:
        'Ask, once, for some of my child’s grade-10 papers to be marked again (phúc khảo), while the timetable’s window is open',
      tags: ['admissions'],
      request: {
        params: applicationParams,
        body: z.object({
          expectedVersion: z.number().int().min(1),
          papers: z.array(code).max(5),
          reason: typedText(500).optional(),
        }),
      },
      response: { schema: applicationSchema },
    },
    listAdmissionRemarks: {
      method: 'GET',
      path: '/admission-campaigns/{campaignId}/remarking',
      permission: 'admission.manage',
      summary: 'A campaign’s re-marking requests waiting for their result, or decided, a page at a time',
      tags: ['admissions'],
      request: {
        params: campaignParams,
        query: pageQuery.extend({ state: z.enum(['requested', 'decided']).default('requested') }),
      },
      response: {
        schema: pageOf(
          remarkView
            .extend({
              applicationId: z.string(),
              candidateNumber: z.string(),
              childName: z.string(),
              schoolName: z.string(),
              version: z.number(),
            })
            .meta({ id: 'AdmissionRemark' }),
        ),
      },
    },
    setAdmissionDirect: {
      method: 'PUT',
      path: '/admission-applications/{applicationId}/direct-admission',
      permission: 'admission.manage',
      summary:
        'Admit a verified grade-10 candidate directly (tuyển thẳng) to a programme with its basis, move them, or (null) take it away — before an allocation is adopted',
      tags: ['admissions'],
      request: {
        params: applicationParams,
        body: z.object({
          expectedVersion: z.number().int().min(1),
          direct: z.object({ programmeId: id, basis: typedText(500) }).nullable(),
        }),
      },
      response: { schema: applicationSchema },
    },
    listAdmissionDirect: {
      method: 'GET',
      path: '/admission-campaigns/{campaignId}/direct-admissions',
      permission: 'admission.manage',
      summary: 'A grade-10 campaign’s direct admissions, by programme, with each candidate and basis',
      tags: ['admissions'],
      request: { params: campaignParams },
      response: {
        schema: z.object({
          items: z.array(
            z
              .object({
                applicationId: z.string(),
                version: z.number(),
                state: z.enum(APPLICATION_STATES),
                childName: z.string(),
                dateOfBirth: z.string(),
                /** The lower-secondary school that verified the application. */
                schoolName: z.string(),
                programme: preferenceView,
                basis: z.string(),
                at: z.string(),
                byName: z.string(),
              })
              .meta({ id: 'AdmissionDirect' }),
          ),
        }),
      },
    },
    decideAdmissionRemark: {
      method: 'POST',
      path: '/admission-applications/{applicationId}/remarking/result',
      permission: 'admission.manage',
      summary:
        'Enter the marking board’s result of a re-marking request: each asked paper’s score after re-marking, which the candidate keeps; the family is told',
      tags: ['admissions'],
      request: {
        params: applicationParams,
        body: z.object({
          expectedVersion: z.number().int().min(1),
          scores: z.record(code, hundredths.max(1000)),
          note: typedText(1000).optional(),
        }),
      },
      response: { schema: applicationSchema },
    },
    enterAdmissionScores: {
      method: 'POST',
      path: '/admission-campaigns/{campaignId}/scores',
      permission: 'admission.manage',
      summary:
        'Enter grade-10 exam scores (hundredths, or "absent") for applications, up to 500 at a time; refused rows are answered with their reason',
      tags: ['admissions'],
      request: {
        params: campaignParams,
        body: z.object({
          scores: z
            .array(
              z.object({
                applicationId: id,
                papers: z.record(code, z.union([hundredths.max(1000), z.literal('absent')])),
              }),
            )
            .min(1)
            .max(500),
        }),
      },
      response: {
        schema: z.object({
          saved: z.number(),
          refused: z.array(z.object({ row: z.number(), applicationId: z.string(), reason: z.string() })),
        }),
      },
    },
    requestScoreImport: {
      method: 'POST',
      path: '/admission-campaigns/{campaignId}/score-imports',
      permission: 'admission.manage',
      summary:
        'Import grade-10 exam scores from the marking boards’ sheet (XLSX: “Số báo danh” and a column per paper, scores 0–10 in steps of 0.25 or “Vắng”): answers with a link to upload it to; a worker enters each row and reports the refused ones by cell',
      tags: ['admissions'],
      request: { params: campaignParams },
      response: { status: 201, schema: scoreImportSchema },
    },
    getScoreImport: {
      method: 'GET',
      path: '/admission-score-imports/{importId}',
      permission: 'admission.manage',
      summary: 'How a score sheet’s import went: rows read, scores entered, the rows refused by cell',
      tags: ['admissions'],
      request: { params: z.object({ importId: z.uuid() }) },
      response: { schema: scoreImportSchema },
    },
    requestExamSeating: {
      method: 'PUT',
      path: '/admission-campaigns/{campaignId}/exam-seating',
      permission: 'admission.manage',
      summary:
        'Number and seat the verified grade-10 candidates: the councils (venue schools and their rooms) named here, 24 a room, each candidate in their area, each lower-secondary school together where a council has room (a worker does it)',
      tags: ['admissions'],
      request: {
        params: campaignParams,
        body: z.object({
          councils: z
            .array(z.object({ schoolId: id, rooms: z.number().int().min(1).max(200) }))
            .min(1)
            .max(200),
        }),
      },
      response: { status: 202, schema: seatingSchema },
    },
    getExamSeating: {
      method: 'GET',
      path: '/admission-campaigns/{campaignId}/exam-seating',
      permission: 'admission.manage',
      summary: 'The exam seating: each council’s candidates and rooms used, and areas short of rooms',
      tags: ['admissions'],
      request: { params: campaignParams },
      response: { schema: seatingSchema },
    },
    startAllocationRun: {
      method: 'POST',
      path: '/admission-campaigns/{campaignId}/allocation-runs',
      permission: 'admission.manage',
      summary:
        'Run the grade-10 allocation over the verified applications with their scores — with the campaign’s quotas, or other quotas as a what-if that changes nothing until adopted',
      tags: ['admissions'],
      request: {
        params: campaignParams,
        body: z.object({
          quotas: z.record(id, z.number().int().min(0).max(5000)).optional(),
          note: typedText(500).optional(),
          /** 2: the second round (its preferences and places), once its window has closed. */
          round: z.literal(2).optional(),
        }),
      },
      response: { status: 202, schema: runSchema },
    },
    listAllocationRuns: {
      method: 'GET',
      path: '/admission-campaigns/{campaignId}/allocation-runs',
      permission: 'admission.manage',
      summary: 'A campaign’s allocation runs, newest first',
      tags: ['admissions'],
      request: { params: campaignParams, query: pageQuery },
      response: { schema: pageOf(runSchema) },
    },
    getAllocationRun: {
      method: 'GET',
      path: '/admission-allocation-runs/{runId}',
      permission: 'admission.manage',
      summary: 'An allocation run: each programme’s places, admitted and cut-off at each preference',
      tags: ['admissions'],
      request: { params: runParams },
      response: { schema: runSchema },
    },
    explainAllocation: {
      method: 'GET',
      path: '/admission-allocation-runs/{runId}/applications/{applicationId}',
      permission: 'admission.manage',
      summary:
        'Why a candidate was admitted where they were and refused at each higher preference, in this run',
      tags: ['admissions'],
      request: { params: runParams.extend({ applicationId: id }) },
      response: {
        schema: z.object({
          applicationId: z.string(),
          childName: z.string(),
          points: z.number().optional(),
          disqualified: z.string().optional(),
          direct: z.string().optional(),
          preferences: z.array(outcomeSchema),
        }),
      },
    },
    adoptAllocationRun: {
      method: 'POST',
      path: '/admission-allocation-runs/{runId}/adoption',
      permission: 'admission.manage',
      summary:
        'Adopt a finished run (a what-if included) as the campaign’s allocation, until the results are published',
      tags: ['admissions'],
      request: { params: runParams, body: z.object({ expectedVersion: z.number().int().min(1) }) },
      response: { schema: campaignSchema },
    },
    schedulePublication: {
      method: 'POST',
      path: '/admission-campaigns/{campaignId}/publication',
      permission: 'admission.manage',
      summary:
        'Publish the adopted result at the timetable’s minute: every family’s result is written now, sealed with their own key, and released to all at once at that minute (a worker prepares it; nothing changes after)',
      tags: ['admissions'],
      request: { params: campaignParams, body: z.object({ expectedVersion: z.number().int().min(1) }) },
      response: { status: 202, schema: publicationSchema },
    },
    getPublication: {
      method: 'GET',
      path: '/admission-campaigns/{campaignId}/publication',
      permission: 'admission.manage',
      summary: 'A campaign’s publication: its minute, how many families’ results are written, when released',
      tags: ['admissions'],
      request: { params: campaignParams },
      response: { schema: publicationSchema },
    },
    confirmMyAdmission: {
      method: 'POST',
      path: '/me/admission-applications/{applicationId}/confirmation',
      permission: 'self.link',
      signIn: 'citizen',
      summary: 'Confirm my child’s enrolment where the published result admitted them, by the deadline',
      tags: ['admissions'],
      request: { params: applicationParams, body: z.object({ expectedVersion: z.number().int().min(1) }) },
      response: { schema: applicationSchema },
    },
    askMyAdmissionDocument: {
      method: 'POST',
      path: '/me/admission-applications/{applicationId}/documents/{kind}',
      permission: 'self.link',
      signIn: 'citizen',
      summary:
        'Ask for my application’s receipt (PDF, of its current version) or, once seated, the admission ticket: the one there is (200), or rendered in the background (202)',
      tags: ['admissions'],
      request: { params: documentParams },
      response: { status: 202, schema: documentSchema },
    },
    getMyAdmissionDocument: {
      method: 'GET',
      path: '/me/admission-applications/{applicationId}/documents/{kind}',
      permission: 'self.link',
      signIn: 'citizen',
      summary: 'My application’s receipt or admission ticket: a five-minute download link once rendered',
      tags: ['admissions'],
      request: { params: documentParams },
      response: { schema: documentSchema },
    },
    askAdmissionRoomLists: {
      method: 'POST',
      path: '/admission-campaigns/{campaignId}/room-lists',
      permission: 'admission.manage',
      summary: 'Render the last seating’s room lists, one PDF a council (a room a page, candidates by seat)',
      tags: ['admissions'],
      request: { params: campaignParams },
      response: { status: 202, schema: roomListsSchema },
    },
    getAdmissionRoomLists: {
      method: 'GET',
      path: '/admission-campaigns/{campaignId}/room-lists',
      permission: 'admission.manage',
      summary:
        'The last seating’s room lists by council: rooms, candidates, and a download link once rendered',
      tags: ['admissions'],
      request: { params: campaignParams },
      response: { schema: roomListsSchema },
    },
  },
  queues: {
    [DOCUMENTS_QUEUE]: {
      description: 'Receipts, admission tickets and room lists to render (one message a document or seating)',
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
    },
    [SEATING_QUEUE]: {
      description: 'Grade-10 exam seatings to compute (one message a request)',
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
    },
    [ALLOCATION_QUEUE]: {
      description: 'Grade-10 allocation runs to compute (one message a run)',
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: ALLOCATION_DELIVERIES,
    },
    [SCORE_IMPORTS_QUEUE]: {
      description: 'Score sheets uploaded for import (announced by S3)',
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
      objectCreated: { bucket: 'documents', prefix: SCORE_IMPORT_PREFIX },
    },
    [PUBLICATION_QUEUE]: {
      description:
        'Publications to prepare: one message to plan each, then one a chunk of families (their sealed results written in parallel)',
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
    },
  },
  workers: {
    'render-admission-documents': {
      file: 'render-admission-documents',
      description:
        'Renders an application’s receipt, a candidate’s admission ticket or a seating’s room lists (one PDF a council) into the reports bucket',
      trigger: { kind: 'queue', queue: DOCUMENTS_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      // The embedded Vietnamese font ships with this worker only.
      bundlePdfFonts: true,
      access: {
        table: 'read',
        buckets: [{ bucket: 'reports', prefix: DOCUMENTS_PREFIX, access: 'write' }],
      },
    },
    'seat-admission-candidates': {
      file: 'seat-admission-candidates',
      description:
        'Numbers a campaign’s verified grade-10 candidates and seats them in the councils asked for; writes each application’s seat and the figures',
      trigger: { kind: 'queue', queue: SEATING_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      access: { table: 'readwrite' },
    },
    'run-admission-allocation': {
      file: 'run-admission-allocation',
      description:
        'Reads a campaign’s verified applications and programmes, runs the deferred-acceptance allocation, writes each candidate’s result to S3 and the figures to the run',
      trigger: { kind: 'queue', queue: ALLOCATION_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'reports', prefix: ALLOCATION_PREFIX, access: 'write' }],
      },
    },
    'import-admission-scores': {
      file: 'import-admission-scores',
      description:
        'Reads an uploaded score sheet, finds each candidate by number and enters their papers (each a new version, audited); reports refused rows by cell',
      trigger: { kind: 'queue', queue: SCORE_IMPORTS_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'documents', prefix: SCORE_IMPORT_PREFIX, access: 'read' }],
      },
    },
    'prepare-admission-results': {
      file: 'prepare-admission-results',
      description:
        'Plans a publication (the notice “not yet”, one message a chunk of families), then prepares each chunk: every family’s result sealed with its own key behind the CDN, its outcome, and the family told the minute with its link',
      trigger: { kind: 'queue', queue: PUBLICATION_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      access: {
        table: 'readwrite',
        // Each family is told the minute with its own link; the plan sends the chunks.
        sendsTo: ['notifications', PUBLICATION_QUEUE],
        buckets: [
          { bucket: 'reports', prefix: ALLOCATION_PREFIX, access: 'read' },
          { bucket: 'materials', prefix: RESULTS_PREFIX, access: 'write' },
        ],
      },
    },
    'release-admission-results': {
      file: 'release-admission-results',
      description:
        'At the start of every minute: releases the publications whose minute has come (the notice with the secret, then the campaign published)',
      trigger: {
        kind: 'schedule',
        expression: 'cron(* * * * ? *)',
        description: 'Every minute, at its start',
      },
      timeoutSeconds: 55,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'materials', prefix: RESULTS_PREFIX, access: 'write' }],
      },
    },
  },
});
