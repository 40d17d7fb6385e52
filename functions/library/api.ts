import { learnerOf } from '#functions/edu-data/index.ts';
import { can } from '#shared/auth/can.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, type RequestContext, reply } from '#shared/http/api.ts';
import { badRequest, fieldError, notFound } from '#shared/http/problem.ts';
import { recentJobsOf } from '#shared/jobs/recent.ts';
import type { RouteDefinition } from '#shared/manifest.ts';
import { makeCatalogue, type TitleItem } from './catalogue.ts';
import { MARC_TYPES, makeCatalogueJobs } from './catalogue-jobs.ts';
import { type CopyItem, type LoanItem, makeCirculation } from './circulation.ts';
import { byAvailability } from './domain/holdings.ts';
import { writeMarc } from './domain/marc.ts';
import { libraryText } from './domain/texts.ts';
import { type InterloanItem, makeInterloans } from './interloan.ts';
import { makeLabelJobs } from './labels.ts';
import { makeLearnerLibrary } from './learner-loans.ts';
import { libraryManifest } from './manifest.ts';
import { makeLibraryStatistics } from './statistics.ts';
import { makeStocktakes, type StocktakeItem } from './stocktake.ts';

const catalogue = makeCatalogue();
const circulation = makeCirculation();
const jobs = makeCatalogueJobs();
const statistics = makeLibraryStatistics();
const stocktakes = makeStocktakes();
const interloans = makeInterloans();
const labels = makeLabelJobs();
const learnerLibrary = makeLearnerLibrary();

/** What callers get of a title: not the index bookkeeping or who typed it. */
const present = ({ terms: _t, titleAuthorKey: _k, createdBy: _c, ...visible }: TitleItem) => visible;

/** A search cursor: the driving term's window and the offset in it, bound to the query. */
const SEARCH_CURSOR = 'library-search';
const encodeSearchCursor = (q: string, next: { after?: string; offset: number }) =>
  Buffer.from(JSON.stringify({ s: SEARCH_CURSOR, q, ...next })).toString('base64url');
function decodeSearchCursor(q: string, cursor: string | undefined) {
  if (!cursor) return null;
  try {
    const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      s?: string;
      q?: string;
      after?: string;
      offset?: number;
    };
    if (raw.s !== SEARCH_CURSOR || raw.q !== q || !Number.isInteger(raw.offset) || raw.offset! < 0)
      throw new Error();
    return { ...(typeof raw.after === 'string' ? { after: raw.after } : {}), offset: raw.offset! };
  } catch {
    throw badRequest(libraryText('cursor-other-search'), [
      fieldError('query', 'cursor', libraryText('not-cursor')),
    ]);
  }
}

/** What a school sees of an inter-school loan: not the account ids in its trail. */
const presentInterloan = ({ trail, revision: _r, ...r }: InterloanItem) => ({
  ...r,
  trail: trail.map(({ by: _b, ...t }) => t),
});

/** What callers get of a copy: not who it is kept for on the hold shelf. */
const presentCopy = ({ keptFor: _k, holdId: _h, holdPlacedAt: _p, loanId: _l, ...copy }: CopyItem) => copy;

/** What the desk sees of a loan: not the education-database ids behind the borrower. */
const presentLoan = ({ borrowerId: _b, schoolId: _s, revision: _r, ...visible }: LoanItem) => visible;

/**
 * A school's lending desk, for people of that school only: borrowers' loans are personal data, so
 * the permission table gives `library.circulate` at the assignment's own unit alone (a commune or
 * Department role, which covers the school for statistics, does not open it).
 */
async function lendingDesk(authorize: RequestContext<RouteDefinition>['authorize'], schoolId: string) {
  const school = await authorize('library.circulate', schoolId);
  // The org tree read the unit to authorize: its kind comes with it.
  if (school.kind !== 'school')
    throw badRequest(libraryText('desk-school'), [
      fieldError('path', 'orgUnitId', libraryText('not-school')),
    ]);
  return school;
}

