import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { accountNames, authEntities, orgUnitNames } from '#shared/auth/store.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { type Language, translate } from '#shared/http/language.ts';
import { badRequest, fieldError, HttpProblem, notFound } from '#shared/http/problem.ts';
import { recentJobsOf } from '#shared/jobs/recent.ts';
import { renderText } from '#shared/text/texts.ts';
import { type CorrectionRequestItem, makeCorrections } from './corrections.ts';
import type { RecordKind } from './domain/records.ts';
import { eduText, OWNER_WORDS } from './domain/texts.ts';
import { eduEntities } from './entities.ts';
import { readChanges } from './feed.ts';
import { classNames } from './index.ts';
import { recordExports, recordImports } from './jobs.ts';
import { learnerView, officialLearner as officialOf } from './learner-view.ts';
import { makeLists } from './lists.ts';
import { eduDataManifest } from './manifest.ts';
import { makeRecords, presentRecord } from './records.ts';
import { makeStatistics } from './statistics.ts';
import { type EduRecordItem, makeEduStore } from './store.ts';

const store = makeEduStore();
const records = makeRecords(store);
const statistics = makeStatistics(store);
const lists = makeLists(store);
const corrections = makeCorrections();

/**
 * A learner by record id with their official (approved) data. A learner one may not see answers
 * exactly as one that does not exist, linked or not: the caller authorizes before anything shows.
 */
async function officialLearner(recordId: string) {
  const found = await officialOf(store, recordId);
  if (!found) throw notFound();
  return found;
}

/** What the learner and their guardians see of a request: no names, no staff accounts. */
const learnerCorrectionView = (r: CorrectionRequestItem, viewer: string) => ({
  requestId: r.requestId,
  field: r.field,
  message: r.message,
  state: r.state,
  relation: r.relation,
  mine: r.requestedBy === viewer,
  createdAt: r.createdAt,
  ...(r.resolvedAt ? { resolvedAt: r.resolvedAt } : {}),
  ...(r.note ? { note: r.note } : {}),
});

const staffCorrectionView = ({ requestedBy: _r, resolvedBy: _b, ...visible }: CorrectionRequestItem) =>
  visible;

async function loadRecord(recordId: string) {
  const record = await store.getRecord(recordId);
  if (!record) throw notFound(eduText('no-record', { id: recordId }));
  return record;
}

