/**
 * Publication of a grade-10 campaign's results at a fixed minute, to every family at once, with
 * nothing reaching the table (docs/admissions.md "Publication").
 *
 * The Department asks for it once a run is adopted and the timetable names the minute and the
 * confirmation deadline. A worker then writes every family's result, rendered in both languages and
 * sealed with a key only that family's token and the campaign's release secret give
 * (domain/sealed-result.ts), as a static object the portal's CloudFront distribution serves, and a
 * release notice saying "not yet". At the minute the scheduled release writes the notice again with
 * the secret: each family's page — static files only — finds its object by its token's hash and
 * opens it. The same preparation writes each application's outcome, which the guardian confirms
 * through the API afterwards (days, not one minute).
 */
import { eachLimited } from '#shared/async/each-limited.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import { cancellationCodes, falseIfConditionFailed } from '#shared/db/errors.ts';
import { badRequest, conflict, fieldError, notFound } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessage, sendMessages } from '#shared/queue/sqs.ts';
import { putObject } from '#shared/storage/s3.ts';
import { renderText } from '#shared/text/texts.ts';
import {
  NOTIFICATIONS_QUEUE,
  type NotificationMessage,
  notificationMessage,
} from '../notifications/messages.ts';
import {
  type CandidateResult,
  explanationOf,
  getRun,
  runResultsCache,
  subjectsOf,
} from './allocation-runs.ts';
import type { ApplicationItem } from './applications.ts';
import { type Actor, type CampaignItem, campaignAudit, getCampaign, programmesOf } from './campaigns.ts';
import {
  newReleaseSecret,
  newResultToken,
  type PublishedResult,
  type ReleaseNotice,
  releasePath,
  resultLocator,
  resultPath,
  sealResult,
} from './domain/sealed-result.ts';
import type { ReleaseState } from './domain/states.ts';
import { admissionText } from './domain/texts.ts';
import { admissionEntities } from './entities.ts';
import { PUBLICATION_QUEUE, publicationMessage, RESULTS_PREFIX } from './messages.ts';

/** The least time between asking for a publication and its minute: every result written before it. */
export const PUBLICATION_LEAD_MINUTES = 10;
/** Families' results written at once by the preparation. */
const WRITERS = 16;
/** A result never changes once released; the notice says "not yet" for a few seconds at most. */
const RESULT_CACHE = 'public, max-age=86400, immutable';
const NOTICE_CACHE = 'public, max-age=5';
const RELEASED_NOTICE_CACHE = 'public, max-age=300';

export interface ReleaseItem {
  campaignId: string;
  runId: string;
  secret: string;
  state: ReleaseState;
  publishAt: string;
  confirmUntil: string;
  prepared: number;
  total?: number;
  requestedBy: string;
  requestedByName: string;
  createdAt: string;
  preparedAt?: string;
  releasedAt?: string;
}

/** What a campaign item says of its publication (the secret and progress are on the release item). */
export interface CampaignPublication {
  publishAt: string;
  requestedAt: string;
  requestedByName: string;
  releasedAt?: string;
}

export async function getRelease(campaignId: string): Promise<ReleaseItem | undefined> {
  // Strongly consistent: the worker reads it right after the request's transaction wrote it.
  const { data } = await admissionEntities().admissionRelease.get({ campaignId }).go({ consistent: true });
  return (data as ReleaseItem | null) ?? undefined;
}

/** The Department's view of a publication: never the secret. */
export function presentRelease(r: ReleaseItem) {
  return {
    state: r.state,
    publishAt: r.publishAt,
    confirmUntil: r.confirmUntil,
    runId: r.runId,
    prepared: r.prepared,
    ...(r.total !== undefined ? { total: r.total } : {}),
    requestedByName: r.requestedByName,
    createdAt: r.createdAt,
    ...(r.preparedAt ? { preparedAt: r.preparedAt } : {}),
    ...(r.releasedAt ? { releasedAt: r.releasedAt } : {}),
  };
}