/** A stock-taking, for the people of its school's library only. */
async function stocktakeAtDesk(
  stocktakeId: string,
  authorize: RequestContext<RouteDefinition>['authorize'],
): Promise<StocktakeItem> {
  const s = await stocktakes.get(stocktakeId);
  if (!s) throw notFound();
  await lendingDesk(authorize, s.schoolId);
  return s;
}

export const handler = makeApi(libraryManifest, {
  async searchCatalogue({ query }) {
    const page = await catalogue.search(
      query.q,
      {
        ...(query.type ? { type: query.type } : {}),
        ...(query.grade ? { grade: query.grade } : {}),
        ...(query.lesson ? { lesson: query.lesson } : {}),
        ...(query.school ? { school: query.school } : {}),
      },
      query.limit,
      decodeSearchCursor(`${query.q}|${query.lesson ?? ''}|${query.school ?? ''}`, query.cursor),
    );
    return {
      items: page.items,
      ...(page.next
        ? {
            nextCursor: encodeSearchCursor(
              `${query.q}|${query.lesson ?? ''}|${query.school ?? ''}`,
              page.next,
            ),
          }
        : {}),
    };
  },

  async getTitle({ params }) {
    const t = await catalogue.get(params.titleId);
    if (!t) throw notFound();
    return present(t);
  },

  async getTitleMarc({ params, query }) {
    const t = await catalogue.get(params.titleId);
    if (!t) throw notFound();
    return reply(200, writeMarc([t], query.format), {
      'content-type': `${MARC_TYPES[query.format]}; charset=utf-8`,
      'content-disposition': `attachment; filename="${t.titleId}.${query.format === 'iso2709' ? 'mrc' : 'xml'}"`,
    });
  },

  async createTitle({ params, body, principal, correlationId, authorize }) {
    const unit = await authorize('library.catalogue', params.orgUnitId);
    const t = await catalogue.create(body, unit, { accountId: principal.sub, requestId: correlationId });
    return reply(201, present(t));
  },

  async updateTitle({ params, body, principal, correlationId, authorize }) {
    const before = await catalogue.get(params.titleId);
    if (!before) throw notFound();
    // The unit that catalogued a title corrects it (the Department's cataloguers any title).
    const unit = await authorize('library.catalogue', before.createdByUnit);
    const { expectedRevision, ...input } = body;
    return present(
      await catalogue.update(
        before,
        input,
        unit,
        { accountId: principal.sub, requestId: correlationId },
        expectedRevision,
      ),
    );
  },

  async getTitleHoldings({ params }) {
    if (!(await catalogue.get(params.titleId))) throw notFound();
    const holdings = await circulation.holdingsOf(params.titleId);
    // Each school with its commune (the school's parent in the tree, read now: schools move).
    const units = await orgTree().many(holdings.map((h) => h.schoolId));
    const communeOf = (schoolId: string) => units.get(schoolId)?.lineage.at(-2);
    const names = await orgUnitNames([
      ...holdings.map((h) => h.schoolId),
      ...holdings.map((h) => communeOf(h.schoolId) ?? ''),
    ]);
    return {
      items: holdings
        .map((h) => {
          const commune = names.get(communeOf(h.schoolId) ?? '');
          return {
            schoolId: h.schoolId,
            name: names.get(h.schoolId) ?? h.schoolId,
            ...(commune ? { commune } : {}),
            copies: h.copies,
            available: h.available,
            shelves: h.shelves,
            ...(h.nextDueOn ? { nextDueOn: h.nextDueOn } : {}),
          };
        })
        .sort(byAvailability),
    };
  },

  async addCopies({ params, body, principal, correlationId, authorize }) {
    const school = await authorize('library.catalogue', params.orgUnitId);
    if (school.kind !== 'school')
      throw badRequest(libraryText('copies-school'), [
        fieldError('path', 'orgUnitId', libraryText('not-school')),
      ]);
    if (!(await catalogue.get(body.titleId)))
      throw badRequest(libraryText('catalogue-first'), [
        fieldError('body', 'titleId', libraryText('not-in-catalogue')),
      ]);
    const added = await circulation.addCopies(school, body.titleId, body.copies, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return reply(201, { added });
  },

  async getTitleAtSchool({ params, authorize }) {
    await lendingDesk(authorize, params.orgUnitId);
    const at = await circulation.titleAtSchool(params.orgUnitId, params.titleId);
    return {
      holding: at.holding,
      copies: at.copies.map(({ barcode, titleId, location, condition, status }) => ({
        barcode,
        titleId,
        ...(location ? { location } : {}),
        condition,
        status,
      })),
      holds: at.holds.map(({ holdId, titleId, borrowerName, placedAt, status, readyUntil }) => ({
        holdId,
        titleId,
        borrowerName,
        placedAt,
        status,
        ...(readyUntil ? { readyUntil } : {}),
      })),
    };
  },

  async checkOut({ params, body, principal, correlationId, authorize }) {
    const school = await lendingDesk(authorize, params.orgUnitId);
    const loan = await circulation.checkOut(school, body.barcode, body.card, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return reply(201, presentLoan(loan));
  },

  async checkIn({ params, body, principal, correlationId, authorize }) {
    const school = await lendingDesk(authorize, params.orgUnitId);
    const returned = await circulation.checkIn(school, body.barcode, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return returned;
  },

  async renewLoan({ params, principal, correlationId, authorize }) {
    const school = await lendingDesk(authorize, params.orgUnitId);
    const renewed = await circulation.renew(school, params.loanId, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return presentLoan(renewed);
  },

  async placeHold({ params, body, principal, correlationId, authorize }) {
    const school = await lendingDesk(authorize, params.orgUnitId);
    const hold = await circulation.placeHold(school, body.titleId, body.card, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    const { borrowerId: _b, schoolId: _s, ...visible } = hold;
    return reply(201, visible);
  },

  async getLibraryRules({ params, authorize }) {
    await authorize('library.circulate', params.orgUnitId);
    return circulation.rulesOf(params.orgUnitId);
  },

  async setLibraryRules({ params, body, principal, correlationId, authorize }) {
    const school = await lendingDesk(authorize, params.orgUnitId);
    return circulation.setRules(school, body, { accountId: principal.sub, requestId: correlationId });
  },

  async updateCopy({ params, body, principal, correlationId, authorize }) {
    const school = await lendingDesk(authorize, params.orgUnitId);
    const copy = await circulation.changeCopy(school, params.barcode, body, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return presentCopy(copy);
  },

  async requestLabels({ params, body, principal, authorize }) {
    const school = await lendingDesk(authorize, params.orgUnitId);
    return reply(202, await labels.request(school.orgUnitId, body, principal.sub));
  },

  async getLabelJob({ params, authorize }) {
    const job = await labels.get(params.jobId);
    if (!job) throw notFound();
    await lendingDesk(authorize, job.orgUnitId);
    return labels.present(job);
  },

  async startStocktake({ params, principal, correlationId, authorize }) {
    const school = await lendingDesk(authorize, params.orgUnitId);
    return reply(201, await stocktakes.start(school, { accountId: principal.sub, requestId: correlationId }));
  },

  async listStocktakes({ params, authorize }) {
    await lendingDesk(authorize, params.orgUnitId);
    return { items: await stocktakes.ofSchool(params.orgUnitId, 20) };
  },

  async getStocktake({ params, authorize }) {
    const s = await stocktakeAtDesk(params.stocktakeId, authorize);
    return {
      ...s,
      ...(s.status === 'open' ? { scanned: (await stocktakes.scanned(s.stocktakeId)).length } : {}),
    };
  },

  async scanStocktake({ params, body, authorize }) {
    const s = await stocktakeAtDesk(params.stocktakeId, authorize);
    return stocktakes.scan(s, body.barcode);
  },

  async finishStocktake({ params, principal, correlationId, authorize }) {
    const s = await stocktakeAtDesk(params.stocktakeId, authorize);
    const school = await authorize('library.circulate', s.schoolId);
    return reply(
      202,
      await stocktakes.finish(s, { accountId: principal.sub, requestId: correlationId }, school),
    );
  },

  async requestInterloan({ params, body, principal, correlationId, authorize }) {
    const school = await lendingDesk(authorize, params.orgUnitId);
    const r = await interloans.request(school, body.titleId, body.lenderSchoolId, body.note, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return reply(201, presentInterloan(r));
  },

  async listInterloans({ params, query, authorize }) {
    await lendingDesk(authorize, params.orgUnitId);
    const scope = `interloans:${params.orgUnitId}:${query.side}`;
    const page = await interloans.ofSchool(
      params.orgUnitId,
      query.side,
      query.limit,
      decodeCursor(scope, query.cursor),
    );
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: page.items.map(presentInterloan), ...(nextCursor ? { nextCursor } : {}) };
  },

  async stepInterloan({ params, body, principal, correlationId, authorize }) {
    const r = await interloans.get(params.requestId);
    if (!r) throw notFound();
    // The caller's side: the school whose library they work at (the lender's first).
    const sides = await orgTree().many([r.lenderSchool, r.borrowerSchool]);
    const mine = [r.lenderSchool, r.borrowerSchool].find((id) => {
      const side = sides.get(id);
      return side && can(principal, 'library.circulate', side);
    });
    if (!mine) throw notFound();
    const at = await lendingDesk(authorize, mine);
    const next = await interloans.step(r, body.action, at, body, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return presentInterloan(next);
  },

  async getLibraryStatistics({ params, authorize }) {
    // Counts only: a commune or the Department sees these, never a borrower's loans.
    const unit = await authorize('library.statistics', params.orgUnitId);
    return statistics.read(unit);
  },

  async listOverdue({ params, query, authorize }) {
    await lendingDesk(authorize, params.orgUnitId);
    return { items: (await circulation.overdue(params.orgUnitId, query.limit)).map(presentLoan) };
  },

  async borrowerLoans({ params, body, authorize }) {
    await lendingDesk(authorize, params.orgUnitId);
    const { borrower, loans } = await circulation.loansOf(params.orgUnitId, body.card);
    return {
      borrower: { borrowerName: borrower.borrowerName, borrowerType: borrower.borrowerType },
      loans: loans.map(presentLoan),
    };
  },

  async getLearnerLibrary({ params, authorize }) {
    const learner = await learnerOf(params.recordId);
    // Linked or not, a learner one may not see answers as one that does not exist.
    if (!learner) throw notFound();
    await authorize('learner.read', learner.schoolId, { person: learner.recordId });
    return learnerLibrary.of(learner.recordId);
  },

  async requestCatalogueImport({ params, body, principal, authorize }) {
    await authorize('library.catalogue', params.orgUnitId);
    return reply(201, await jobs.requestImport(params.orgUnitId, body.format, principal.sub));
  },

  async requestCatalogueExport({ params, body, principal, authorize }) {
    // An unknown unit is a 404 from authorize.
    await authorize('library.catalogue', params.orgUnitId);
    return reply(202, await jobs.requestExport(params.orgUnitId, body.format, principal.sub));
  },

  async listMyCatalogueImports({ query, principal }) {
    return {
      items: await recentJobsOf(jobs, principal, 'library.catalogue', query.days, (j) => j.kind === 'import'),
    };
  },

  async getCatalogueJob({ params, authorize }) {
    const job = await jobs.get(params.jobId);
    if (!job) throw notFound();
    await authorize('library.catalogue', job.orgUnitId);
    return jobs.present(job);
  },
});
