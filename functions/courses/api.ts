import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { badRequest, fieldError, notFound } from '#shared/http/problem.ts';
import { audienceFactsOf, type ModuleItem, makeCatalogue, stateOf } from './catalogue.ts';
import { coursesText } from './domain/texts.ts';
import { coursesManifest } from './manifest.ts';

const catalogue = makeCatalogue();

const present = async (m: ModuleItem) => ({
  ...m,
  prerequisites: await catalogue.named(m),
  state: stateOf(m),
});
const pageOf = async (scope: string, page: { items: ModuleItem[]; cursor: string | null }) => {
  const nextCursor = encodeCursor(scope, page.cursor);
  return { items: await Promise.all(page.items.map(present)), ...(nextCursor ? { nextCursor } : {}) };
};

export const handler = makeApi(coursesManifest, {
  async createCourseModule({ params, body, principal, correlationId, authorize }) {
    const unit = await authorize('course.manage', params.orgUnitId);
    if (unit.kind !== 'department')
      throw badRequest(coursesText('department-only'), [
        fieldError('path', 'orgUnitId', coursesText('not-the-department')),
      ]);
    const { code, ...input } = body;
    const m = await catalogue.create(unit, code, input, {
      accountId: principal.sub,
      requestId: correlationId,
    });
    return reply(201, await present(m));
  },

  async listCourseModules({ params, query, authorize }) {
    await authorize('course.manage', params.orgUnitId);
    const scope = `course-modules:${params.orgUnitId}:${query.year}`;
    const page = await catalogue.ofYear(query.year, query.limit, decodeCursor(scope, query.cursor));
    return pageOf(scope, { ...page, items: page.items.filter((m) => m.unitId === params.orgUnitId) });
  },

  async listMyCourseModules({ query, principal }) {
    const scope = `my-course-modules:${principal.sub}:${query.year}`;
    const me = await audienceFactsOf(principal.assignments);
    return pageOf(
      scope,
      await catalogue.forPerson(query.year, me, query.limit, decodeCursor(scope, query.cursor)),
    );
  },

  async getCourseModule({ params, authorize }) {
    const m = await catalogue.get(params.moduleId);
    if (!m) throw notFound();
    // A draft is the catalogue managers' alone: to anyone else it does not exist.
    if (m.status !== 'published') await authorize('course.manage', m.unitId, {});
    return present(m);
  },

  async updateCourseModule({ params, body, principal, correlationId, authorize }) {
    const m = await catalogue.get(params.moduleId);
    if (!m) throw notFound();
    await authorize('course.manage', m.unitId, {});
    return present(await catalogue.update(m, body, { accountId: principal.sub, requestId: correlationId }));
  },

  async publishCourseModule({ params, body, principal, correlationId, authorize }) {
    const m = await catalogue.get(params.moduleId);
    if (!m) throw notFound();
    await authorize('course.manage', m.unitId, {});
    return present(
      await catalogue.publish(m, body.expectedRevision, {
        accountId: principal.sub,
        requestId: correlationId,
      }),
    );
  },
});
