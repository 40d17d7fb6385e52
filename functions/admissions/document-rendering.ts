/**
 * The worker's part of the admissions documents (documents.ts): renders what a message asks for
 * with the PDF library and its embedded font (this module is the worker's alone, so the API's
 * bundle carries neither). A message that no longer matches — the application changed since, a
 * new seating was made — renders nothing: the newer request has its own message.
 */
import { orgUnitNames } from '#shared/auth/store.ts';
import { renderDocument } from '#shared/pdf/document.ts';
import { putObject } from '#shared/storage/s3.ts';
import { campaignApplications } from './allocation-runs.ts';
import { type ApplicationItem, getApplication } from './applications.ts';
import { getCampaign, programmesOf } from './campaigns.ts';
import { receiptKey, roomListKey, ticketKey } from './documents.ts';
import { type RoomListFacts, receiptDocument, roomListDocument, ticketDocument } from './domain/documents.ts';
import type { Seating } from './exam-seating.ts';
import type { DocumentMessage } from './messages.ts';

const renderPdf = (doc: ReturnType<typeof receiptDocument>, subject: string) =>
  renderDocument({ title: doc.title, author: 'Sở Giáo dục và Đào tạo', subject }, doc.blocks);

/** Renders what a message asks for; one that no longer matches (a newer version, a new seating) is left. */
export async function renderAdmissionDocument(message: DocumentMessage, now = new Date()): Promise<string[]> {
  if (message.kind === 'room-lists') return renderRoomLists(message.campaignId, message.seatingAt, now);
  const a = await getApplication(message.applicationId);
  if (!a) return [];
  const campaign = await getCampaign(a.campaignId);
  if (message.kind === 'receipt') {
    if (a.version !== message.version) return [];
    const programmes = new Map((await programmesOf(a.campaignId)).map((p) => [p.programmeId, p]));
    const names = await orgUnitNames([
      a.schoolId,
      ...(a.preferences ?? []).map((id) => programmes.get(id)?.schoolId ?? id.split(':')[0]!),
    ]);
    const key = receiptKey(a);
    const doc = receiptDocument(
      {
        applicationId: a.applicationId,
        version: a.version,
        campaignName: campaign.name,
        grade: a.grade,
        childName: a.child.fullName,
        dateOfBirth: a.child.dateOfBirth,
        gender: a.child.gender,
        personalId: a.child.personalId,
        address: a.residence.address,
        schoolName: names.get(a.schoolId) ?? a.schoolId,
        guardianName: a.guardianName,
        relation: a.relation,
        ...(a.phone ? { phone: a.phone } : {}),
        submittedAt: a.createdAt,
        updatedAt: a.updatedAt,
        state: a.state,
        preferences: (a.preferences ?? []).map((id) => {
          const p = programmes.get(id);
          const schoolId = p?.schoolId ?? id.split(':')[0]!;
          return {
            schoolName: names.get(schoolId) ?? schoolId,
            kind: p?.kind ?? 'regular',
            ...(p?.paperName ? { paperName: p.paperName } : {}),
          };
        }),
        ...(a.priorityGroup
          ? {
              priorityGroup:
                campaign.rules?.priorityGroups.find((g) => g.code === a.priorityGroup)?.name ??
                a.priorityGroup,
            }
          : {}),
      },
      now,
    );
    await putObject('reports', key, await renderPdf(doc, campaign.name), 'application/pdf');
    return [key];
  }
  if ((campaign.seating as Seating | undefined)?.requestedAt !== message.seatingAt || !a.exam) return [];
  const names = await orgUnitNames([a.exam.councilId, a.child.currentSchoolId ?? a.schoolId]);
  const programmes = new Map((await programmesOf(a.campaignId)).map((p) => [p.programmeId, p]));
  // The year's three papers, and the own paper of each specialised or integrated programme chosen.
  const papers = [
    ...(campaign.rules?.subjects ?? []).map((s) => s.name),
    ...new Set(
      (a.preferences ?? []).flatMap((id) => {
        const p = programmes.get(id);
        return p?.paperName ? [p.paperName] : [];
      }),
    ),
  ];
  const key = ticketKey(a, message.seatingAt);
  const doc = ticketDocument(
    {
      applicationId: a.applicationId,
      campaignName: campaign.name,
      candidateNumber: a.exam.candidateNumber,
      childName: a.child.fullName,
      dateOfBirth: a.child.dateOfBirth,
      gender: a.child.gender,
      lowerSecondaryName: names.get(a.child.currentSchoolId ?? a.schoolId) ?? a.schoolId,
      councilName: names.get(a.exam.councilId) ?? a.exam.councilId,
      room: a.exam.room,
      seat: a.exam.seat,
      papers,
    },
    now,
  );
  await putObject('reports', key, await renderPdf(doc, campaign.name), 'application/pdf');
  return [key];
}

async function renderRoomLists(campaignId: string, seatingAt: string, now: Date): Promise<string[]> {
  const campaign = await getCampaign(campaignId);
  const seating = campaign.seating as Seating | undefined;
  if (seating?.requestedAt !== seatingAt || seating.state !== 'done') return [];
  const seated = (await campaignApplications(campaignId)).filter(
    (a): a is ApplicationItem & { exam: NonNullable<ApplicationItem['exam']> } =>
      Boolean(a.exam) && a.state === 'verified',
  );
  const names = await orgUnitNames([
    ...new Set(seated.flatMap((a) => [a.exam.councilId, a.child.currentSchoolId ?? a.schoolId])),
  ]);
  const byCouncil = new Map<string, typeof seated>();
  for (const a of seated) byCouncil.set(a.exam.councilId, [...(byCouncil.get(a.exam.councilId) ?? []), a]);
  const keys: string[] = [];
  for (const [councilId, list] of byCouncil) {
    const rooms = new Map<number, RoomListFacts['rooms'][number]['candidates']>();
    for (const a of list.sort((x, y) => x.exam.room - y.exam.room || x.exam.seat - y.exam.seat)) {
      const room = rooms.get(a.exam.room) ?? [];
      room.push({
        seat: a.exam.seat,
        candidateNumber: a.exam.candidateNumber,
        childName: a.child.fullName,
        dateOfBirth: a.child.dateOfBirth,
        schoolName: names.get(a.child.currentSchoolId ?? a.schoolId) ?? a.schoolId,
      });
      rooms.set(a.exam.room, room);
    }
    const councilName = names.get(councilId) ?? councilId;
    const doc = roomListDocument(
      {
        campaignName: campaign.name,
        councilName,
        rooms: [...rooms].map(([room, candidates]) => ({ room, candidates })),
      },
      now,
    );
    const key = roomListKey(campaignId, seatingAt, councilId);
    await putObject('reports', key, await renderPdf(doc, councilName), 'application/pdf');
    keys.push(key);
  }
  return keys;
}
