/**
 * The learning repository's HTTP API: thin handlers over service.ts (resources), curriculum.ts
 * (lessons, coverage) and oai.ts (OAI-PMH). Who may see what is decided here, from the
 * resource's unit and licence and the caller's roles.
 */
import { learnerOf } from '#functions/edu-data/index.ts';
import { auditEntry } from '#shared/audit/entity.ts';
import { can } from '#shared/auth/can.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { badRequest, fieldError, forbidden, notFound, unauthorized } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { type CodedText, renderText } from '#shared/text/texts.ts';
import { makeCurriculum } from './curriculum.ts';
import { COVERAGE_TARGETS, subjectNamed, teaches } from './domain/curriculum.ts';
import type { Licence } from './domain/kinds.ts';
import { reviewUnitOf } from './domain/resources.ts';
import { repositoryText } from './domain/texts.ts';
import { repositoryEntities } from './entities.ts';
import { repositoryManifest } from './manifest.ts';
import { SYNC_QUEUE, syncMessage } from './messages.ts';
import { makeOai } from './oai.ts';
import { publishedDublinCore } from './published.ts';
import { type Actor, makeRepository, type ResourceItem, unitOf } from './service.ts';

const repository = makeRepository();
const curriculum = makeCurriculum();
const oai = makeOai();

const actorOf = (principal: LoadedPrincipal, requestId: string): Actor => ({
  accountId: principal.sub,
  name: principal.displayName ?? principal.email ?? principal.sub,
  requestId,
});

/** What callers get of a resource: not the bookkeeping, account ids or object keys. */
function present(r: ResourceItem) {
  const { authorId: _a, synced: _s, sortTitle: _t, published, history, ...visible } = r;
  const file = published && (({ objectKey: _k, objectVersionId: _v, ...p }) => p)(published);
  return {
    ...visible,
    ...(file ? { published: file } : {}),
    history: history.map(({ by: _b, ...h }) => h),
  };
}

async function load(resourceId: string) {
  const r = await repository.get(resourceId);
  if (!r) throw notFound(repositoryText('no-resource'));
  return r;
}

/** Reviewers over the resource's unit where it is now (its school's leaders, its commune, the Department). */
const reviews = async (principal: LoadedPrincipal, r: ResourceItem) =>
  can(principal, 'repository.review', await unitOf(r));
/** The author and the reviewers over the unit see drafts, versions and history. */
const manages = async (principal: LoadedPrincipal, r: ResourceItem) =>
  r.authorId === principal.sub || (await reviews(principal, r));
/**
 * Who may open a published resource, by its licence. Open: anyone (also through the public
 * route). City: a user of the city, that is someone holding `repository.read` through a role
 * assignment — roles are granted only on units of the city's tree, so any assignment lies in it;
 * a token without an account holds none. School: that school's own people, and those who manage
 * the resource.
 */
async function mayOpen(principal: LoadedPrincipal, r: ResourceItem, licence: Licence): Promise<boolean> {
  if (licence === 'open') return true;
  if (licence === 'city') return can(principal, 'repository.read');
  return can(principal, 'repository.read-school', await unitOf(r)) || (await manages(principal, r));
}
const LICENCE_REFUSALS: Partial<Record<Licence, CodedText>> = {
  city: repositoryText('licence-city'),
  school: repositoryText('licence-school'),
};
const live = (r: ResourceItem) => (r.published && r.state !== 'withdrawn' ? r.published : undefined);

const pageOf = <T>(scope: string, page: { items: T[]; cursor: string | null }, map: (t: T) => unknown) => {
  const nextCursor = encodeCursor(scope, page.cursor);
  return { items: page.items.map(map), ...(nextCursor ? { nextCursor } : {}) };
};

/** An OAI-PMH request's arguments, repeated ones kept (the protocol refuses them). */
function oaiPairs(raw: string | undefined): [string, string][] {
  return [...new URLSearchParams(raw ?? '').entries()];
}
const oaiBaseUrl = (domainName: string) => process.env.OAI_BASE_URL ?? `https://${domainName}/oai`;
const xmlReply = (body: string) => reply(200, body, { 'content-type': 'text/xml; charset=utf-8' });

