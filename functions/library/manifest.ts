/**
 * The digital library (seed 004 tasks 6 and 10): the city's union catalogue — one bibliographic
 * record per title, catalogued once and held by many schools — with MARC 21 import and export,
 * and search with or without Vietnamese diacritics for everyone.
 */

import * as z from 'zod';
import { recentJobsQuery, jobSchema as sharedJobSchema } from '#shared/jobs/schema.ts';
import { defineContext } from '#shared/manifest.ts';
import { codedIssue } from '#shared/text/issues.ts';
import { curriculumRef, LANGUAGES, TITLE_TYPES, titleInput } from './domain/catalogue.ts';
import { BORROWER_TYPES, COPY_CONDITIONS, COPY_STATUSES, SHELF_STATUSES } from './domain/circulation.ts';
import { INTERLOAN_ACTIONS, INTERLOAN_STATUSES } from './domain/interloan.ts';
import { libraryText } from './domain/texts.ts';
import {
  CATALOGUE_EXPORTS_QUEUE,
  CATALOGUE_IMPORT_PREFIX,
  CATALOGUE_IMPORTS_QUEUE,
  LABELS_QUEUE,
  STOCKTAKE_QUEUE,
  TALLY_QUEUE,
} from './messages.ts';

const tags = ['library'];
const orgUnitId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'Must be an organisation unit code');
const titleParams = z.object({ titleId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });
const format = z.enum(['iso2709', 'marcxml']);
/** A catalogue file: MARC 21 either way, or a spreadsheet. */
const fileFormat = z.enum(['iso2709', 'marcxml', 'xlsx']);

const titleSchema = z
  .object({
    titleId: z.string(),
    isbn: z.string().optional(),
    title: z.string(),
    subtitle: z.string().optional(),
    authors: z.array(z.string()),
    publisher: z.string().optional(),
    year: z.number().optional(),
    language: z.enum(LANGUAGES),
    type: z.enum(TITLE_TYPES),
    subjects: z.array(z.string()),
    classification: z.string().optional(),
    curriculum: z.array(curriculumRef),
    /** A digital resource of the learning repository: open it from its resource page. */
    resourceId: z.string().optional(),
    licence: z.enum(['open', 'city', 'school']).optional(),
    createdByUnit: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    revision: z.number(),
  })
  .meta({ id: 'LibraryTitle' });

const hitSchema = z.object({
  titleId: z.string(),
  title: z.string(),
  authors: z.array(z.string()),
  year: z.number().optional(),
  type: z.enum(TITLE_TYPES),
  score: z.number(),
});

const barcode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{3,32}$/, 'A barcode: 3–32 letters, digits or hyphens');
/** A library card: a student's personal ID (12 digits) or a staff member's code. */
const card = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{3,32}$/, 'A reader’s card: the student’s personal ID or the staff member’s code');

const copySchema = z.object({
  barcode: z.string(),
  titleId: z.string(),
  location: z.string().optional(),
  condition: z.enum(COPY_CONDITIONS),
  status: z.enum(COPY_STATUSES),
});

const holdSchema = z.object({
  holdId: z.string(),
  titleId: z.string(),
  borrowerName: z.string(),
  placedAt: z.string(),
  status: z.enum(['waiting', 'ready', 'fulfilled', 'cancelled', 'expired']),
  readyUntil: z.string().optional(),
});

const loanSchema = z
  .object({
    loanId: z.string(),
    barcode: z.string(),
    titleId: z.string(),
    title: z.string(),
    borrowerName: z.string(),
    borrowerType: z.enum(BORROWER_TYPES),
    state: z.enum(['open', 'closed']),
    loanedAt: z.string(),
    dueOn: z.string(),
    renewals: z.number(),
    returnedAt: z.string().optional(),
  })
  .meta({ id: 'LibraryLoan' });

