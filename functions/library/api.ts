import { authEntities } from '#shared/auth/store.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { badRequest, notFound } from '#shared/http/problem.ts';
import { makeCatalogue, type TitleItem } from './catalogue.ts';
import { MARC_TYPES, makeCatalogueJobs } from './catalogue-jobs.ts';
import { writeMarc } from './domain/marc.ts';
import { libraryManifest } from './manifest.ts';

const catalogue = makeCatalogue();
const jobs = makeCatalogueJobs();

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
    throw badRequest('The cursor does not belong to this search.', [
      { in: 'query', field: 'cursor', message: 'Not a cursor of this search' },
    ]);
  }
}

export const handler = makeApi(libraryManifest, {
  async searchCatalogue({ query }) {
    const page = await catalogue.search(
      query.q,
      {
        ...(query.type ? { type: query.type } : {}),
        ...(query.grade ? { grade: query.grade } : {}),
        ...(query.lesson ? { lesson: query.lesson } : {}),
      },
      query.limit,
      decodeSearchCursor(`${query.q}|${query.lesson ?? ''}`, query.cursor),
    );
    return {
      items: page.items,
      ...(page.next ? { nextCursor: encodeSearchCursor(`${query.q}|${query.lesson ?? ''}`, page.next) } : {}),
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

  async requestCatalogueImport({ params, body, principal, authorize }) {
    await authorize('library.catalogue', params.orgUnitId);
    return reply(201, await jobs.requestImport(params.orgUnitId, body.format, principal.sub));
  },

  async requestCatalogueExport({ params, body, principal, authorize }) {
    await authorize('library.catalogue', params.orgUnitId);
    const { data: unit } = await authEntities().orgUnit.get({ orgUnitId: params.orgUnitId }).go();
    if (!unit) throw notFound();
    return reply(202, await jobs.requestExport(params.orgUnitId, body.format, principal.sub));
  },

  async getCatalogueJob({ params, authorize }) {
    const job = await jobs.get(params.jobId);
    if (!job) throw notFound();
    await authorize('library.catalogue', job.orgUnitId);
    return jobs.present(job);
  },
});