export const handler = makeApi(repositoryManifest, {
  async createResource({ params, body, principal, correlationId, authorize }) {
    const unit = await authorize('repository.contribute', params.orgUnitId);
    return reply(201, present(await repository.create(unit, body, actorOf(principal, correlationId))));
  },

  async listUnitResources({ params, query, authorize }) {
    await authorize('repository.review', params.orgUnitId);
    const scope = `unit-resources:${params.orgUnitId}`;
    const page = await repository.byUnit(params.orgUnitId, query.limit, decodeCursor(scope, query.cursor));
    return pageOf(scope, page, present);
  },

  async listResourceReviews({ params, query, authorize }) {
    await authorize('repository.review', params.orgUnitId);
    const scope = `resource-reviews:${params.orgUnitId}:${query.state}`;
    const page = await repository.byReviewer(
      params.orgUnitId,
      query.state,
      query.limit,
      decodeCursor(scope, query.cursor),
    );
    return pageOf(scope, page, present);
  },

  async listMyResources({ query, principal }) {
    const scope = `my-resources:${principal.sub}`;
    const page = await repository.byAuthor(principal.sub, query.limit, decodeCursor(scope, query.cursor));
    return pageOf(scope, page, present);
  },

  async listLearnerResources({ params, query, authorize }) {
    const learner = await learnerOf(params.recordId);
    // Linked or not, a learner one may not see answers as one that does not exist.
    if (!learner) throw notFound();
    await authorize('learner.read', learner.schoolId, { person: learner.recordId });
    const grade = learner.grade ?? 0;
    const scope = `grade-resources:${grade}:${query.subject ?? '*'}`;
    const page = await repository.ofGrade(
      grade,
      query.subject,
      query.limit,
      decodeCursor(scope, query.cursor),
    );
    return {
      grade,
      ...pageOf(scope, page, (e) => ({
        resourceId: e.resourceId,
        title: e.title,
        kind: e.kind,
        creators: e.creators,
        subject: e.subject,
        subjectName: subjectNamed(e.subject)?.name ?? e.subject,
        grade: e.grade,
        licence: e.licence,
        access: e.licence === 'open' ? 'open' : 'sign-in',
        publishedAt: e.publishedAt,
      })),
    };
  },

  async getResource({ params, principal }) {
    const r = await load(params.resourceId);
    if (!(await manages(principal, r))) throw forbidden(repositoryText('drafts-managers'));
    return present(r);
  },

  async updateResource({ params, body, principal, correlationId }) {
    const r = await load(params.resourceId);
    const { expectedRevision, ...input } = body;
    return present(await repository.update(r, input, actorOf(principal, correlationId), expectedRevision));
  },

  async requestResourceUpload({ params, body, principal, correlationId }) {
    const r = await load(params.resourceId);
    const { version, upload } = await repository.requestUpload(r, body, actorOf(principal, correlationId));
    const { objectKey: _k, objectVersionId: _v, uploadedBy: _u, resourceId: _r, ...visible } = version;
    return reply(201, { version: visible, upload });
  },

  async listResourceVersions({ params, principal, language }) {
    const r = await load(params.resourceId);
    if (!(await manages(principal, r))) throw forbidden(repositoryText('versions-managers'));
    const versions = await repository.versions(r.resourceId);
    return {
      items: versions.map(({ objectKey: _k, objectVersionId: _o, uploadedBy: _u, resourceId: _r, ...v }) =>
        // Why a file was rejected, in the caller's language.
        v.problem && v.problemCode
          ? { ...v, problem: renderText(v.problemCode, v.problemParams, language) ?? v.problem }
          : v,
      ),
    };
  },

  async submitResource({ params, principal, correlationId }) {
    const r = await load(params.resourceId);
    return present(
      await repository.submit(r, actorOf(principal, correlationId), (refs) =>
        curriculum.unknownLessons(refs),
      ),
    );
  },

  async reviewResource({ params, body, principal, correlationId, authorize }) {
    const r = await load(params.resourceId);
    // The licence chooses the reviewing unit from where the resource's unit is now: a school's
    // leaders review school-only resources, the commune (or the Department) those shared wider.
    await authorize('repository.review', reviewUnitOf(r.meta.licence, await unitOf(r)));
    return present(
      await repository.review(r, body.decision, body.comment, actorOf(principal, correlationId)),
    );
  },

  async withdrawResource({ params, body, principal, correlationId }) {
    const r = await load(params.resourceId);
    if (!(await manages(principal, r))) throw forbidden(repositoryText('withdraw-managers'));
    return present(await repository.withdraw(r, body.reason, actorOf(principal, correlationId)));
  },

  async openResource({ params, query, principal }) {
    const r = await load(params.resourceId);
    if (query.version !== undefined) {
      if (!(await manages(principal, r))) throw forbidden(repositoryText('open-version-managers'));
      const v = await repository.version(r.resourceId, query.version);
      if (v?.status !== 'ready') throw notFound(repositoryText('no-checked-version'));
      return repository.openLink(v);
    }
    const p = live(r);
    if (!p) throw notFound(repositoryText('not-published'));
    if (!(await mayOpen(principal, r, p.meta.licence))) throw forbidden(LICENCE_REFUSALS[p.meta.licence]);
    return repository.openLink(p);
  },

  async getPublicResource({ params }) {
    const r = await repository.get(params.resourceId);
    const p = r && live(r);
    if (!r || !p || p.meta.licence === 'school') throw notFound(repositoryText('no-published'));
    const unitName = (await orgUnitNames([r.unitId])).get(r.unitId);
    return {
      resourceId: r.resourceId,
      unitId: r.unitId,
      ...(unitName ? { unitName } : {}),
      meta: p.meta,
      file: {
        version: p.version,
        fileName: p.fileName,
        contentType: p.contentType,
        size: p.size,
        sha256: p.sha256,
      },
      publishedAt: p.publishedAt,
      access: p.meta.licence === 'open' ? 'open' : 'sign-in',
      dublinCore: publishedDublinCore(r.resourceId, p, unitName),
    };
  },

  async openPublicResource({ params }) {
    const r = await repository.get(params.resourceId);
    const p = r && live(r);
    if (!r || !p || p.meta.licence === 'school') throw notFound(repositoryText('no-published'));
    if (p.meta.licence !== 'open') throw unauthorized(repositoryText('sign-in-to-open'));
    return repository.openLink(p);
  },

  async getCoverage() {
    return { ...(await curriculum.coverage()), targets: [...COVERAGE_TARGETS] };
  },

  async listCurriculumLessons({ params }) {
    const lessons = await curriculum.lessons(params.subject, params.grade);
    return { items: lessons.map(({ lessonId, title }) => ({ lessonId, title })) };
  },

  async replaceCurriculumLessons({ params, body, principal, correlationId, authorize }) {
    const department = await authorize('repository.curriculum', DEPARTMENT_ORG_UNIT_ID());
    if (!teaches(params.subject, params.grade))
      throw badRequest(repositoryText('not-taught'), [
        fieldError('path', 'grade', repositoryText('not-taught-field')),
      ]);
    await curriculum.replaceLessons(params.subject, params.grade, body.lessons);
    await repositoryEntities()
      .auditEntry.create(
        auditEntry({
          actorId: principal.sub,
          action: 'curriculum.replace-lessons',
          targetType: 'curriculum',
          targetId: `${params.subject}-${params.grade}`,
          orgUnit: department,
          requestId: correlationId,
          changes: { lessons: body.lessons.length },
        }),
      )
      .go();
    await sendMessage(SYNC_QUEUE, syncMessage, { subject: params.subject, grade: params.grade }).catch(
      (error) =>
        logger.warn('coverage recount not requested; the next publication or the nightly sweep recounts', {
          error,
        }),
    );
    return { items: body.lessons };
  },

  async oaiGet({ event }) {
    return xmlReply(
      await oai.respond(oaiPairs(event.rawQueryString), oaiBaseUrl(event.requestContext.domainName)),
    );
  },

  async oaiPost({ event }) {
    const raw =
      event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    return xmlReply(await oai.respond(oaiPairs(raw), oaiBaseUrl(event.requestContext.domainName)));
  },
});
