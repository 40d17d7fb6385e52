/**
 * The second round's publication (domain/second-round.ts has its rules). A few thousand families
 * take part, not a city: the adopted run's outcome is written on each one's application and each
 * is told, in the request (within the API's 10 s at ~2,000 families; a larger round would want the
 * first round's worker and chunks); the campaign says it is published last, so a request that fails part
 * way is asked again and writes the same outcomes (a family is told once a notification id).
 */
import { eachLimited } from '#shared/async/each-limited.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import { falseIfConditionFailed } from '#shared/db/errors.ts';
import { conflict } from '#shared/http/problem.ts';
import { sendMessages } from '#shared/queue/sqs.ts';
import {
  NOTIFICATIONS_QUEUE,
  type NotificationMessage,
  notificationMessage,
} from '../notifications/messages.ts';
import { getRun, runResultsCache } from './allocation-runs.ts';
import type { ApplicationItem } from './applications.ts';
import { type Actor, type CampaignItem, saveCampaign } from './campaigns.ts';
import { admissionText } from './domain/texts.ts';
import { admissionEntities } from './entities.ts';

const resultsOf = runResultsCache();

export async function publishSecondRound(
  before: CampaignItem,
  expectedVersion: number,
  actor: Actor,
  now = new Date(),
): Promise<CampaignItem> {
  if (before.version !== expectedVersion) throw conflict(admissionText('campaign-changed'));
  const round = before.secondRound;
  if (!round) throw conflict(admissionText('no-second-round'));
  if (round.publishedAt) throw conflict(admissionText('second-round-published'));
  if (!round.adoptedRunId) throw conflict(admissionText('second-round-not-adopted'));
  const run = await getRun(round.adoptedRunId);
  const results = await resultsOf(run);
  const ids = Object.keys(results);
  const { data } = await admissionEntities()
    .admissionApplication.get(ids.map((applicationId) => ({ applicationId })))
    .go();
  const applications = data as ApplicationItem[];
  const schools = await orgUnitNames(
    Object.values(results).flatMap((r) => (r.admitted ? [r.admitted.programmeId.split(':')[0]!] : [])),
  );
  let changed = 0;
  await eachLimited(applications, 16, async (a) => {
    const result = results[a.applicationId]!;
    const outcome = {
      runId: run.runId,
      admitted: Boolean(result.admitted),
      ...(result.admitted
        ? { programmeId: result.admitted.programmeId, preference: result.admitted.preference }
        : {}),
    };
    // On the version read: the window is closed, so nothing else changes it but a retry of this.
    if (JSON.stringify(a.secondRound?.outcome) !== JSON.stringify(outcome))
      await admissionEntities()
        .admissionApplication.patch({ applicationId: a.applicationId })
        .set({ secondRound: { ...a.secondRound!, outcome }, updatedAt: now.toISOString() })
        .add({ version: 1 })
        .where((x, op) => op.eq(x.version, a.version))
        .go()
        .catch(falseIfConditionFailed)
        .then((written) => {
          if (written === false) changed++;
        });
  });
  // Changed meanwhile (nothing should: the window is closed): asked again, it is written then.
  if (changed) throw conflict(admissionText('application-changed'));
  // Each family told, ten to a queue request, eight requests at once. A send that fails fails the
  // request before the round says it is published: asked again, every family is told again (the
  // inbox keeps one a notification id), so nobody is left untold.
  const notices = applications.map((a): NotificationMessage => {
    const admitted = results[a.applicationId]!.admitted;
    const common = {
      notificationId: `adm-${a.applicationId}-round2`,
      channel: 'app' as const,
      recipientId: a.guardianId,
    };
    return admitted
      ? {
          ...common,
          template: 'admission-second-round-admitted',
          data: {
            child: a.child.fullName,
            campaign: before.name,
            school: schools.get(admitted.programmeId.split(':')[0]!) ?? admitted.programmeId,
            until: round.confirmUntil,
          },
        }
      : {
          ...common,
          template: 'admission-second-round-not-admitted',
          data: { child: a.child.fullName, campaign: before.name },
        };
  });
  const batches = Array.from({ length: Math.ceil(notices.length / 10) }, (_, i) =>
    notices.slice(i * 10, i * 10 + 10),
  );
  await eachLimited(batches, 8, (batch) => sendMessages(NOTIFICATIONS_QUEUE, notificationMessage, batch));
  return saveCampaign(
    before,
    { ...before, secondRound: { ...round, publishedAt: now.toISOString() } },
    actor,
    'admission-campaign.publish-second-round',
    { runId: run.runId, families: applications.length },
  );
}