const jobSchema = sharedJobSchema('jobId')
  .extend({
    kind: z.enum(['import', 'export']),
    format: fileFormat,
    records: z.number().optional(),
    created: z.number().optional(),
    duplicates: z.number().optional(),
    failed: z.number().optional(),
    report: z.array(
      z.object({
        row: z.number(),
        controlNumber: z.string().optional(),
        outcome: z.enum(['created', 'duplicate', 'failed']),
        titleId: z.string().optional(),
        duplicateBy: z.enum(['isbn', 'title-author']).optional(),
        errors: z
          .array(
            z.object({
              field: z.string(),
              /** In the caller's language. */
              message: z.string(),
              /** The message's code in the catalogue, with its parameters. */
              code: z.string().optional(),
              params: z.record(z.string(), z.unknown()).optional(),
            }),
          )
          .optional(),
      }),
    ),
  })
  .meta({ id: 'CatalogueJob' });

const countsSchema = z.object({
  titles: z.number(),
  copies: z.number(),
  loansOpen: z.number(),
  overdue: z.number(),
  loansYear: z.number(),
  learners: z.number(),
  loansPerLearner: z.number(),
  digital: z.record(z.string(), z.number()),
  digitalBySubject: z.record(z.string(), z.number()),
});

const statisticsSchema = z
  .object({
    schoolYear: z.string(),
    total: countsSchema,
    /** Schools under the unit in the tree (1 for a school). */
    schools: z.number(),
    /** Every unit directly under the one asked for, from the tree; zeros where nothing is counted yet. */
    rows: z.array(
      countsSchema.extend({
        orgUnitId: z.string(),
        name: z.string(),
        schools: z.number(),
        /** Schools with figures this school year; 0 means the unit has no data yet. */
        schoolsCounted: z.number(),
      }),
    ),
    computedAt: z.string().optional(),
  })
  .meta({ id: 'LibraryStatistics' });

const loanRules = z.object({
  loanDays: z.number().int().min(1).max(120),
  maxLoans: z.number().int().min(1).max(50),
  maxRenewals: z.number().int().min(0).max(10),
});
const rulesSchema = z
  .object({ student: loanRules, staff: loanRules, holdShelfDays: z.number().int().min(1).max(14) })
  .meta({ id: 'LibraryRules' });

const stocktakeParams = z.object({ stocktakeId: z.uuid() });
const stocktakeSchema = z
  .object({
    stocktakeId: z.string(),
    schoolId: z.string(),
    status: z.enum(['open', 'counting', 'done']),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    scanned: z.number().optional(),
    report: z
      .object({
        held: z.number(),
        scanned: z.number(),
        found: z.number(),
        onLoan: z.number(),
        missing: z.number(),
        onShelfButOut: z.number(),
        foundAgain: z.number(),
        unknown: z.number(),
        lists: z.object({
          missing: z.array(
            z.object({
              barcode: z.string(),
              titleId: z.string(),
              /** The title and its authors (reports made before they were kept have neither). */
              title: z.string().optional(),
              authors: z.array(z.string()).optional(),
              location: z.string().optional(),
            }),
          ),
          onShelfButOut: z.array(z.string()),
          foundAgain: z.array(z.string()),
          unknown: z.array(z.string()),
        }),
      })
      .optional(),
  })
  .meta({ id: 'LibraryStocktake' });

