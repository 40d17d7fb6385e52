/**
 * Announcements (issue 18, item 5): a school to a class's parents, a commune to its schools'
 * staff, the Department to everyone in a scope. Sending writes the announcement and one message;
 * the fan-out worker walks the org tree a unit per message (children fanned out in parallel), a
 * unit's staff in one message, its learners a page per message, and sends each recipient one
 * notification (`ann-<id>`; the inbox, the delivery keys and the log keep it once per person).
 * Nothing is written per recipient here, and no item is written by more than one step: each step
 * records how many it addressed in its own `announcementPart`, summed when read.
 *
 * Access patterns: an announcement by id (GetItem) with its parts (Query, same partition); a
 * unit's announcements, newest first (gsi1).
 */
import { createHash, randomUUID } from 'node:crypto';
import { Entity, Service } from 'electrodb';
import { auditEntry, makeAuditEntity } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { ROLES } from '#shared/auth/permissions.ts';
import { authEntities } from '#shared/auth/store.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { badRequest, fieldError } from '#shared/http/problem.ts';
import { sendMessages } from '#shared/queue/sqs.ts';
import { classOf, learnerIdsPage } from '../edu-data/index.ts';
import { notificationsText } from './domain/texts.ts';
import {
  ANNOUNCEMENTS_QUEUE,
  type FanOutStep,
  fanOutStep,
  NOTIFICATIONS_QUEUE,
  type NotificationMessage,
  notificationMessage,
} from './messages.ts';

export type Audience =
  | { kind: 'class-guardians'; classId: string }
  | { kind: 'staff' }
  | { kind: 'everyone' };

/** Roles held by people who work in education: an announcement to staff reaches these. */
export const STAFF_ROLES = ROLES.filter((r) => !['student', 'parent', 'citizen'].includes(r));
/** Learners per fan-out message. */
export const LEARNERS_PER_STEP = 200;

export function makeAnnouncementEntities({ client, table }: TableDeps) {
  const announcement = new Entity(
    {
      model: { entity: 'announcement', version: '1', service: 'edu' },
      attributes: {
        announcementId: { type: 'string', required: true },
        orgUnitId: { type: 'string', required: true },
        fromName: { type: 'string', required: true },
        audience: { type: 'any', required: true },
        /** The class's name, for a class's parents. */
        audienceName: { type: 'string' },
        subject: { type: 'string', required: true },
        text: { type: 'string', required: true },
        sentBy: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byId: {
          collection: 'announcementWithParts',
          pk: { field: 'pk', composite: ['announcementId'] },
          sk: { field: 'sk', composite: [] },
        },
        byUnit: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['orgUnitId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'announcementId'] },
        },
      },
    },
    { client, table },
  );
  const announcementPart = new Entity(
    {
      model: { entity: 'announcementPart', version: '1', service: 'edu' },
      attributes: {
        announcementId: { type: 'string', required: true },
        partId: { type: 'string', required: true },
        addressed: { type: 'number', required: true },
        at: { type: 'string', required: true },
      },
      indexes: {
        byAnnouncement: {
          collection: 'announcementWithParts',
          pk: { field: 'pk', composite: ['announcementId'] },
          sk: { field: 'sk', composite: ['partId'] },
        },
      },
    },
    { client, table },
  );
  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service({ announcement, announcementPart, auditEntry }, { client, table });
  return { announcement, announcementPart, service };
}

export type AnnouncementEntities = ReturnType<typeof makeAnnouncementEntities>;
export const announcementEntities = lazyStore(makeAnnouncementEntities);

type AnnouncementItem = NonNullable<
  Awaited<ReturnType<ReturnType<AnnouncementEntities['announcement']['get']>['go']>>['data']
>;

