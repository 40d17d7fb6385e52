/**
 * Direct admissions (tuyển thẳng) to grade 10, entered by the Department: a verified candidate
 * the rules admit without the allocation (a national prize, a very small ethnic minority…) takes a
 * place of one programme before the run, with the basis written down. Each change is a version of
 * the application with its audit entry, in one transaction with the programme's listing item and a
 * check that no allocation has been adopted; the run reads them from the applications.
 */
import { orgUnitNames } from '#shared/auth/store.ts';
import { badRequest, conflict, fieldProblem } from '#shared/http/problem.ts';
import { type ApplicationItem, programmeView, save } from './applications.ts';
import { type Actor, type CampaignItem, directCount, getCampaign, programmesOf } from './campaigns.ts';
import { admissionText } from './domain/texts.ts';
import { admissionEntities } from './entities.ts';

/**
 * Admits a candidate directly to a programme, moves them to another, or (`direct: null`) takes the
 * direct admission away. Only before an allocation is adopted, in the first round, and only a
 * verified application; a programme never has more direct admissions than places.
 */
export async function setDirectAdmission(
  before: ApplicationItem,
  input: { expectedVersion: number; direct: { programmeId: string; basis: string } | null },
  actor: Actor & { fullName: string },
  now = new Date(),
): Promise<ApplicationItem> {
  if (before.version !== input.expectedVersion) throw conflict(admissionText('application-changed'));
  const campaign = await getCampaign(before.campaignId);
  if (campaign.grade !== 10) throw badRequest(admissionText('not-grade-10'));
  if (campaign.adoptedRunId || campaign.state === 'published')
    throw conflict(admissionText('allocation-adopted'));
  if (campaign.secondRound) throw conflict(admissionText('direct-round-over'));
  const from = before.direct?.programmeId;
  const at = now.toISOString();
  if (!input.direct) {
    if (!from) return before;
    const { direct: _direct, ...rest } = before;
    return save(
      before,
      {
        ...rest,
        history: [
          ...before.history,
          { action: 'direct-removed', at, by: actor.accountId, byName: actor.fullName },
        ],
      },
      actor,
      'admission-application.direct-remove',
      { programmeId: from },
      { direct: { from } },
    );
  }
  if (before.state !== 'verified') throw conflict(admissionText('direct-needs-verified'));
  const { programmeId } = input.direct;
  const programme = (await programmesOf(campaign.campaignId)).find((p) => p.programmeId === programmeId);
  if (!programme) throw fieldProblem('direct.programmeId', admissionText('unknown-programme'));
  if (programmeId !== from && (await directCount(campaign.campaignId, programmeId)) >= programme.quota)
    throw fieldProblem('direct.programmeId', admissionText('direct-full'));
  const basis = input.direct.basis.trim();
  if (!basis) throw fieldProblem('direct.basis', admissionText('basis-needed'));
  return save(
    before,
    {
      ...before,
      direct: { programmeId, basis, at, byName: actor.fullName },
      history: [
        ...before.history,
        { action: 'direct-admitted', at, by: actor.accountId, byName: actor.fullName, note: basis },
      ],
    },
    actor,
    'admission-application.direct-admit',
    { programmeId, basis, ...(from && from !== programmeId ? { from } : {}) },
    // The same programme again (a basis corrected): its listing item stays as it is.
    { direct: programmeId === from ? {} : { ...(from ? { from } : {}), to: programmeId } },
  );
}

/** The campaign's direct admissions, each with its candidate and programme by name (a few hundred at most). */
export async function directAdmissions(campaign: CampaignItem) {
  const entities = admissionEntities();
  const { data: listed } = await entities.admissionDirect.query
    .byCampaign({ campaignId: campaign.campaignId })
    .go({ pages: 'all' });
  const { data: applications } = listed.length
    ? await entities.admissionApplication
        .get(listed.map((d) => ({ applicationId: d.applicationId })))
        .go({ concurrent: 4 })
    : { data: [] };
  const byId = new Map((applications as ApplicationItem[]).map((a) => [a.applicationId, a]));
  const programmes = new Map((await programmesOf(campaign.campaignId)).map((p) => [p.programmeId, p]));
  const names = await orgUnitNames([
    ...[...programmes.values()].map((p) => p.schoolId),
    ...(applications as ApplicationItem[]).map((a) => a.schoolId),
  ]);
  return listed.flatMap((d) => {
    const a = byId.get(d.applicationId);
    if (!a?.direct) return [];
    return [
      {
        applicationId: a.applicationId,
        version: a.version,
        state: a.state,
        childName: a.child.fullName,
        dateOfBirth: a.child.dateOfBirth,
        schoolName: names.get(a.schoolId) ?? a.schoolId,
        programme: programmeView(d.programmeId, programmes, names),
        basis: a.direct.basis,
        at: a.direct.at,
        byName: a.direct.byName,
      },
    ];
  });
}
