/**
 * Grade 10's exam seating: once the window has closed the Department names the councils (venue
 * schools and the rooms each gives); a worker numbers the verified candidates and seats them
 * (domain/exam-logistics.ts) and writes each application's number, council, room and seat. A
 * new request replaces the last (numbers are the same for the same candidates); the campaign
 * keeps the request, its state and the figures, read by the Department's screen.
 */
import { orgUnitNames } from '#shared/auth/store.ts';
import { badRequest, conflict, fieldError } from '#shared/http/problem.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { campaignApplications } from './allocation-runs.ts';
import { type Actor, type CampaignItem, checkSchool, getCampaign, saveCampaign } from './campaigns.ts';
import { areaOfCommune } from './domain/campaign.ts';
import { type ExamCandidate, type ExamCouncil, ROOM_SIZE, seatCandidates } from './domain/exam-logistics.ts';
import { phaseOf } from './domain/states.ts';
import { admissionText } from './domain/texts.ts';
import { admissionEntities } from './entities.ts';
import { SEATING_QUEUE, seatingMessage } from './messages.ts';

export interface Seating {
  councils: { schoolId: string; rooms: number; area: string }[];
  state: 'pending' | 'done';
  requestedAt: string;
  requestedBy: string;
  doneAt?: string;
  candidates?: number;
  perCouncil?: { councilId: string; candidates: number; roomsUsed: number }[];
  short?: { area: string; candidates: number; places: number }[];
}

export async function requestSeating(
  campaign: CampaignItem,
  councils: { schoolId: string; rooms: number }[],
  actor: Actor,
): Promise<CampaignItem> {
  if (campaign.grade !== 10 || !campaign.rules) throw badRequest(admissionText('not-grade-10'));
  if (campaign.state === 'published') throw conflict(admissionText('published-already'));
  // Numbers scores were entered by, and results sealed with, never change under them.
  if (campaign.adoptedRunId) throw conflict(admissionText('allocation-adopted'));
  if (phaseOf(campaign.state, campaign.timetable, new Date()) !== 'closed')
    throw conflict(admissionText('still-accepting', { until: campaign.timetable.applyUntil }));
  if (new Set(councils.map((k) => k.schoolId)).size !== councils.length)
    throw badRequest(admissionText('school-twice'), [
      fieldError('body', 'councils', admissionText('school-twice')),
    ]);
  const placed: Seating['councils'] = [];
  for (const [i, k] of councils.entries()) {
    // An upper-secondary school (where its levels are known) of one of the campaign's areas.
    const school = await checkSchool(k.schoolId, 10, `councils.${i}.schoolId`);
    const area = areaOfCommune(campaign.rules, school.lineage.at(-2) ?? '');
    if (!area)
      throw badRequest(admissionText('council-outside-areas'), [
        fieldError('body', `councils.${i}.schoolId`, admissionText('council-outside-areas')),
      ]);
    placed.push({ schoolId: k.schoolId, rooms: k.rooms, area });
  }
  const requestedAt = new Date().toISOString();
  const seating: Seating = { councils: placed, state: 'pending', requestedAt, requestedBy: actor.accountId };
  const saved = await saveCampaign(campaign, { ...campaign, seating }, actor, 'admission-campaign.seat', {
    councils: placed.length,
    rooms: placed.reduce((n, k) => n + k.rooms, 0),
  });
  await sendMessage(SEATING_QUEUE, seatingMessage, { campaignId: campaign.campaignId, requestedAt });
  return saved;
}

/** The worker's part: seat the verified candidates of the request named (a later request wins). */
export async function computeSeating(campaignId: string, requestedAt: string): Promise<void> {
  const campaign = await getCampaign(campaignId);
  const seating = campaign.seating as Seating | undefined;
  if (!seating || seating.requestedAt !== requestedAt || seating.state === 'done') return;
  const verified = (await campaignApplications(campaignId)).filter((a) => a.state === 'verified');
  const candidates: ExamCandidate[] = verified.map((a) => ({
    applicationId: a.applicationId,
    area: a.area ?? '',
    schoolId: a.child.currentSchoolId ?? a.schoolId,
    fullName: a.child.fullName,
    dateOfBirth: a.child.dateOfBirth,
  }));
  const councils: ExamCouncil[] = seating.councils.map((k) => ({
    councilId: k.schoolId,
    area: k.area,
    rooms: k.rooms,
  }));
  const result = seatCandidates(councils, candidates, ROOM_SIZE);
  // Each application's seat, twenty at a time; a candidate without one (an area short of rooms) has it cleared.
  for (let i = 0; i < verified.length; i += 20) {
    await Promise.all(
      verified.slice(i, i + 20).map((a) => {
        const seat = result.seats.get(a.applicationId);
        const patch = admissionEntities().admissionApplication.patch({ applicationId: a.applicationId });
        // A new version: a school's decision made from the version before cannot drop the seat.
        return (seat ? patch.set({ exam: seat }) : patch.remove(['exam'])).add({ version: 1 }).go();
      }),
    );
  }
  const latest = await getCampaign(campaignId);
  if ((latest.seating as Seating | undefined)?.requestedAt !== requestedAt) return; // asked again meanwhile
  await admissionEntities()
    .admissionCampaign.patch({ campaignId })
    .set({
      seating: {
        ...seating,
        state: 'done',
        doneAt: new Date().toISOString(),
        candidates: verified.length,
        perCouncil: result.councils,
        short: result.short,
      },
    })
    .go();
}

/** The seating as the Department reads it: councils by school name. */
export async function presentSeating(campaign: CampaignItem) {
  const seating = campaign.seating as Seating | undefined;
  if (!seating) return { state: 'none' as const, councils: [] };
  const names = await orgUnitNames(seating.councils.map((k) => k.schoolId));
  const figures = new Map((seating.perCouncil ?? []).map((k) => [k.councilId, k]));
  return {
    state: seating.state,
    requestedAt: seating.requestedAt,
    ...(seating.doneAt ? { doneAt: seating.doneAt } : {}),
    ...(seating.candidates !== undefined ? { candidates: seating.candidates } : {}),
    councils: seating.councils.map((k) => ({
      schoolId: k.schoolId,
      schoolName: names.get(k.schoolId) ?? k.schoolId,
      area: k.area,
      rooms: k.rooms,
      ...(figures.get(k.schoolId)
        ? { candidates: figures.get(k.schoolId)!.candidates, roomsUsed: figures.get(k.schoolId)!.roomsUsed }
        : {}),
    })),
    short: seating.short ?? [],
  };
}