/**
 * Asks for the adopted result's publication at the timetable's minute: the campaign says so (its
 * adopted run and timetable no longer change) and the preparation starts, in one transaction.
 */
export async function schedulePublication(
  campaign: CampaignItem,
  expectedVersion: number,
  actor: Actor & { fullName: string },
  now = new Date(),
): Promise<ReleaseItem> {
  if (campaign.version !== expectedVersion) throw conflict(admissionText('campaign-changed'));
  if (campaign.state === 'published') throw conflict(admissionText('published-already'));
  if (campaign.publication) throw conflict(admissionText('publication-scheduled'));
  if (!campaign.adoptedRunId) throw conflict(admissionText('no-adopted-run'));
  // A publication given up on may be asked for again (a new secret: nothing of the old opens).
  const earlier = await getRelease(campaign.campaignId);
  if (earlier && earlier.state !== 'failed') throw conflict(admissionText('publication-scheduled'));
  const { publishAt, confirmUntil } = campaign.timetable;
  if (!publishAt || !confirmUntil)
    throw badRequest(admissionText('publish-times-needed'), [
      fieldError('body', 'timetable.publishAt', admissionText('publish-times-needed')),
    ]);
  if (Date.parse(publishAt) < now.getTime() + PUBLICATION_LEAD_MINUTES * 60_000)
    throw conflict(admissionText('publish-too-soon', { minutes: PUBLICATION_LEAD_MINUTES }));
  const at = now.toISOString();
  const release: ReleaseItem = {
    campaignId: campaign.campaignId,
    runId: campaign.adoptedRunId,
    secret: newReleaseSecret(),
    state: 'preparing',
    publishAt,
    confirmUntil,
    prepared: 0,
    requestedBy: actor.accountId,
    requestedByName: actor.fullName,
    createdAt: at,
  };
  const publication: CampaignPublication = { publishAt, requestedAt: at, requestedByName: actor.fullName };
  const next = { ...campaign, publication, version: campaign.version + 1, updatedAt: at };
  const result = await admissionEntities()
    .service.transaction.write(({ admissionCampaign, admissionRelease, auditEntry: log }) => [
      admissionCampaign
        .put({ ...next, listing: 'campaigns' })
        .where((x, op) => op.eq(x.version, campaign.version))
        .commit(),
      earlier
        ? admissionRelease
            .put(release)
            .where((x, op) => op.eq(x.state, 'failed'))
            .commit()
        : admissionRelease.create(release).commit(),
      log
        .create(
          campaignAudit(actor, 'admission-campaign.schedule-publication', campaign, {
            publishAt,
            confirmUntil,
            runId: release.runId,
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw conflict(admissionText('campaign-changed'));
  await sendMessage(PUBLICATION_QUEUE, publicationMessage, { campaignId: campaign.campaignId });
  return release;
}

/** An application's token, made now for one that has none (applications from before tokens). */
async function tokenOf(application: ApplicationItem): Promise<string> {
  if (application.resultToken) return application.resultToken;
  const token = newResultToken();
  const written = await admissionEntities()
    .admissionApplication.patch({ applicationId: application.applicationId })
    .set({ resultToken: token })
    .where((x, op) => op.notExists(x.resultToken))
    .go()
    .then(() => true)
    .catch(falseIfConditionFailed);
  if (written) return token;
  const { data } = await admissionEntities()
    .admissionApplication.get({ applicationId: application.applicationId })
    .go();
  return (data as ApplicationItem).resultToken!;
}

const bothLanguages = (code: 'result-not-candidate') => ({
  vi: renderText(`admission.${code}`, {}, 'vi') ?? code,
  en: renderText(`admission.${code}`, {}, 'en') ?? code,
});

/** One family's result as its page shows it, in both languages (pure but for the texts). */
export function publishedResultOf(
  campaign: CampaignItem,
  application: ApplicationItem,
  result: CandidateResult | undefined,
  programmes: Map<string, { kind: string; paperName?: string }>,
  schoolName: (programmeId: string) => string,
  confirmUntil: string,
): PublishedResult {
  const subjects = subjectsOf(campaign);
  const vi = result ? explanationOf(result, subjects, schoolName, 'vi') : undefined;
  const en = result ? explanationOf(result, subjects, schoolName, 'en') : undefined;
  const admitted = result?.admitted;
  const programme = admitted ? programmes.get(admitted.programmeId) : undefined;
  return {
    campaignId: campaign.campaignId,
    campaignName: campaign.name,
    schoolYear: campaign.schoolYear,
    grade: campaign.grade,
    childName: application.child.fullName,
    ...(application.exam ? { candidateNumber: application.exam.candidateNumber } : {}),
    // The papers the run counted (the application's may have changed since, before adoption).
    ...((result?.papers ?? application.papers)
      ? {
          papers: (campaign.rules?.subjects ?? []).map((s) => ({
            code: s.code,
            name: s.name,
            score: (result?.papers ?? application.papers)![s.code] ?? 'absent',
          })),
        }
      : {}),
    ...(result?.points !== undefined ? { points: result.points } : {}),
    status: !result ? 'not-a-candidate' : admitted ? 'admitted' : 'not-admitted',
    ...(admitted
      ? {
          admitted: {
            schoolName: schoolName(admitted.programmeId),
            kind: programme?.kind ?? 'regular',
            ...(programme?.paperName ? { paperName: programme.paperName } : {}),
            preference: admitted.preference,
            ...(result?.direct ? { direct: true } : {}),
          },
          confirmUntil,
        }
      : {}),
    ...(vi?.disqualified && en?.disqualified
      ? { disqualified: { vi: vi.disqualified, en: en.disqualified } }
      : {}),
    preferences: (vi?.preferences ?? []).map((p, k) => ({
      preference: p.preference,
      schoolName: p.schoolName,
      outcome: p.outcome,
      ...('reason' in p && p.reason
        ? { reason: { vi: p.reason, en: en!.preferences[k]!.reason ?? p.reason } }
        : {}),
    })),
    ...(!result ? { note: bothLanguages('result-not-candidate') } : {}),
  };
}

const noticeOf = (campaign: CampaignItem, release: ReleaseItem, released: boolean): ReleaseNotice => ({
  campaignId: campaign.campaignId,
  name: campaign.name,
  publishAt: release.publishAt,
  confirmUntil: release.confirmUntil,
  released,
  ...(released ? { secret: release.secret } : {}),
});

const writeNotice = (notice: ReleaseNotice) =>
  putObject(
    'materials',
    RESULTS_PREFIX + releasePath(notice.campaignId),
    JSON.stringify(notice),
    'application/json',
    notice.released ? RELEASED_NOTICE_CACHE : NOTICE_CACHE,
  );

/**
 * The worker's part: the "not yet" notice (planPublication), then every family's sealed result
 * written by chunks (prepareChunk: applications not withdrawn — a verified one with its outcome,
 * the rest saying why they took no part — with each application's outcome), then the publication
 * ready for its minute.
 */

/** Families a chunk of the preparation writes (env ADMISSION_RESULTS_CHUNK; tests make it small). */
const chunkSize = () => Math.min(1000, Math.max(1, Number(process.env.ADMISSION_RESULTS_CHUNK) || 500));

/**
 * The preparation's first step: the notice "not yet", then every family not withdrawn dealt into
 * chunks, one message each, prepared in parallel (30,000 families is 60 chunks: no one worker run
 * holds them all). Sent again whole when redelivered: a chunk done adds nothing twice.
 */
export async function planPublication(campaignId: string): Promise<void> {
  const release = await getRelease(campaignId);
  // Not there (yet): the message is delivered again, rather than lost.
  if (!release) throw new Error(`No publication of campaign ${campaignId}`);
  if (release.state !== 'preparing') return;
  const campaign = await getCampaign(campaignId);
  // First the notice "not yet" (the minute, no secret): a family's link says when from now on.
  await writeNotice(noticeOf(campaign, release, false));
  const { data } = await admissionEntities()
    .admissionApplication.query.byCampaign({ campaignId })
    .go({ pages: 'all', attributes: ['applicationId', 'state'] });
  const ids = data.filter((a) => a.state !== 'withdrawn').map((a) => a.applicationId);
  const size = chunkSize();
  const chunks = Array.from({ length: Math.ceil(ids.length / size) }, (_, index) => ({
    campaignId,
    chunk: {
      index,
      releaseAt: release.createdAt,
      applicationIds: ids.slice(index * size, (index + 1) * size),
    },
  }));
  await admissionEntities()
    .admissionRelease.patch({ campaignId })
    .set({ total: ids.length })
    .where((x, op) => op.eq(x.state, 'preparing'))
    .go()
    .catch(falseIfConditionFailed);
  if (chunks.length === 0) await markReadyIfDone(campaignId);
  await sendMessages(PUBLICATION_QUEUE, publicationMessage, chunks);
  logger.info('Admission results planned', { campaignId, families: ids.length, chunks: chunks.length });
}

/** The applications by id, all of them (BatchGetItem's unprocessed keys asked again). */
async function applicationsById(ids: readonly string[]): Promise<ApplicationItem[]> {
  const found: ApplicationItem[] = [];
  let keys = ids.map((applicationId) => ({ applicationId }));
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt === 5) throw new Error(`${keys.length} applications could not be read`);
    if (attempt) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    const { data, unprocessed } = await admissionEntities().admissionApplication.get(keys).go();
    found.push(...(data as ApplicationItem[]));
    keys = unprocessed as { applicationId: string }[];
  }
  return found;
}

/**
 * The adopted run's results, read once per container by the worker itself: a cache of its own, not
 * the API's (locally both run in one process, and the worker's read is its own grant's use).
 */
const resultsOfRun = runResultsCache();

/**
 * One chunk of families: each one's result sealed and written, its outcome, and the family told
 * the minute; then, once, the chunk's count added to the publication's — the chunk that completes
 * it marks it ready. A redelivered chunk writes no family twice and adds nothing twice.
 */
export async function prepareChunk(
  campaignId: string,
  chunk: { index: number; releaseAt: string; applicationIds: string[] },
): Promise<void> {
  const release = await getRelease(campaignId);
  if (!release) throw new Error(`No publication of campaign ${campaignId}`);
  if (release.state !== 'preparing' || release.createdAt !== chunk.releaseAt) return;
  const campaign = await getCampaign(campaignId);
  const run = await getRun(release.runId);
  const [results, programmeItems, applications] = await Promise.all([
    resultsOfRun(run),
    programmesOf(campaignId),
    applicationsById(chunk.applicationIds),
  ]);
  const names = await orgUnitNames(programmeItems.map((p) => p.schoolId));
  const schoolName = (programmeId: string) => {
    const schoolId = programmeId.split(':')[0]!;
    return names.get(schoolId) ?? schoolId;
  };
  const programmes = new Map(programmeItems.map((p) => [p.programmeId, p]));
  // Each family is told the minute and given its own link, ten to a queue request. A send that
  // fails fails the chunk: its redelivery tells every family of it again, those already written
  // too (the inbox keeps one a notification id), so nobody is left untold.
  const notices: NotificationMessage[] = [];
  const sendNotices = async (atLeast: number) => {
    while (notices.length >= atLeast)
      await sendMessages(NOTIFICATIONS_QUEUE, notificationMessage, notices.splice(0, 10));
  };
  const tell = (application: ApplicationItem, token: string) => {
    notices.push(resultNotice(campaign, release, application, token));
    return sendNotices(10);
  };
  const families = applications.filter((a) => a.state !== 'withdrawn');
  await eachLimited(families, WRITERS, async (application) => {
    // Written by an earlier delivery of this publication: not again.
    if (application.outcome?.sealedFor === release.createdAt) {
      if (application.resultToken) await tell(application, application.resultToken);
      return;
    }
    const token = await tokenOf(application);
    await tell(application, token);
    const result = results[application.applicationId];
    const published = publishedResultOf(
      campaign,
      application,
      result,
      programmes,
      schoolName,
      release.confirmUntil,
    );
    const locator = await resultLocator(token);
    await putObject(
      'materials',
      RESULTS_PREFIX + resultPath(campaignId, locator),
      JSON.stringify(await sealResult(published, release.secret, token)),
      'application/json',
      RESULT_CACHE,
    );
    await admissionEntities()
      .admissionApplication.patch({ applicationId: application.applicationId })
      .set({
        outcome: {
          runId: run.runId,
          admitted: Boolean(result?.admitted),
          ...(result?.admitted
            ? { programmeId: result.admitted.programmeId, preference: result.admitted.preference }
            : {}),
          ...(result?.direct ? { direct: true } : {}),
          sealedFor: release.createdAt,
        },
      })
      .go();
  });
  await sendNotices(1);
  await countChunk(campaignId, release, chunk);
  // Every time, even when an earlier delivery counted this chunk and stopped before this.
  await markReadyIfDone(campaignId);
  logger.info('Admission results chunk prepared', {
    campaignId,
    chunk: chunk.index,
    families: families.length,
  });
}

/**
 * Adds a chunk's families to the publication's count once: its marker and the count in one
 * transaction. A marker there already is a chunk counted by an earlier delivery; a conflict with
 * another chunk counting at the same moment (60 share one release item) is tried again.
 */
async function countChunk(
  campaignId: string,
  release: ReleaseItem,
  chunk: { index: number; releaseAt: string; applicationIds: string[] },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const counted = await admissionEntities()
      .service.transaction.write(({ admissionReleaseChunk, admissionRelease }) => [
        admissionReleaseChunk
          .create({
            campaignId,
            releaseAt: release.createdAt,
            index: chunk.index,
            families: chunk.applicationIds.length,
            doneAt: new Date().toISOString(),
          })
          .commit(),
        admissionRelease
          .update({ campaignId })
          .add({ prepared: chunk.applicationIds.length })
          .where((x, op) => `${op.eq(x.state, 'preparing')} AND ${op.eq(x.createdAt, release.createdAt)}`)
          .commit(),
      ])
      .go();
    if (!counted.canceled) return;
    const codes = cancellationCodes(counted);
    // Counted already (its marker), or the publication is no longer this request's: nothing to add.
    if (codes.includes('ConditionalCheckFailed')) return;
    if (attempt === 8) throw new Error(`Chunk ${chunk.index} of ${campaignId} not counted: ${codes.join()}`);
    await new Promise((r) => setTimeout(r, 50 * 2 ** attempt * (0.5 + Math.random())));
  }
}

/** Ready once every family is counted (the last chunk's worker, or two at once: the condition picks one). */
async function markReadyIfDone(campaignId: string): Promise<void> {
  const { data } = await admissionEntities().admissionRelease.get({ campaignId }).go({ consistent: true });
  const release = data as ReleaseItem | null;
  if (
    !release ||
    release.state !== 'preparing' ||
    release.total === undefined ||
    release.prepared < release.total
  )
    return;
  await admissionEntities()
    .admissionRelease.patch({ campaignId })
    .set({ state: 'ready', preparedAt: new Date().toISOString() })
    .where((x, op) => `${op.eq(x.state, 'preparing')} AND ${op.eq(x.createdAt, release.createdAt)}`)
    .go()
    .catch(falseIfConditionFailed);
  logger.info('Admission results prepared', { campaignId, prepared: release.prepared });
}

/** A family's notice of the minute, with the link to its own result (the token after `#`). */
const resultNotice = (
  campaign: CampaignItem,
  release: ReleaseItem,
  application: ApplicationItem,
  token: string,
): NotificationMessage => ({
  notificationId: `adm-res-${application.applicationId}-${Date.parse(release.createdAt).toString(36)}`,
  channel: 'app',
  recipientId: application.guardianId,
  template: 'admission-results-scheduled',
  data: {
    child: application.child.fullName,
    campaign: campaign.name,
    publishAt: release.publishAt,
    link: `${(process.env.PUBLIC_PORTAL_URL ?? '').replace(/\/$/, '')}/results/admissions/${campaign.campaignId}#${token}`,
  },
});

/**
 * The scheduled release (every minute, at its start): each publication whose minute has come gets
 * its notice with the secret, then the campaign is published — in that order, so a failure in
 * between is released again the next minute and nobody sees "published" without the results.
 */
export async function releaseDue(now: Date, requestId: string): Promise<{ released: string[] }> {
  const { data } = await admissionEntities()
    .admissionRelease.query.byState({ state: 'ready' })
    .go({ pages: 'all' });
  const released: string[] = [];
  for (const release of data as ReleaseItem[]) {
    if (Date.parse(release.publishAt) > now.getTime()) continue;
    // One campaign's failure does not hold back another's minute.
    try {
      if (await releaseOne(release, now, requestId)) released.push(release.campaignId);
    } catch (error) {
      logger.error('Admission results not released; tried again next minute', {
        campaignId: release.campaignId,
        error,
      });
    }
  }
  return { released };
}

/** One publication released: its notice with the secret, then the campaign published. */
async function releaseOne(release: ReleaseItem, now: Date, requestId: string): Promise<boolean> {
  const campaign = await getCampaign(release.campaignId);
  await writeNotice(noticeOf(campaign, release, true));
  const at = now.toISOString();
  const next = {
    ...campaign,
    state: 'published' as const,
    publication: { ...campaign.publication!, releasedAt: at },
    version: campaign.version + 1,
    updatedAt: at,
  };
  const result = await admissionEntities()
    .service.transaction.write(({ admissionCampaign, admissionRelease, auditEntry: log }) => [
      admissionCampaign
        .put({ ...next, listing: 'campaigns' })
        .where((x, op) => op.eq(x.version, campaign.version))
        .commit(),
      admissionRelease
        .put({ ...release, state: 'released', releasedAt: at })
        .where((x, op) => op.eq(x.state, 'ready'))
        .commit(),
      log
        .create(
          campaignAudit({ accountId: 'system', requestId }, 'admission-campaign.publish', campaign, {
            publishAt: release.publishAt,
            families: release.total ?? release.prepared,
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) {
    logger.warn('Admission results released; the campaign changed meanwhile, published next minute', {
      campaignId: campaign.campaignId,
    });
    return false;
  }
  logger.info('Admission results released', { campaignId: campaign.campaignId, at });
  return true;
}

/**
 * A preparation given up on (its message's last delivery): the publication says so and the
 * campaign no longer does, so the Department may change what it needs and ask again.
 */
export async function markPublicationFailed(campaignId: string, requestId: string): Promise<void> {
  const release = await getRelease(campaignId);
  if (release?.state !== 'preparing') return;
  const campaign = await getCampaign(campaignId);
  const at = new Date().toISOString();
  const { publication: _gone, ...rest } = campaign;
  const result = await admissionEntities()
    .service.transaction.write(({ admissionCampaign, admissionRelease, auditEntry: log }) => [
      admissionCampaign
        .put({ ...rest, version: campaign.version + 1, updatedAt: at, listing: 'campaigns' })
        .where((x, op) => op.eq(x.version, campaign.version))
        .commit(),
      admissionRelease
        .put({ ...release, state: 'failed' })
        .where((x, op) => op.eq(x.state, 'preparing'))
        .commit(),
      log
        .create(
          campaignAudit(
            { accountId: 'system', requestId },
            'admission-campaign.publication-failed',
            campaign,
            {
              prepared: release.prepared,
            },
          ),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw new Error(`The publication of ${campaignId} changed while being marked failed`);
}

/** The publication of a campaign, for the Department; none asked for is a 404. */
export async function publicationOf(campaignId: string) {
  await getCampaign(campaignId);
  const release = await getRelease(campaignId);
  if (!release) throw notFound(admissionText('not-published'));
  return presentRelease(release);
}
