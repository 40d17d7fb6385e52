/**
 * Printable admissions documents (domain/documents.ts): a family's receipt of its application and,
 * once seated, the candidate's admission ticket; the Department's room lists, one PDF a council.
 * The worker `render-admission-documents` writes them to the reports bucket under keys fixed by
 * what they show — the application's version, the seating's request — so asking again is answered
 * by what is there, a changed application or a new seating asks for a new one, and a redelivered
 * message writes the same file. Links are signed for five minutes.
 */
import { orgUnitNames } from '#shared/auth/store.ts';
import { conflict } from '#shared/http/problem.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { headObject, presignDownload } from '#shared/storage/s3.ts';
import type { ApplicationItem } from './applications.ts';
import { type CampaignItem, getCampaign } from './campaigns.ts';
import { applicationReference } from './domain/documents.ts';
import { admissionText } from './domain/texts.ts';
import type { Seating } from './exam-seating.ts';
import { DOCUMENTS_PREFIX, DOCUMENTS_QUEUE, type DocumentMessage, documentMessage } from './messages.ts';

export type FamilyDocument = 'receipt' | 'ticket';

export const stamp = (at: string) => Date.parse(at).toString(36);
export const receiptKey = (a: ApplicationItem) =>
  `${DOCUMENTS_PREFIX}${a.campaignId}/receipts/${a.applicationId}/v${a.version}.pdf`;
export const ticketKey = (a: ApplicationItem, seatingAt: string) =>
  `${DOCUMENTS_PREFIX}${a.campaignId}/tickets/${a.applicationId}/${stamp(seatingAt)}.pdf`;
export const roomListKey = (campaignId: string, seatingAt: string, councilId: string) =>
  `${DOCUMENTS_PREFIX}${campaignId}/room-lists/${stamp(seatingAt)}/${councilId}.pdf`;

/** The seating the tickets and room lists are printed from: done, or refused. */
function doneSeating(campaign: CampaignItem) {
  const seating = campaign.seating as Seating | undefined;
  if (seating?.state !== 'done') throw conflict(admissionText('not-seated'));
  return seating;
}

/** Where a family's document is (or will be), and the message that renders it. */
function familyDocument(kind: FamilyDocument, a: ApplicationItem, campaign: CampaignItem) {
  if (kind === 'receipt')
    return {
      key: receiptKey(a),
      message: { kind, applicationId: a.applicationId, version: a.version } satisfies DocumentMessage,
      fileName: `phieu-tiep-nhan-${applicationReference(a.applicationId)}.pdf`,
    };
  const seating = doneSeating(campaign);
  if (!a.exam) throw conflict(admissionText('not-seated'));
  return {
    key: ticketKey(a, seating.requestedAt),
    message: {
      kind,
      applicationId: a.applicationId,
      seatingAt: seating.requestedAt,
    } satisfies DocumentMessage,
    fileName: `giay-bao-du-thi-${a.exam.candidateNumber}.pdf`,
  };
}

const ready = async (key: string, fileName: string) =>
  (await headObject('reports', key))
    ? { state: 'ready' as const, downloadUrl: await presignDownload('reports', key, 300, fileName) }
    : undefined;

/** The family's document as it stands: a link when rendered, otherwise not yet. */
export async function readFamilyDocument(kind: FamilyDocument, a: ApplicationItem) {
  const doc = familyDocument(kind, a, await getCampaign(a.campaignId));
  return (await ready(doc.key, doc.fileName)) ?? { state: 'preparing' as const };
}

/** Asks for the family's document: the one there is, or rendered in the background. */
export async function askFamilyDocument(kind: FamilyDocument, a: ApplicationItem) {
  const doc = familyDocument(kind, a, await getCampaign(a.campaignId));
  const there = await ready(doc.key, doc.fileName);
  if (there) return { status: 200, body: there };
  await sendMessage(DOCUMENTS_QUEUE, documentMessage, doc.message);
  return { status: 202, body: { state: 'preparing' as const } };
}

/** The Department's room lists of the last seating, council by council (ready ones with a link). */
export async function readRoomLists(campaign: CampaignItem) {
  const seating = doneSeating(campaign);
  // A council given no candidate has no list.
  const councils = (seating.perCouncil ?? []).filter((c) => c.candidates > 0);
  const names = await orgUnitNames(councils.map((c) => c.councilId));
  return {
    seatingAt: seating.requestedAt,
    councils: await Promise.all(
      councils.map(async (c) => {
        const name = names.get(c.councilId) ?? c.councilId;
        const doc = await ready(
          roomListKey(campaign.campaignId, seating.requestedAt, c.councilId),
          `danh-sach-phong-thi-${c.councilId}.pdf`,
        );
        return {
          councilId: c.councilId,
          councilName: name,
          rooms: c.roomsUsed,
          candidates: c.candidates,
          ...(doc ?? { state: 'preparing' as const }),
        };
      }),
    ),
  };
}

export async function askRoomLists(campaign: CampaignItem) {
  const seating = doneSeating(campaign);
  await sendMessage(DOCUMENTS_QUEUE, documentMessage, {
    kind: 'room-lists',
    campaignId: campaign.campaignId,
    seatingAt: seating.requestedAt,
  });
  return readRoomLists(campaign);
}
