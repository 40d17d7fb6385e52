/**
 * The library's items on the single table.
 *
 * Access patterns:
 * - a title by id: GetItem (`libTitle`)
 * - a title by ISBN-13: GetItem on its guard (`isbnGuard`), written with the title in one
 *   transaction so an ISBN is catalogued once city-wide
 * - titles with the same folded title and first author (duplicates without an ISBN): gsi1
 * - titles a unit catalogued (its MARC export): gsi2
 * - search: one Query on a word's index entries (`searchEntry`, partition = the folded word or
 *   word pair, sorted by field then folded title), the word chosen by its count (`termCount`)
 * - a catalogue import or export job: GetItem (`catalogueJob`)
 * - a copy by school and barcode: GetItem (`libCopy`); a title's copies by school: gsi1
 * - which schools hold a title, with counts: Query (`libHolding`); a school's titles: gsi2
 * - a borrower's loans (open first): gsi1; a school's open loans by due day (overdue): gsi2
 * - a title's hold queue at a school: Query (`libHold`, in the order placed); a borrower's holds,
 *   newest first: gsi1 (a learner's and their guardians' view)
 * - the library figures of every school for a school year: one partition (`libTally`)
 * - a school's copies in barcode order: gsi2 of `libCopy` (stock-taking)
 * - a school's rules: GetItem (`libRules`); copies kept on its hold shelf by day (`libShelfHold`)
 * - a stock-taking and its scans (`libStocktake`, `libStocktakeScan`); a school's stock-takings: gsi1
 * - an inter-school loan (`libInterloan`); a school's requests: gsi1, requests to it: gsi2
 * - a label sheet to render (`libLabelJob`)
 */
import { Entity, Service } from 'electrodb';
import { makeAuditEntity } from '#shared/audit/entity.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { jobAttributes, jobById, jobByRequester } from '#shared/jobs/attributes.ts';
import { LANGUAGES, TITLE_TYPES } from './domain/catalogue.ts';
import { BORROWER_TYPES, COPY_CONDITIONS, COPY_STATUSES } from './domain/circulation.ts';
import { INTERLOAN_STATUSES } from './domain/interloan.ts';

const SERVICE = 'edu';