export function makeAnnouncements(entities: () => AnnouncementEntities = announcementEntities) {
  const present = (a: AnnouncementItem, addressed?: { addressed: number; parts: number }) => ({
    announcementId: a.announcementId,
    orgUnitId: a.orgUnitId,
    fromName: a.fromName,
    audience: a.audience as Audience,
    ...(a.audienceName ? { audienceName: a.audienceName } : {}),
    subject: a.subject,
    text: a.text,
    sentBy: a.sentBy,
    createdAt: a.createdAt,
    ...(addressed ?? {}),
  });

  return {
    /** Records the announcement (audited) and starts its fan-out at the sending unit. */
    async send(
      unit: OrgTarget,
      input: { audience: Audience; subject: string; text: string },
      actor: { sub: string; requestId: string },
    ) {
      let audienceName: string | undefined;
      if (input.audience.kind === 'class-guardians') {
        const cls = await classOf(input.audience.classId);
        if (!cls || cls.schoolId !== unit.orgUnitId)
          throw badRequest(notificationsText('class-not-unit'), [
            fieldError('body', 'audience.classId', notificationsText('not-class-of-school')),
          ]);
        audienceName = cls.name;
      }
      const { data: own } = await authEntities()
        .orgUnit.get({ orgUnitId: unit.orgUnitId })
        .go({ attributes: ['name'] });
      const now = new Date().toISOString();
      const item = {
        announcementId: `${now.slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 12)}`,
        orgUnitId: unit.orgUnitId,
        fromName: own?.name ?? unit.orgUnitId,
        audience: input.audience,
        ...(audienceName ? { audienceName } : {}),
        subject: input.subject,
        text: input.text,
        sentBy: actor.sub,
        createdAt: now,
      };
      await entities()
        .service.transaction.write(({ announcement, auditEntry: entry }) => [
          announcement.create(item).commit(),
          entry
            .create(
              auditEntry({
                actorId: actor.sub,
                action: 'announcement.send',
                targetType: 'announcement',
                targetId: item.announcementId,
                orgUnit: unit,
                requestId: actor.requestId,
                changes: { audience: input.audience.kind, subject: input.subject },
              }),
            )
            .commit(),
        ])
        .go();
      const first: FanOutStep =
        input.audience.kind === 'class-guardians'
          ? { announcementId: item.announcementId, kind: 'learners', classId: input.audience.classId }
          : { announcementId: item.announcementId, kind: 'unit', unitId: unit.orgUnitId };
      await sendMessages(ANNOUNCEMENTS_QUEUE, fanOutStep, [first]);
      return present(item as AnnouncementItem, { addressed: 0, parts: 0 });
    },

    /** An announcement with how many it has addressed so far (the sum of its parts). */
    async get(announcementId: string) {
      const { data } = await entities()
        .service.collections.announcementWithParts({ announcementId })
        .go({ pages: 'all' });
      const found = data.announcement[0];
      if (!found) return undefined;
      return present(found, {
        addressed: data.announcementPart.reduce((sum, p) => sum + p.addressed, 0),
        parts: data.announcementPart.length,
      });
    },

    async ofUnit(orgUnitId: string, limit: number, cursor?: string) {
      const scope = `announcements:${orgUnitId}`;
      const result = await entities()
        .announcement.query.byUnit({ orgUnitId })
        .go({ order: 'desc', limit, cursor: decodeCursor(scope, cursor) });
      return { items: result.data.map((a) => present(a)), nextCursor: encodeCursor(scope, result.cursor) };
    },

    /** One step of a fan-out: further steps, and the notifications of the people it reaches. */
    async step(step: FanOutStep): Promise<{ steps: number; addressed: number }> {
      const { data: found } = await entities().announcement.get({ announcementId: step.announcementId }).go();
      if (!found) return { steps: 0, addressed: 0 };
      const audience = found.audience as Audience;
      const notification = (recipientId: string): NotificationMessage => ({
        notificationId: `ann-${found.announcementId}`,
        channel: 'app',
        recipientId,
        template: 'announcement',
        data: { from: found.fromName, subject: found.subject, text: found.text },
      });
      const next: FanOutStep[] = [];
      let recipients: string[] = [];
      if (step.kind === 'unit') {
        const { data: children } = await authEntities()
          .orgUnit.query.byParent({ parentId: step.unitId })
          .go({ pages: 'all', attributes: ['orgUnitId', 'kind'] });
        const { data: unit } = await authEntities()
          .orgUnit.get({ orgUnitId: step.unitId })
          .go({ attributes: ['kind'] });
        next.push(
          ...children.map((c) => ({
            announcementId: found.announcementId,
            kind: 'unit' as const,
            unitId: c.orgUnitId,
          })),
          { announcementId: found.announcementId, kind: 'staff', unitId: step.unitId },
        );
        if (audience.kind === 'everyone' && unit?.kind === 'school')
          next.push({ announcementId: found.announcementId, kind: 'learners', schoolId: step.unitId });
      } else if (step.kind === 'staff') {
        const accounts = new Set<string>();
        for (const role of STAFF_ROLES) {
          const { data } = await authEntities()
            .roleAssignment.query.byScopeRole({ scopeOrgUnitId: step.unitId, role })
            .go({ pages: 'all', attributes: ['accountId'] });
          for (const a of data) accounts.add(a.accountId);
        }
        recipients = [...accounts];
      } else {
        const page = await learnerIdsPage(
          step.classId ? { classId: step.classId } : { schoolId: step.schoolId! },
          LEARNERS_PER_STEP,
          step.cursor,
        );
        const prefix = audience.kind === 'class-guardians' ? 'guardians' : 'edu';
        recipients = page.recordIds.map((id) => `${prefix}:${id}`);
        if (page.nextCursor) next.push({ ...step, cursor: page.nextCursor });
      }
      await sendMessages(NOTIFICATIONS_QUEUE, notificationMessage, recipients.map(notification));
      await sendMessages(ANNOUNCEMENTS_QUEUE, fanOutStep, next);
      if (step.kind !== 'unit') await recordPart(step, recipients.length);
      return { steps: next.length, addressed: recipients.length };
    },
  };

  /** A step's count, once: a redelivered step finds its part written. */
  async function recordPart(step: FanOutStep, addressed: number) {
    const partId = createHash('sha256').update(JSON.stringify(step)).digest('base64url').slice(0, 22);
    try {
      await entities()
        .announcementPart.create({
          announcementId: step.announcementId,
          partId,
          addressed,
          at: new Date().toISOString(),
        })
        .go();
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

export type Announcements = ReturnType<typeof makeAnnouncements>;
