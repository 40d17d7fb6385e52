import { authEntities } from '#shared/auth/store.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { badRequest, fieldError } from '#shared/http/problem.ts';
import { recordText } from './domain/texts.ts';
import { recordsManifest } from './manifest.ts';
import { makeRecords, type Viewer } from './service.ts';

const records = makeRecords();

const viewerOf = (principal: {
  sub: string;
  displayName?: string;
  assignments: Viewer['assignments'];
}): Viewer => ({
  accountId: principal.sub,
  fullName: principal.displayName ?? principal.sub,
  assignments: principal.assignments,
});

export const handler = makeApi(recordsManifest, {
  async createRecord({ params, body, principal, correlationId, authorize }) {
    const school = await authorize('records.write', params.orgUnitId);
    const { data: unit } = await authEntities().orgUnit.get({ orgUnitId: params.orgUnitId }).go();
    if (unit?.kind !== 'school')
      throw badRequest(recordText('belongs-to-school'), [
        fieldError('path', 'orgUnitId', recordText('not-a-school')),
      ]);
    return reply(
      201,
      await records.create({ ...school, name: unit.name }, viewerOf(principal), body, correlationId),
    );
  },

  async listRecords({ params, query, principal, authorize }) {
    const unit = await authorize('records.read', params.orgUnitId);
    const scope = `records:${params.orgUnitId}:${query.schoolYear}:${query.status ?? ''}:${query.awaiting ?? ''}`;
    const page = await records.list(
      unit,
      query.schoolYear,
      query.status,
      viewerOf(principal),
      query.limit,
      decodeCursor(scope, query.cursor),
      query.awaiting === 'me',
    );
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: page.items, ...(nextCursor ? { nextCursor } : {}) };
  },

  async listMyRecords({ query, principal }) {
    const scope = `my-records:${principal.sub}`;
    const page = await records.mine(principal.sub, query.limit, decodeCursor(scope, query.cursor));
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: page.items, ...(nextCursor ? { nextCursor } : {}) };
  },

  async listPlannedLessons({ query, principal }) {
    return { items: await records.plannedLessons(principal.sub, query.schoolYear) };
  },

  async getRecord({ params, principal }) {
    const viewer = viewerOf(principal);
    const r = await records.visible(params.recordId, viewer);
    const [files, yourStep] = await Promise.all([records.files(r), records.yourStep(viewer, r)]);
    return { ...r, yourStep, files };
  },

  async requestRecordUpload({ params, body, principal }) {
    const viewer = viewerOf(principal);
    const r = await records.visible(params.recordId, viewer);
    return reply(201, await records.requestUpload(r, viewer, body));
  },

  async submitRecord({ params, body, principal, correlationId }) {
    const viewer = viewerOf(principal);
    const r = await records.visible(params.recordId, viewer);
    return await records.submit(r, viewer, body.version, body.expectedRevision, correlationId);
  },

  async decideRecord({ params, body, principal, correlationId }) {
    const viewer = viewerOf(principal);
    const r = await records.visible(params.recordId, viewer);
    return await records.decide(r, viewer, body, correlationId);
  },

  async listSchoolPlanApprovals({ query, principal }) {
    const items = await records.schoolPlansFor(viewerOf(principal), query.schoolYear);
    return { items: items };
  },

  async getOversight({ params, query, principal, authorize }) {
    const unit = await authorize('records.approve', params.orgUnitId);
    return records.oversightOf(
      unit,
      viewerOf(principal),
      query.schoolYear,
      new Date().toISOString().slice(0, 10),
    );
  },

  async listDeadlines({ params, query, authorize }) {
    await authorize('records.read', params.orgUnitId);
    return { items: await records.deadlines(params.orgUnitId, query.schoolYear) };
  },

  async setDeadline({ params, body, principal, correlationId, authorize }) {
    const unit = await authorize('records.deadlines', params.orgUnitId);
    if (unit.kind !== 'school' && unit.kind !== 'department')
      throw badRequest(recordText('deadline-setters'), [
        fieldError('path', 'orgUnitId', recordText('department-or-school')),
      ]);
    return records.setDeadline(unit, viewerOf(principal), body, correlationId);
  },

  async verifySignature({ params }) {
    return records.verification(params.code);
  },

  async verifyByFile({ body }) {
    return records.verificationsByFile(body.sha256);
  },
});