export const handler = makeApi(eduDataManifest, {
  async listRecords({ params, query, authorize }) {
    return findRecords(await authorize('edudata.read', params.orgUnitId), params.kind, query, authorize);
  },

  async searchRecords({ params, body, authorize }) {
    return findRecords(await authorize('edudata.read', params.orgUnitId), params.kind, body, authorize);
  },

  async createRecord({ params, body, principal, correlationId, language, authorize }) {
    const owner = await authorize('edudata.write', params.orgUnitId);
    const record = await records.create(
      params.kind,
      owner,
      body.data,
      { sub: principal.sub, requestId: correlationId, language },
      async (ownerId) => (await lineageOf(ownerId, authorize)) !== undefined,
    );
    return presentRecord(record);
  },

  async getRecord({ params, principal, correlationId, authorize }) {
    const record = await loadRecord(params.recordId);
    const owner = await authorize('edudata.read', record.ownerId);
    // Decree 13/2023: every staff read of one learner's record is audited, in full (one small
    // write per read; the cost is in docs/privacy.md). Lists and searches are not.
    if (record.kind === 'student')
      await eduEntities()
        .auditEntry.create(
          auditEntry({
            actorId: principal.sub,
            action: 'learner.record-read',
            targetType: 'student',
            targetId: record.recordId,
            orgUnit: owner,
            requestId: correlationId,
          }),
        )
        .go();
    return presentRecord(record);
  },

  async getLearner({ params, authorize }) {
    const { record, data } = await officialLearner(params.recordId);
    await authorize('learner.read', record.ownerId, { person: record.recordId });
    return learnerView(store, record, data);
  },

  async requestCorrection({ params, body, principal, correlationId, authorize }) {
    const { record, data } = await officialLearner(params.recordId);
    const school = await authorize('learner.request-correction', record.ownerId, { person: record.recordId });
    // Granted through a link (LINK_RULES): the caller is the learner or one of their guardians.
    const relation = principal.links.find((l) => l.recordId === record.recordId)?.relation;
    if (relation !== 'self' && relation !== 'guardian') throw notFound();
    const requester = { accountId: principal.sub, name: principal.displayName ?? '', relation };
    const learner = { recordId: record.recordId, fullName: data.fullName };
    const item = await corrections.request(learner, school, requester, body, correlationId);
    return reply(201, learnerCorrectionView(item, principal.sub));
  },

  async listLearnerCorrections({ params, query, principal, authorize }) {
    const { record } = await officialLearner(params.recordId);
    await authorize('learner.read', record.ownerId, { person: record.recordId });
    const page = await corrections.ofLearner(record.recordId, query.limit, query.cursor);
    return { ...page, items: page.items.map((r) => learnerCorrectionView(r, principal.sub)) };
  },

  async listCorrectionRequests({ params, query, authorize }) {
    await authorize('edudata.write', params.orgUnitId);
    const page = await corrections.ofSchool(params.orgUnitId, query.state, query.limit, query.cursor);
    return { ...page, items: page.items.map(staffCorrectionView) };
  },

  async resolveCorrectionRequest({ params, body, principal, correlationId, authorize }) {
    const request = await corrections.get(params.requestId);
    if (!request) throw notFound();
    // The school it was filed at decides it; to anyone else it does not exist.
    const school = await authorize('edudata.write', request.schoolId, { person: request.recordId });
    const actor = { accountId: principal.sub, requestId: correlationId };
    return staffCorrectionView(await corrections.resolve(request, school, actor, body));
  },

  async updateRecord({ params, body, principal, correlationId, language, authorize }) {
    const record = await loadRecord(params.recordId);
    const owner = await authorize('edudata.write', record.ownerId);
    const actor = { sub: principal.sub, requestId: correlationId, language };
    return presentRecord(await records.update(record, owner, body.expectedVersion, body.data, actor));
  },

  async cancelRecord({ params, body, principal, correlationId, authorize }) {
    const record = await loadRecord(params.recordId);
    const owner = await authorize('edudata.write', record.ownerId);
    const actor = { sub: principal.sub, requestId: correlationId };
    return presentRecord(await records.cancel(record, owner, body.expectedVersion, body.reason, actor));
  },

  async transferRecord({ params, body, principal, correlationId, authorize }) {
    const record = await loadRecord(params.recordId);
    const from = await authorize('edudata.write', record.ownerId);
    // The receiving school need not be in the sender's scope: any school of the city may receive.
    const { data: school } = await authEntities().orgUnit.get({ orgUnitId: body.toSchoolId }).go();
    if (!school)
      throw badRequest(eduText('no-school'), [fieldError('body', 'toSchoolId', eduText('unknown-school'))]);
    const to = { orgUnitId: school.orgUnitId, lineage: school.lineage, kind: school.kind };
    const actor = { sub: principal.sub, requestId: correlationId };
    const moved = await records.transfer(record, from, to, body.expectedVersion, body.on, body.reason, actor);
    // The learner's approved copy now counts at the new school: both schools' figures change.
    await statistics.requestRefresh([from.orgUnitId, to.orgUnitId]);
    return presentRecord(moved);
  },

  async listRecordVersions({ params, query, authorize }) {
    const record = await loadRecord(params.recordId);
    await authorize('edudata.read', record.ownerId);
    const page = await store.versions(params.recordId, query.limit, query.cursor);
    const people = await accountNames(page.items.map((v) => v.by));
    return {
      ...page,
      items: page.items.map(({ recordId: _r, requestId: _q, ownerId, ...v }) => ({
        ...v,
        schoolId: ownerId,
        ...(people.has(v.by) ? { byName: people.get(v.by) } : {}),
      })),
    };
  },

  async submitRecords({ body, principal, correlationId, language, authorize }) {
    const actor = { sub: principal.sub, requestId: correlationId };
    return runBatch(body.records, 'edudata.write', authorize, language, (record, owner, expected) =>
      records.submit(record, owner, expected, actor),
    );
  },

  async decideRecords({ body, principal, correlationId, language, authorize }) {
    const actor = { sub: principal.sub, requestId: correlationId };
    const result = await runBatch(
      body.records,
      'edudata.approve',
      authorize,
      language,
      (record, owner, expected) => records.decide(record, owner, expected, body.decision, body.reason, actor),
    );
    if (body.decision === 'approve')
      await statistics.requestRefresh(result.results.filter((r) => r.ok).map((r) => r.record!.schoolId));
    return result;
  },

  async listApprovalQueue({ params, query, authorize }) {
    await authorize('edudata.approve', params.orgUnitId);
    const page = await store.approvalQueue(params.orgUnitId, query.schoolId, query.limit, query.cursor);
    // Schools by name, never by code, in the approver's queue.
    const names = await orgUnitNames(page.items.map((entry) => entry.ownerId));
    return {
      ...page,
      items: page.items.map(({ parentId: _p, ownerId, ...entry }) => ({
        ...entry,
        schoolId: ownerId,
        ...(names.has(ownerId) ? { schoolName: names.get(ownerId) } : {}),
      })),
    };
  },

  async listChanges({ query, authorize }) {
    // The feed is the whole city's: only those holding the permission at the root read it.
    await authorize('edudata.feed', DEPARTMENT_ORG_UNIT_ID());
    return readChanges(store, query);
  },

  async getStatistics({ params, authorize }) {
    await authorize('report.read', params.orgUnitId);
    return statistics.read(params.orgUnitId);
  },

  async requestRecordImport({ params, body, principal, correlationId, authorize }) {
    const owner = await authorize('edudata.write', params.orgUnitId);
    if (owner.kind !== 'school')
      throw badRequest(eduText('import-into-school'), [
        fieldError('path', 'orgUnitId', eduText('must-be', { wanted: OWNER_WORDS.school })),
      ]);
    if (body.kind === 'school-year' || body.kind === 'school')
      throw badRequest(eduText('entered-by-form'), [fieldError('body', 'kind', eduText('not-importable'))]);
    return recordImports.request({
      orgUnitId: owner.orgUnitId,
      kind: body.kind,
      submit: body.submit,
      requestedBy: principal.sub,
      requestId: correlationId,
    });
  },

  async requestRecordExport({ params, body, principal, authorize }) {
    const unit = await authorize('edudata.read', params.orgUnitId);
    // The same rule as the list: a city-wide list is a search.
    await lists.page({ orgUnitId: unit.orgUnitId, unitKind: unit.kind ?? 'school' }, body.kind, body.q, 1);
    return reply(
      202,
      await recordExports.request({
        orgUnitId: unit.orgUnitId,
        kind: body.kind,
        ...(body.q ? { q: body.q } : {}),
        requestedBy: principal.sub,
      }),
    );
  },

  async getRecordExport({ params, authorize }) {
    const job = await recordExports.get(params.exportId);
    if (!job) throw notFound();
    await authorize('edudata.read', job.orgUnitId);
    return recordExports.present(job);
  },

  async listMyRecordImports({ query, principal }) {
    return { items: await recentJobsOf(recordImports, principal, 'edudata.write', query.days) };
  },

  async getRecordImport({ params, authorize }) {
    const job = await recordImports.get(params.importId);
    if (!job) throw notFound();
    await authorize('edudata.read', job.orgUnitId);
    return recordImports.present(job);
  },
});