export function makeLibraryEntities({ client, table }: TableDeps) {
  const libTitle = new Entity(
    {
      model: { entity: 'libTitle', version: '1', service: SERVICE },
      attributes: {
        titleId: { type: 'string', required: true },
        isbn: { type: 'string' },
        title: { type: 'string', required: true },
        subtitle: { type: 'string' },
        authors: { type: 'list', items: { type: 'string' }, required: true },
        publisher: { type: 'string' },
        year: { type: 'number' },
        language: { type: LANGUAGES, required: true },
        type: { type: TITLE_TYPES, required: true },
        subjects: { type: 'list', items: { type: 'string' }, required: true },
        classification: { type: 'string' },
        curriculum: { type: 'any', required: true },
        /** Folded title | first author: finds the same work again without an ISBN. */
        titleAuthorKey: { type: 'string', required: true },
        /** The index terms written for this title (to remove them when it changes). */
        terms: { type: 'list', items: { type: 'string' }, required: true },
        /** A digital resource of the learning repository: its id and who may open it. */
        resourceId: { type: 'string' },
        licence: { type: ['open', 'city', 'school'] as const },
        createdBy: { type: 'string', required: true },
        /** The unit whose cataloguer made the record (a school, or the Department). */
        createdByUnit: { type: 'string', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        revision: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['titleId'] }, sk: { field: 'sk', composite: [] } },
        byTitleAuthor: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['titleAuthorKey'] },
          sk: { field: 'gsi1sk', composite: ['titleId'] },
        },
        byUnit: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['createdByUnit'] },
          sk: { field: 'gsi2sk', composite: ['titleId'] },
        },
      },
    },
    { client, table },
  );

  const isbnGuard = new Entity(
    {
      model: { entity: 'isbnGuard', version: '1', service: SERVICE },
      attributes: {
        isbn: { type: 'string', required: true },
        titleId: { type: 'string', required: true },
      },
      indexes: { byIsbn: { pk: { field: 'pk', composite: ['isbn'] }, sk: { field: 'sk', composite: [] } } },
    },
    { client, table },
  );

  /** One per index term and title: enough to match, score and show a result without the title. */
  const searchEntry = new Entity(
    {
      model: { entity: 'searchEntry', version: '1', service: SERVICE },
      attributes: {
        term: { type: 'string', required: true },
        /** Field rank (0 ISBN, 1 title, 2 author, 3 other), folded title, id: the read order. */
        order: { type: 'string', required: true },
        titleId: { type: 'string', required: true },
        ft: { type: 'string', required: true },
        fa: { type: 'string', required: true },
        fo: { type: 'string', required: true },
        title: { type: 'string', required: true },
        authors: { type: 'list', items: { type: 'string' }, required: true },
        year: { type: 'number' },
        type: { type: TITLE_TYPES, required: true },
        grades: { type: 'list', items: { type: 'number' }, required: true },
      },
      indexes: {
        byTerm: {
          pk: { field: 'pk', composite: ['term'] },
          sk: { field: 'sk', composite: ['order'] },
        },
      },
    },
    { client, table },
  );

  /** How many index entries a term has (approximate: added outside the title's transaction). */
  const termCount = new Entity(
    {
      model: { entity: 'termCount', version: '1', service: SERVICE },
      attributes: {
        term: { type: 'string', required: true },
        entries: { type: 'number', required: true, default: 0 },
      },
      indexes: { byTerm: { pk: { field: 'pk', composite: ['term'] }, sk: { field: 'sk', composite: [] } } },
    },
    { client, table },
  );

  /** A copy a school holds, by its barcode (unique in the school). */
  const libCopy = new Entity(
    {
      model: { entity: 'libCopy', version: '1', service: SERVICE },
      attributes: {
        schoolId: { type: 'string', required: true },
        barcode: { type: 'string', required: true },
        titleId: { type: 'string', required: true },
        location: { type: 'string' },
        condition: { type: COPY_CONDITIONS, required: true },
        status: { type: COPY_STATUSES, required: true },
        /** The open loan, while on loan. */
        loanId: { type: 'string' },
        /** The hold it is kept for on the hold shelf, and its borrower. */
        holdId: { type: 'string' },
        holdPlacedAt: { type: 'string' },
        keptFor: { type: 'string' },
        keptUntil: { type: 'string' },
        addedAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byBarcode: {
          pk: { field: 'pk', composite: ['schoolId', 'barcode'] },
          sk: { field: 'sk', composite: [] },
        },
        byTitle: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['titleId'] },
          sk: { field: 'gsi1sk', composite: ['schoolId', 'barcode'] },
        },
        /** A school's copies in barcode order (stock-taking). */
        bySchool: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['schoolId'] },
          sk: { field: 'gsi2sk', composite: ['barcode'] },
        },
      },
    },
    { client, table },
  );

  /** A school's own loan rules (absent: the defaults). */
  const libRules = new Entity(
    {
      model: { entity: 'libRules', version: '1', service: SERVICE },
      attributes: {
        schoolId: { type: 'string', required: true },
        rules: { type: 'any', required: true },
        updatedBy: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        bySchool: { pk: { field: 'pk', composite: ['schoolId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );

  /**
   * A copy kept on a school's hold shelf until a day: the morning run finds those past their day
   * with one Query per school and passes each copy to the next borrower waiting.
   */
  const libShelfHold = new Entity(
    {
      model: { entity: 'libShelfHold', version: '1', service: SERVICE },
      attributes: {
        schoolId: { type: 'string', required: true },
        readyUntil: { type: 'string', required: true },
        barcode: { type: 'string', required: true },
        titleId: { type: 'string', required: true },
        holdId: { type: 'string', required: true },
        holdPlacedAt: { type: 'string', required: true },
      },
      indexes: {
        bySchool: {
          pk: { field: 'pk', composite: ['schoolId'] },
          sk: { field: 'sk', composite: ['readyUntil', 'barcode'] },
        },
      },
    },
    { client, table },
  );

  /** A stock-taking session of a school, and its report once finished. */
  const libStocktake = new Entity(
    {
      model: { entity: 'libStocktake', version: '1', service: SERVICE },
      attributes: {
        stocktakeId: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        status: { type: ['open', 'counting', 'done'] as const, required: true },
        startedBy: { type: 'string', required: true },
        startedAt: { type: 'string', required: true },
        finishedAt: { type: 'string' },
        report: { type: 'any' },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['stocktakeId'] }, sk: { field: 'sk', composite: [] } },
        bySchool: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['schoolId'] },
          sk: { field: 'gsi1sk', composite: ['startedAt', 'stocktakeId'] },
        },
      },
    },
    { client, table },
  );

  /** A barcode scanned in a stock-taking (scanning twice is one scan). */
  const libStocktakeScan = new Entity(
    {
      model: { entity: 'libStocktakeScan', version: '1', service: SERVICE },
      attributes: {
        stocktakeId: { type: 'string', required: true },
        barcode: { type: 'string', required: true },
        scannedAt: { type: 'string', required: true },
      },
      indexes: {
        byStocktake: {
          pk: { field: 'pk', composite: ['stocktakeId'] },
          sk: { field: 'sk', composite: ['barcode'] },
        },
      },
    },
    { client, table },
  );

  /** An inter-school loan request and its trail; each school lists its own side. */
  const libInterloan = new Entity(
    {
      model: { entity: 'libInterloan', version: '1', service: SERVICE },
      attributes: {
        requestId: { type: 'string', required: true },
        titleId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        borrowerSchool: { type: 'string', required: true },
        lenderSchool: { type: 'string', required: true },
        status: { type: INTERLOAN_STATUSES, required: true },
        barcode: { type: 'string' },
        note: { type: 'string' },
        trail: { type: 'any', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        revision: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['requestId'] }, sk: { field: 'sk', composite: [] } },
        byBorrower: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['borrowerSchool'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'requestId'] },
        },
        byLender: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['lenderSchool'] },
          sk: { field: 'gsi2sk', composite: ['createdAt', 'requestId'] },
        },
      },
    },
    { client, table },
  );

  /** A sheet of copy labels to print: which copies, the code, and the PDF once rendered. */
  const libLabelJob = new Entity(
    {
      model: { entity: 'libLabelJob', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('jobId'),
        code: { type: ['code128', 'qr'] as const, required: true },
        barcodes: { type: 'list', items: { type: 'string' } },
        titleId: { type: 'string' },
        labels: { type: 'number' },
      },
      indexes: jobById('jobId'),
    },
    { client, table },
  );

  /** A school's copies of a title, counted: what the union catalogue shows ("held by"). */
  const libHolding = new Entity(
    {
      model: { entity: 'libHolding', version: '1', service: SERVICE },
      attributes: {
        titleId: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        copies: { type: 'number', required: true, default: 0 },
        available: { type: 'number', required: true, default: 0 },
        /**
         * The shelves the school's copies stand on (lost and withdrawn ones left out), recounted
         * from the school's copies of the title when copies are added or one moves or changes
         * status: what the public title page shows. Absent on holdings from before it existed.
         */
        shelves: { type: 'list', items: { type: 'string' } },
      },
      indexes: {
        byTitle: {
          pk: { field: 'pk', composite: ['titleId'] },
          sk: { field: 'sk', composite: ['schoolId'] },
        },
        bySchool: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['schoolId'] },
          sk: { field: 'gsi2sk', composite: ['titleId'] },
        },
      },
    },
    { client, table },
  );

  /** A loan: open until returned; a borrower's loans on gsi1, a school's open loans by due day on gsi2. */
  const libLoan = new Entity(
    {
      model: { entity: 'libLoan', version: '1', service: SERVICE },
      attributes: {
        loanId: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        barcode: { type: 'string', required: true },
        titleId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        borrowerId: { type: 'string', required: true },
        borrowerName: { type: 'string', required: true },
        borrowerType: { type: BORROWER_TYPES, required: true },
        state: { type: ['open', 'closed'] as const, required: true },
        loanedAt: { type: 'string', required: true },
        dueOn: { type: 'string', required: true },
        renewals: { type: 'number', required: true },
        returnedAt: { type: 'string' },
        revision: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['loanId'] }, sk: { field: 'sk', composite: [] } },
        byBorrower: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['borrowerId'] },
          sk: { field: 'gsi1sk', composite: ['state', 'loanedAt', 'loanId'] },
        },
        bySchoolState: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['schoolId', 'state'] },
          sk: { field: 'gsi2sk', composite: ['dueOn', 'loanId'] },
        },
      },
    },
    { client, table },
  );

  /** A hold on a title at a school: the queue is the partition, in the order holds were placed. */
  const libHold = new Entity(
    {
      model: { entity: 'libHold', version: '1', service: SERVICE },
      attributes: {
        titleId: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        placedAt: { type: 'string', required: true },
        holdId: { type: 'string', required: true },
        borrowerId: { type: 'string', required: true },
        borrowerName: { type: 'string', required: true },
        status: { type: ['waiting', 'ready', 'fulfilled', 'cancelled', 'expired'] as const, required: true },
        readyUntil: { type: 'string' },
        barcode: { type: 'string' },
      },
      indexes: {
        byQueue: {
          pk: { field: 'pk', composite: ['titleId', 'schoolId'] },
          sk: { field: 'sk', composite: ['placedAt', 'holdId'] },
        },
        /** Keyed by what never changes on a hold, so a status change does not move it. */
        byBorrower: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['borrowerId'] },
          sk: { field: 'gsi1sk', composite: ['placedAt', 'holdId'] },
        },
      },
    },
    { client, table },
  );

  /** A MARC import or export and how it went. */
  const catalogueJob = new Entity(
    {
      model: { entity: 'catalogueJob', version: '1', service: SERVICE },
      attributes: {
        ...jobAttributes('jobId'),
        kind: { type: ['import', 'export'] as const, required: true },
        format: { type: ['iso2709', 'marcxml', 'xlsx'] as const, required: true },
        records: { type: 'number' },
        created: { type: 'number' },
        duplicates: { type: 'number' },
        failed: { type: 'number' },
        /** Per record: what went wrong, or which title it duplicated and why. */
        report: { type: 'any' },
      },
      indexes: { ...jobById('jobId'), ...jobByRequester() },
    },
    { client, table },
  );

  /** A school's library figures of a school year, recounted by a worker soon after each change. */
  const libTally = new Entity(
    {
      model: { entity: 'libTally', version: '1', service: SERVICE },
      attributes: {
        schoolYear: { type: 'string', required: true },
        schoolId: { type: 'string', required: true },
        /** Kept on tallies written before the sums read the org tree; never trusted. */
        lineage: { type: 'list', items: { type: 'string' } },
        counts: { type: 'any', required: true },
        computedAt: { type: 'string', required: true },
      },
      indexes: {
        byYear: {
          pk: { field: 'pk', composite: ['schoolYear'] },
          sk: { field: 'sk', composite: ['schoolId'] },
        },
      },
    },
    { client, table },
  );

  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service(
    {
      libTitle,
      isbnGuard,
      searchEntry,
      termCount,
      libCopy,
      libHolding,
      libLoan,
      libHold,
      catalogueJob,
      libTally,
      libRules,
      libShelfHold,
      libStocktake,
      libStocktakeScan,
      libInterloan,
      libLabelJob,
      auditEntry,
    },
    { client, table },
  );
  return {
    libTitle,
    isbnGuard,
    searchEntry,
    termCount,
    libCopy,
    libHolding,
    libLoan,
    libHold,
    catalogueJob,
    libTally,
    libRules,
    libShelfHold,
    libStocktake,
    libStocktakeScan,
    libInterloan,
    libLabelJob,
    auditEntry,
    service,
  };
}

export type LibraryEntities = ReturnType<typeof makeLibraryEntities>;
export const libraryEntities = lazyStore(makeLibraryEntities);
