/** The admissions API: thin handlers over campaigns.ts, applications.ts and allocation-runs.ts. */

import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { notFound } from '#shared/http/problem.ts';
import {
  adopt,
  campaignRuns,
  enterScores,
  explain,
  getRun,
  presentRun,
  startRun,
} from './allocation-runs.ts';
import {
  apply,
  chooseSecondRound,
  confirmOwn,
  decide,
  getApplication,
  guardianApplications,
  ownApplication,
  presentApplications,
  schoolApplications,
  updateOwn,
  withdrawOwn,
} from './applications.ts';
import {
  createCampaign,
  getCampaign,
  getCatchment,
  listCampaigns,
  openCampaign,
  openSecondRound,
  presentCampaign,
  presentCatchment,
  presentProgrammes,
  programmesOf,
  putCatchment,
  putProgramme,
  updateCampaign,
} from './campaigns.ts';
import { directAdmissions, setDirectAdmission } from './direct-admissions.ts';
import { askFamilyDocument, askRoomLists, readFamilyDocument, readRoomLists } from './documents.ts';
import { admissionText } from './domain/texts.ts';
import { presentSeating, requestSeating } from './exam-seating.ts';
import { admissionsManifest } from './manifest.ts';
import { presentRelease, publicationOf, schedulePublication } from './publication.ts';
import { decideRemark, presentRemarks, remarkRequests, requestRemark } from './remarking.ts';
import { getScoreImport, presentScoreImport, requestScoreImport } from './score-imports.ts';
import { publishSecondRound } from './second-round.ts';

/**
 * Public facts (campaigns, places, catchments) are read by every family on the deadline day: a
 * shared cache (CloudFront) may keep them a minute; a browser asks again every time, so the
 * Department's screen shows its own change at once (public routes carry no identity to tell them by).
 */
const PUBLIC_CACHE = { 'cache-control': 'public, max-age=0, s-maxage=60' };

const actorOf = (principal: { sub: string; displayName?: string }, requestId: string) => ({
  accountId: principal.sub,
  fullName: principal.displayName ?? principal.sub,
  requestId,
});

const one = async (item: Parameters<typeof presentApplications>[0][number]) =>
  (await presentApplications([item]))[0]!;
/** The guardian's own application: with their result token. */
const own = async (item: Parameters<typeof presentApplications>[0][number]) =>
  (await presentApplications([item], new Date(), true))[0]!;