const interloanSchema = z
  .object({
    requestId: z.string(),
    titleId: z.string(),
    title: z.string(),
    borrowerSchool: z.string(),
    lenderSchool: z.string(),
    status: z.enum(INTERLOAN_STATUSES),
    barcode: z.string().optional(),
    note: z.string().optional(),
    trail: z.array(
      z.object({
        status: z.enum(INTERLOAN_STATUSES),
        at: z.string(),
        school: z.string(),
        note: z.string().optional(),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'InterLibraryLoan' });

const labelJobSchema = sharedJobSchema('jobId')
  .extend({
    code: z.enum(['code128', 'qr']),
    barcodes: z.array(z.string()).optional(),
    titleId: z.string().optional(),
    labels: z.number().optional(),
  })
  .meta({ id: 'LibraryLabelJob' });

export const libraryManifest = defineContext({
  name: 'library',
  description:
    'The digital library: the union catalogue, MARC 21 import and export, search, and each school’s copies, loans and holds',
  api: {
    access: {
      table: 'readwrite',
      buckets: [
        { bucket: 'documents', prefix: 'imports/catalogue/', access: 'write' },
        { bucket: 'reports', prefix: 'exports/catalogue/', access: 'read' },
        { bucket: 'reports', prefix: 'labels/', access: 'read' },
      ],
      sendsTo: [
        'catalogue-exports',
        'library-stocktakes',
        'library-labels',
        'library-tallies',
        'notifications',
      ],
    },
  },
  routes: {
    searchCatalogue: {
      method: 'GET',
      path: '/library/search',
      permission: 'public',
      summary:
        'Search the city’s catalogue by title, author, subject, ISBN or curriculum lesson, with or without diacritics; ranked, filtered, paginated',
      tags,
      request: {
        query: z
          .object({
            q: z.string().trim().max(200).default(''),
            type: z.enum(TITLE_TYPES).optional(),
            grade: z.coerce.number().int().min(1).max(12).optional(),
            lesson: z
              .string()
              .regex(/^[A-Za-z0-9._-]{1,64}$/)
              .optional(),
            /** Only titles this school holds a copy of. */
            school: orgUnitId.optional(),
            limit: z.coerce.number().int().min(1).max(50).default(20),
            cursor: z.string().max(2048).optional(),
          })
          .refine((v) => v.q !== '' || v.lesson, {
            ...codedIssue(libraryText('search-words')),
            path: ['q'],
          }),
      },
      response: { schema: z.object({ items: z.array(hitSchema), nextCursor: z.string().optional() }) },
    },
    getTitle: {
      method: 'GET',
      path: '/library/titles/{titleId}',
      permission: 'public',
      summary: 'A title of the union catalogue',
      tags,
      request: { params: titleParams },
      response: { schema: titleSchema },
    },
    getTitleMarc: {
      method: 'GET',
      path: '/library/titles/{titleId}/marc',
      permission: 'public',
      summary: 'A title as a MARC 21 record (ISO 2709 or MARCXML)',
      tags,
      request: { params: titleParams, query: z.object({ format: format.default('marcxml') }) },
      response: { schema: z.string(), contentType: 'application/marcxml+xml' },
    },
    createTitle: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/library-titles',
      permission: 'library.catalogue',
      summary:
        'Catalogue a title for the whole city; an ISBN or title and author already catalogued is refused with its id',
      tags,
      request: { params: z.object({ orgUnitId }), body: titleInput },
      response: { status: 201, schema: titleSchema },
    },
    updateTitle: {
      method: 'PUT',
      path: '/library/titles/{titleId}',
      permission: 'library.catalogue',
      summary: 'Correct a title (by the unit that catalogued it, or the Department)',
      tags,
      request: {
        params: titleParams,
        body: titleInput.extend({ expectedRevision: z.number().int().min(1) }),
      },
      response: { schema: titleSchema },
    },
    getTitleHoldings: {
      method: 'GET',
      path: '/library/titles/{titleId}/holdings',
      permission: 'public',
      summary:
        'Which schools hold a title (with their commune), their copies, how many are on the shelf, on which shelves, and — where none is — the day the first is due back (the union catalogue; schools with a copy on the shelf first)',
      tags,
      request: { params: titleParams },
      response: {
        schema: z.object({
          items: z.array(
            z.object({
              schoolId: z.string(),
              name: z.string(),
              commune: z.string().optional(),
              copies: z.number(),
              available: z.number(),
              shelves: z.array(z.string()),
              nextDueOn: z.string().optional(),
            }),
          ),
        }),
      },
    },
    addCopies: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/library-copies',
      permission: 'library.catalogue',
      summary: 'Add copies of a catalogued title to a school, each with its barcode (unique in the school)',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        body: z.object({
          titleId: titleParams.shape.titleId,
          copies: z
            .array(
              z.object({
                barcode,
                location: z.string().trim().max(100).optional(),
                condition: z.enum(COPY_CONDITIONS).default('new'),
              }),
            )
            .min(1)
            .max(90)
            .refine(
              (c) => new Set(c.map((x) => x.barcode)).size === c.length,
              codedIssue(libraryText('barcodes-once')),
            ),
        }),
      },
      response: { status: 201, schema: z.object({ added: z.number() }) },
    },
    getTitleAtSchool: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/library-titles/{titleId}',
      permission: 'library.circulate',
      summary: 'A school’s copies of a title (status, location, condition) and its hold queue',
      tags,
      request: { params: z.object({ orgUnitId, titleId: titleParams.shape.titleId }) },
      response: {
        schema: z.object({
          holding: z.object({
            titleId: z.string(),
            schoolId: z.string(),
            copies: z.number(),
            available: z.number(),
          }),
          copies: z.array(copySchema),
          holds: z.array(holdSchema),
        }),
      },
    },
    checkOut: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/library-loans',
      permission: 'library.circulate',
      summary: 'Lend a copy (by barcode) to a student or staff member of the school (by card)',
      tags,
      request: { params: z.object({ orgUnitId }), body: z.object({ barcode, card }) },
      response: { status: 201, schema: loanSchema },
    },
    checkIn: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/library-returns',
      permission: 'library.circulate',
      summary:
        'Take a copy back (by barcode): to the hold shelf for the first borrower waiting, or the shelf',
      tags,
      request: { params: z.object({ orgUnitId }), body: z.object({ barcode }) },
      response: {
        schema: z.object({
          loanId: z.string(),
          late: z.boolean(),
          copyStatus: z.enum(COPY_STATUSES),
          keptFor: z.string().optional(),
        }),
      },
    },
    renewLoan: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/library-loans/{loanId}/renewals',
      permission: 'library.circulate',
      summary: 'Renew a loan (not when late, or when someone waits for the title)',
      tags,
      request: { params: z.object({ orgUnitId, loanId: z.uuid() }) },
      response: { schema: loanSchema },
    },
    placeHold: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/library-holds',
      permission: 'library.circulate',
      summary: 'Place a hold on a title for a borrower of the school: first come, first served',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        body: z.object({ titleId: titleParams.shape.titleId, card }),
      },
      response: { status: 201, schema: holdSchema.extend({ position: z.number() }) },
    },
    getLibraryRules: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/library-rules',
      permission: 'library.circulate',
      summary: 'A school library’s loan rules (its own, or the defaults)',
      tags,
      request: { params: z.object({ orgUnitId }) },
      response: { schema: rulesSchema },
    },
    setLibraryRules: {
      method: 'PUT',
      path: '/org-units/{orgUnitId}/library-rules',
      permission: 'library.circulate',
      summary:
        'Set a school library’s loan rules: days, limits and renewals per borrower type, hold-shelf days',
      tags,
      request: { params: z.object({ orgUnitId }), body: rulesSchema },
      response: { schema: rulesSchema },
    },
    updateCopy: {
      method: 'PATCH',
      path: '/org-units/{orgUnitId}/library-copies/{barcode}',
      permission: 'library.circulate',
      summary: 'Change a copy’s condition, shelf location or status (on the shelf, lost, withdrawn)',
      tags,
      request: {
        params: z.object({ orgUnitId, barcode }),
        body: z
          .object({
            condition: z.enum(COPY_CONDITIONS).optional(),
            location: z.string().trim().max(60).optional(),
            status: z.enum(SHELF_STATUSES).optional(),
            reason: z.string().trim().max(500).optional(),
          })
          .refine(
            (b) => b.condition || b.location !== undefined || b.status,
            codedIssue(libraryText('nothing-to-change')),
          ),
      },
      response: { schema: copySchema },
    },
    requestLabels: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/library-labels',
      permission: 'library.circulate',
      summary: 'Label sheets (PDF, A4, 3 × 8) for copies: Code 128 bars or QR codes, rendered by a worker',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        body: z.object({
          code: z.enum(['code128', 'qr']).default('code128'),
          barcodes: z.array(barcode).max(500).optional(),
          titleId: titleParams.shape.titleId.optional(),
        }),
      },
      response: { status: 202, schema: labelJobSchema },
    },
    getLabelJob: {
      method: 'GET',
      path: '/library-label-jobs/{jobId}',
      permission: 'library.circulate',
      summary: 'A label sheet: pending, or done with a short download link',
      tags,
      request: { params: z.object({ jobId: z.uuid() }) },
      response: { schema: labelJobSchema },
    },
    startStocktake: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/library-stocktakes',
      permission: 'library.circulate',
      summary: 'Open a stock-taking of a school library (one at a time)',
      tags,
      request: { params: z.object({ orgUnitId }) },
      response: { status: 201, schema: stocktakeSchema },
    },
    listStocktakes: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/library-stocktakes',
      permission: 'library.circulate',
      summary: 'A school’s stock-takings, newest first',
      tags,
      request: { params: z.object({ orgUnitId }) },
      response: { schema: z.object({ items: z.array(stocktakeSchema) }) },
    },
    getStocktake: {
      method: 'GET',
      path: '/library-stocktakes/{stocktakeId}',
      permission: 'library.circulate',
      summary: 'A stock-taking: how many scanned, and its report once finished',
      tags,
      request: { params: stocktakeParams },
      response: { schema: stocktakeSchema },
    },
    scanStocktake: {
      method: 'POST',
      path: '/library-stocktakes/{stocktakeId}/scans',
      permission: 'library.circulate',
      summary: 'A barcode scanned at the shelves (twice is once); says what the books know of it',
      tags,
      request: { params: stocktakeParams, body: z.object({ barcode }) },
      response: {
        schema: z.object({
          barcode: z.string(),
          known: z.boolean(),
          title: z.string().optional(),
          status: z.enum(COPY_STATUSES).optional(),
          location: z.string().optional(),
        }),
      },
    },
    finishStocktake: {
      method: 'POST',
      path: '/library-stocktakes/{stocktakeId}/finish',
      permission: 'library.circulate',
      summary: 'Finish scanning; a worker compares the scans with the school’s copies',
      tags,
      request: { params: stocktakeParams },
      response: { status: 202, schema: stocktakeSchema },
    },
    requestInterloan: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/interlibrary-loans',
      permission: 'library.circulate',
      summary: 'Ask another school that holds a title to lend the school a copy',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        body: z.object({
          titleId: titleParams.shape.titleId,
          lenderSchoolId: orgUnitId,
          note: z.string().trim().max(500).optional(),
        }),
      },
      response: { status: 201, schema: interloanSchema },
    },
    listInterloans: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/interlibrary-loans',
      permission: 'library.circulate',
      summary: 'A school’s inter-school loans: those it asked for, or those asked of it',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        query: z.object({
          side: z.enum(['borrower', 'lender']).default('borrower'),
          limit: z.coerce.number().int().min(1).max(100).default(25),
          cursor: z.string().max(2048).optional(),
        }),
      },
      response: { schema: z.object({ items: z.array(interloanSchema), nextCursor: z.string().optional() }) },
    },
    stepInterloan: {
      method: 'POST',
      path: '/interlibrary-loans/{requestId}/steps',
      permission: 'library.circulate',
      summary:
        'The next step of an inter-school loan, by the side whose step it is (ship: with the copy’s barcode)',
      tags,
      request: {
        params: z.object({ requestId: z.uuid() }),
        body: z.object({
          action: z.enum(INTERLOAN_ACTIONS),
          barcode: barcode.optional(),
          note: z.string().trim().max(500).optional(),
        }),
      },
      response: { schema: interloanSchema },
    },
    getLibraryStatistics: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/library-statistics',
      permission: 'library.statistics',
      summary:
        'Library figures of this school year: a school’s own, a commune’s per school, the city’s per commune — counts only, no borrower',
      tags,
      request: { params: z.object({ orgUnitId }) },
      response: { schema: statisticsSchema },
    },
    listOverdue: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/library-overdue',
      permission: 'library.circulate',
      summary: 'The school’s loans past their due day, the oldest first',
      tags,
      request: {
        params: z.object({ orgUnitId }),
        query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) }),
      },
      response: { schema: z.object({ items: z.array(loanSchema) }) },
    },
    borrowerLoans: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/library-borrower-loans',
      permission: 'library.circulate',
      summary: 'A borrower’s loans at the school, found by their card (in the body: cards are personal IDs)',
      tags,
      request: { params: z.object({ orgUnitId }), body: z.object({ card }) },
      response: {
        schema: z.object({
          borrower: z.object({ borrowerName: z.string(), borrowerType: z.enum(BORROWER_TYPES) }),
          loans: z.array(loanSchema),
        }),
      },
    },
    getLearnerLibrary: {
      method: 'GET',
      path: '/learners/{recordId}/library',
      permission: 'learner.read',
      signIn: 'any',
      summary:
        'A learner’s library as they and their linked guardians see it: the books they have now (due day, overdue) and their holds waiting or ready on a hold shelf',
      tags,
      request: { params: z.object({ recordId: z.uuid() }) },
      response: {
        schema: z
          .object({
            loans: z.array(
              z.object({
                loanId: z.string(),
                titleId: z.string(),
                title: z.string(),
                schoolId: z.string(),
                schoolName: z.string(),
                loanedAt: z.string(),
                dueOn: z.string(),
                renewals: z.number(),
                overdue: z.boolean(),
              }),
            ),
            holds: z.array(
              z.object({
                holdId: z.string(),
                titleId: z.string(),
                title: z.string(),
                schoolId: z.string(),
                schoolName: z.string(),
                placedAt: z.string(),
                status: z.enum(['waiting', 'ready']),
                /** Ready: the last day the copy waits on the hold shelf. */
                readyUntil: z.string().optional(),
              }),
            ),
          })
          .meta({ id: 'LearnerLibrary' }),
      },
    },
    requestCatalogueImport: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/catalogue-imports',
      permission: 'library.catalogue',
      summary: 'Import MARC 21 records (ISO 2709 or MARCXML): answers with a link to upload the file to',
      tags,
      request: { params: z.object({ orgUnitId }), body: z.object({ format: fileFormat.default('iso2709') }) },
      response: { status: 201, schema: jobSchema },
    },
    requestCatalogueExport: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/catalogue-exports',
      permission: 'library.catalogue',
      summary: 'Export the titles a unit catalogued as MARC 21; a worker writes the file',
      tags,
      request: { params: z.object({ orgUnitId }), body: z.object({ format: fileFormat.default('marcxml') }) },
      response: { status: 202, schema: jobSchema },
    },
    listMyCatalogueImports: {
      method: 'GET',
      path: '/me/catalogue-imports',
      permission: 'library.catalogue',
      summary:
        'My own MARC imports of the last days (7 unless asked, at most 30), newest first, with the unit’s name ' +
        'and each record’s outcome — only for units I still catalogue for',
      tags,
      request: { query: recentJobsQuery },
      response: { schema: z.object({ items: z.array(jobSchema.extend({ orgUnitName: z.string() })) }) },
    },
    getCatalogueJob: {
      method: 'GET',
      path: '/catalogue-jobs/{jobId}',
      permission: 'library.catalogue',
      summary: 'How a MARC import or export went: counts, each record’s outcome, the file’s link',
      tags,
      request: { params: z.object({ jobId: z.uuid() }) },
      response: { schema: jobSchema },
    },
  },
  queues: {
    [CATALOGUE_IMPORTS_QUEUE]: {
      visibilityTimeoutSeconds: 5400,
      maxReceiveCount: 3,
      description: 'MARC files uploaded for import (announced by S3)',
      objectCreated: { bucket: 'documents', prefix: CATALOGUE_IMPORT_PREFIX },
    },
    [CATALOGUE_EXPORTS_QUEUE]: {
      visibilityTimeoutSeconds: 5400,
      maxReceiveCount: 3,
      description: 'MARC exports to write',
    },
    [LABELS_QUEUE]: {
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
      description: 'Label sheets to render',
    },
    [STOCKTAKE_QUEUE]: {
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 3,
      description: 'Finished stock-takings to report',
    },
    [TALLY_QUEUE]: {
      visibilityTimeoutSeconds: 720,
      maxReceiveCount: 5,
      description: 'Schools whose library figures to recount',
    },
  },
  workers: {
    'import-catalogue': {
      file: 'import-catalogue',
      description: 'Catalogues each record of an uploaded MARC file, reporting duplicates and bad fields',
      trigger: { kind: 'queue', queue: CATALOGUE_IMPORTS_QUEUE, batchSize: 1 },
      timeoutSeconds: 900,
      memoryMb: 1024,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'documents', prefix: 'imports/catalogue/', access: 'read' }],
      },
    },
    'remind-library-loans': {
      file: 'remind-library-loans',
      description: 'Reminds borrowers of loans due within two days or late (notifications queue)',
      trigger: {
        kind: 'schedule',
        expression: 'cron(0 7 * * ? *)',
        description: 'Every day at 07:00 Hải Phòng time',
      },
      timeoutSeconds: 600,
      access: { table: 'read', sendsTo: ['notifications'] },
    },
    'render-labels': {
      file: 'render-labels',
      description: 'Renders a label sheet of copies (PDF: Code 128 or QR, the title, the shelf)',
      trigger: { kind: 'queue', queue: LABELS_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      bundlePdfFonts: true,
      access: { table: 'readwrite', buckets: [{ bucket: 'reports', prefix: 'labels/', access: 'write' }] },
    },
    'report-stocktake': {
      file: 'report-stocktake',
      description: 'Compares a stock-taking’s scans with the school’s copies (missing, found again, unknown)',
      trigger: { kind: 'queue', queue: STOCKTAKE_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 512,
      access: { table: 'readwrite' },
    },
    'expire-library-holds': {
      file: 'expire-library-holds',
      description: 'Passes copies left on the hold shelf past their day to the next borrower waiting',
      trigger: {
        kind: 'schedule',
        expression: 'cron(30 6 * * ? *)',
        description: 'Every day at 06:30 Hải Phòng time',
      },
      timeoutSeconds: 600,
      access: { table: 'readwrite', sendsTo: ['library-tallies', 'notifications'] },
    },
    'tally-library': {
      file: 'tally-library',
      description: 'Recounts a school’s library figures (titles, copies, loans, learners, digital resources)',
      trigger: { kind: 'queue', queue: TALLY_QUEUE, batchSize: 5 },
      timeoutSeconds: 120,
      access: { table: 'readwrite' },
    },
    'tally-all-libraries': {
      file: 'tally-all-libraries',
      description: 'Nightly: asks for every school’s library figures to be recounted',
      trigger: { kind: 'schedule', expression: 'cron(15 2 * * ? *)', description: 'Every night at 02:15' },
      timeoutSeconds: 300,
      access: { table: 'read', sendsTo: ['library-tallies'] },
    },
    'export-catalogue': {
      file: 'export-catalogue',
      description: 'Writes the titles a unit catalogued to a MARC 21 file in the reports bucket',
      trigger: { kind: 'queue', queue: CATALOGUE_EXPORTS_QUEUE, batchSize: 1 },
      timeoutSeconds: 900,
      memoryMb: 1024,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'reports', prefix: 'exports/catalogue/', access: 'write' }],
      },
    },
  },
});