type Authorize = (permission: 'edudata.read', orgUnitId: string) => Promise<OrgTarget>;

/**
 * A unit's records of a kind: a learner by ID code, a class's learners, or a page by name. A
 * learner found by ID code is shown only when they are under the unit asked about; otherwise —
 * elsewhere in the city, or nowhere — the answer is the same empty list.
 */
async function findRecords(
  unit: OrgTarget,
  kind: RecordKind,
  search: { q?: string; classId?: string; limit: number; cursor?: string },
  authorize: Authorize,
) {
  if (search.q && /^\d{12}$/.test(search.q) && kind === 'student') {
    const recordId = await store.recordIdOfKey(`student:${search.q}`);
    const record = recordId ? await store.getRecord(recordId) : undefined;
    const owner = record && (await lineageOf(record.ownerId, authorize));
    return { items: await placed(record && owner?.lineage.includes(unit.orgUnitId) ? [record] : []) };
  }
  if (search.classId) {
    const cls = await store.getRecord(search.classId);
    const owner = cls?.kind === 'class' ? await lineageOf(cls.ownerId, authorize) : undefined;
    if (!owner?.lineage.includes(unit.orgUnitId)) throw notFound(eduText('no-class-here'));
    const page = await store.listByClass(search.classId, search.limit, search.cursor);
    return { ...page, items: await placed(page.items) };
  }
  const page = await lists.page(
    { orgUnitId: unit.orgUnitId, unitKind: unit.kind ?? 'school' },
    kind,
    search.q,
    search.limit,
    search.cursor,
  );
  return { ...page, items: await placed(page.items) };
}