export const handler = makeApi(admissionsManifest, {
  async listAdmissionCampaigns() {
    const now = new Date();
    return reply(200, { items: (await listCampaigns()).map((c) => presentCampaign(c, now)) }, PUBLIC_CACHE);
  },
  async createAdmissionCampaign({ body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return reply(201, presentCampaign(await createCampaign(body, actorOf(principal, correlationId))));
  },
  async getAdmissionCampaign({ params }) {
    return reply(200, presentCampaign(await getCampaign(params.campaignId)), PUBLIC_CACHE);
  },
  async updateAdmissionCampaign({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return presentCampaign(await updateCampaign(params.campaignId, body, actorOf(principal, correlationId)));
  },
  async openAdmissionCampaign({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return presentCampaign(
      await openCampaign(params.campaignId, body.expectedVersion, actorOf(principal, correlationId)),
    );
  },
  async listAdmissionProgrammes({ params }) {
    const campaign = await getCampaign(params.campaignId);
    return reply(
      200,
      { items: await presentProgrammes(campaign, await programmesOf(campaign.campaignId)) },
      PUBLIC_CACHE,
    );
  },
  async putAdmissionProgramme({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', body.schoolId);
    const campaign = await getCampaign(params.campaignId);
    const item = await putProgramme(campaign, body, actorOf(principal, correlationId));
    return (await presentProgrammes(campaign, [item]))[0];
  },
  async getAdmissionCatchment({ params }) {
    await getCampaign(params.campaignId);
    const commune = await orgTree()(params.communeId);
    if (!commune || commune.kind === 'school' || commune.kind === 'subject-group') throw notFound();
    return reply(
      200,
      await presentCatchment(
        params.campaignId,
        commune,
        await getCatchment(params.campaignId, params.communeId),
      ),
      PUBLIC_CACHE,
    );
  },
  async putAdmissionCatchment({ params, body, principal, correlationId, authorize }) {
    const commune = await authorize('admission.catchment', params.communeId);
    if (commune.kind === 'school' || commune.kind === 'subject-group') throw notFound();
    const campaign = await getCampaign(params.campaignId);
    const item = await putCatchment(campaign, commune, body, actorOf(principal, correlationId));
    return presentCatchment(campaign.campaignId, commune, item);
  },
  async applyForAdmission({ body, principal, signIn, correlationId }) {
    return reply(201, await own(await apply(principal, signIn, body, correlationId)));
  },
  async listMyAdmissionApplications({ query, principal }) {
    const scope = `admission-applications:${principal.sub}`;
    const page = await guardianApplications(
      principal.sub,
      query.limit,
      decodeCursor(scope, query.cursor) ?? undefined,
    );
    const nextCursor = encodeCursor(scope, page.cursor);
    return {
      items: await presentApplications(page.items, new Date(), true),
      ...(nextCursor ? { nextCursor } : {}),
    };
  },
  async getMyAdmissionApplication({ params, principal }) {
    return own(await ownApplication(principal, params.applicationId));
  },
  async updateMyAdmissionApplication({ params, body, principal, signIn, correlationId }) {
    return own(await updateOwn(principal, signIn, params.applicationId, body, correlationId));
  },
  async withdrawMyAdmissionApplication({ params, body, principal, signIn, correlationId }) {
    return own(
      await withdrawOwn(principal, signIn, params.applicationId, body.expectedVersion, correlationId),
    );
  },
  async listSchoolAdmissionApplications({ params, query, authorize }) {
    await authorize('admission.read', params.orgUnitId);
    const scope = `admission-school:${params.orgUnitId}:${query.campaignId}:${query.state ?? ''}`;
    const page = await schoolApplications(
      query.campaignId,
      params.orgUnitId,
      query.limit,
      decodeCursor(scope, query.cursor) ?? undefined,
      query.state,
    );
    const nextCursor = encodeCursor(scope, page.cursor);
    return {
      items: page.items.map((a) => ({
        applicationId: a.applicationId,
        state: a.state,
        schoolId: a.schoolId,
        createdAt: a.createdAt,
        version: a.version,
        childName: a.child.fullName,
        dateOfBirth: a.child.dateOfBirth,
        residence: `${a.residence.address}`,
        ...(a.preferences ? { preferences: a.preferences.length } : {}),
      })),
      ...(nextCursor ? { nextCursor } : {}),
    };
  },
  async getAdmissionApplication({ params, authorize }) {
    const item = await getApplication(params.applicationId);
    // Outside the caller's scope it looks exactly like one that does not exist: the same 404.
    if (!item) throw notFound();
    await authorize('admission.read', item.schoolId, {});
    return one(item);
  },
  async verifyAdmissionApplication({ params, body, principal, correlationId, authorize }) {
    const item = await getApplication(params.applicationId);
    if (!item) throw notFound();
    await authorize('admission.verify', item.schoolId, {});
    return one(await decide(item, body, actorOf(principal, correlationId)));
  },
  async openSecondRound({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    const { expectedVersion, ...window } = body;
    return presentCampaign(
      await openSecondRound(
        await getCampaign(params.campaignId),
        { expectedVersion, ...window },
        actorOf(principal, correlationId),
      ),
    );
  },
  async chooseMySecondRound({ params, body, principal, signIn, correlationId }) {
    return own(await chooseSecondRound(principal, signIn, params.applicationId, body, correlationId));
  },
  async publishSecondRound({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return presentCampaign(
      await publishSecondRound(
        await getCampaign(params.campaignId),
        body.expectedVersion,
        actorOf(principal, correlationId),
      ),
    );
  },
  async requestMyAdmissionRemark({ params, body, principal, signIn, correlationId }) {
    return own(await requestRemark(principal, signIn, params.applicationId, body, correlationId));
  },
  async listAdmissionRemarks({ params, query, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    const campaign = await getCampaign(params.campaignId);
    const scope = `admission-remarks:${params.campaignId}:${query.state}`;
    const page = await remarkRequests(
      campaign.campaignId,
      query.state,
      query.limit,
      decodeCursor(scope, query.cursor) ?? undefined,
    );
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: await presentRemarks(campaign, page.items), ...(nextCursor ? { nextCursor } : {}) };
  },
  async decideAdmissionRemark({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    const item = await getApplication(params.applicationId);
    if (!item) throw notFound(admissionText('no-application'));
    return one(await decideRemark(item, body, actorOf(principal, correlationId)));
  },
  async setAdmissionDirect({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    const item = await getApplication(params.applicationId);
    if (!item) throw notFound(admissionText('no-application'));
    return one(await setDirectAdmission(item, body, actorOf(principal, correlationId)));
  },
  async listAdmissionDirect({ params, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return { items: await directAdmissions(await getCampaign(params.campaignId)) };
  },
  async enterAdmissionScores({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    const entered = await enterScores(
      await getCampaign(params.campaignId),
      body.scores,
      actorOf(principal, correlationId),
    );
    return { saved: entered.saved, refused: entered.refused.map(({ text: _text, ...r }) => r) };
  },
  async requestScoreImport({ params, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return reply(
      201,
      await requestScoreImport(await getCampaign(params.campaignId), actorOf(principal, correlationId)),
    );
  },
  async getScoreImport({ params, authorize }) {
    const job = await getScoreImport(params.importId);
    if (!job) throw notFound();
    await authorize('admission.manage', job.orgUnitId);
    return presentScoreImport(job);
  },
  async requestExamSeating({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    const campaign = await requestSeating(
      await getCampaign(params.campaignId),
      body.councils,
      actorOf(principal, correlationId),
    );
    return reply(202, await presentSeating(campaign));
  },
  async getExamSeating({ params, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return presentSeating(await getCampaign(params.campaignId));
  },
  async startAllocationRun({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    const run = await startRun(await getCampaign(params.campaignId), body, actorOf(principal, correlationId));
    return reply(202, await presentRun(run));
  },
  async listAllocationRuns({ params, query, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    await getCampaign(params.campaignId);
    const scope = `admission-runs:${params.campaignId}`;
    const page = await campaignRuns(
      params.campaignId,
      query.limit,
      decodeCursor(scope, query.cursor) ?? undefined,
    );
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: await Promise.all(page.items.map(presentRun)), ...(nextCursor ? { nextCursor } : {}) };
  },
  async getAllocationRun({ params, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return presentRun(await getRun(params.runId));
  },
  async explainAllocation({ params, language, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    const run = await getRun(params.runId);
    const application = await getApplication(params.applicationId);
    if (!application) throw notFound(admissionText('no-application'));
    return explain(run, application, language);
  },
  async adoptAllocationRun({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return presentCampaign(
      await adopt(await getRun(params.runId), body.expectedVersion, actorOf(principal, correlationId)),
    );
  },
  async schedulePublication({ params, body, principal, correlationId, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    const release = await schedulePublication(
      await getCampaign(params.campaignId),
      body.expectedVersion,
      actorOf(principal, correlationId),
    );
    return reply(202, presentRelease(release));
  },
  async getPublication({ params, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return publicationOf(params.campaignId);
  },
  async confirmMyAdmission({ params, body, principal, signIn, correlationId }) {
    return own(
      await confirmOwn(principal, signIn, params.applicationId, body.expectedVersion, correlationId),
    );
  },
  async askMyAdmissionDocument({ params, principal }) {
    const asked = await askFamilyDocument(params.kind, await ownApplication(principal, params.applicationId));
    return reply(asked.status, asked.body);
  },
  async getMyAdmissionDocument({ params, principal }) {
    return readFamilyDocument(params.kind, await ownApplication(principal, params.applicationId));
  },
  async askAdmissionRoomLists({ params, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return reply(202, await askRoomLists(await getCampaign(params.campaignId)));
  },
  async getAdmissionRoomLists({ params, authorize }) {
    await authorize('admission.manage', DEPARTMENT_ORG_UNIT_ID());
    return readRoomLists(await getCampaign(params.campaignId));
  },
});