/**
 * A list's records with where each is, by name — the school, and a learner's class — so that two
 * learners of the same name can be told apart (with the date of birth in their data).
 */
async function placed(items: EduRecordItem[]) {
  const classOf = (r: EduRecordItem) =>
    r.kind === 'student' ? (r.data as { classId?: string }).classId : undefined;
  const [schools, classes] = await Promise.all([
    orgUnitNames(items.map((r) => r.ownerId)),
    classNames(items.flatMap((r) => classOf(r) ?? [])),
  ]);
  return items.map((r) => {
    const cls = classes.get(classOf(r) ?? '');
    return {
      ...presentRecord(r),
      ...(schools.has(r.ownerId) ? { schoolName: schools.get(r.ownerId)! } : {}),
      ...(cls ? { className: cls } : {}),
    };
  });
}

/**
 * The owner's lineage when the caller may read there. A record under the unit the caller asked
 * about always is; one elsewhere is treated as not there, never as a 403 that would betray it.
 */
async function lineageOf(ownerId: string, authorize: Authorize): Promise<OrgTarget | undefined> {
  return authorize('edudata.read', ownerId).catch((error: unknown) => {
    if (error instanceof HttpProblem && error.status < 500) return undefined;
    throw error;
  });
}

/**
 * A batch: every record must exist and be in the caller's scope before anything changes (one
 * outside answers 403 for the whole batch); then each record moves on its own, and a conflict on
 * one is reported beside it without holding back the others.
 */
async function runBatch(
  items: { recordId: string; expectedVersion: number }[],
  permission: 'edudata.write' | 'edudata.approve',
  authorize: (
    permission: 'edudata.write' | 'edudata.approve',
    orgUnitId: string,
  ) => Promise<{ orgUnitId: string; lineage: readonly string[] }>,
  language: Language,
  apply: (
    record: EduRecordItem,
    owner: { orgUnitId: string; lineage: readonly string[] },
    expectedVersion: number,
  ) => Promise<EduRecordItem>,
) {
  const found = new Map((await store.getRecords(items.map((i) => i.recordId))).map((r) => [r.recordId, r]));
  const missing = items.find((i) => !found.has(i.recordId));
  if (missing) throw notFound(eduText('no-record', { id: missing.recordId }));
  const owners = new Map<string, { orgUnitId: string; lineage: readonly string[] }>();
  for (const ownerId of new Set([...found.values()].map((r) => r.ownerId)))
    owners.set(ownerId, await authorize(permission, ownerId));

  const results = [];
  for (const item of items) {
    const record = found.get(item.recordId)!;
    try {
      const after = await apply(record, owners.get(record.ownerId)!, item.expectedVersion);
      results.push({ recordId: item.recordId, ok: true, record: presentRecord(after) });
    } catch (error) {
      if (!(error instanceof HttpProblem) || error.status >= 500) throw error;
      // Said in the caller's language here: a problem inside an answer is no problem response.
      const coded = error.detailText;
      const detail = coded
        ? (renderText(coded.code, coded.params, language) ?? coded.message)
        : error.detail && translate(error.detail, language);
      results.push({
        recordId: item.recordId,
        ok: false,
        problem: {
          status: error.status,
          title: translate(error.title, language),
          ...(detail ? { detail } : {}),
          ...(coded ? { code: coded.code, ...(coded.params ? { params: coded.params } : {}) } : {}),
        },
      });
    }
  }
  return { results };
}
