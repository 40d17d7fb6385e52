/**
 * The in-app inbox (issue 18, item 4): one item per (notification, account), written once — a
 * redelivered message or a retried worker finds it there — with the account's unread count kept
 * beside it in the same transaction. What other contexts address to a person of the education
 * database (`edu:<recordId>`) reaches the accounts linked to that person: the learner and their
 * guardians. Texts are rendered when read, in the reader's language.
 *
 * Access patterns: an account's notifications, newest first (gsi1); one by account and id
 * (GetItem); the unread count (GetItem).
 */
import { Entity, Service } from 'electrodb';
import { authEntities } from '#shared/auth/store.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { isTemplateId, type Language, render, TEMPLATES } from './domain/templates.ts';
import type { NotificationMessage } from './messages.ts';

export function makeInboxEntities({ client, table }: TableDeps) {
  const inboxItem = new Entity(
    {
      model: { entity: 'inboxItem', version: '1', service: 'edu' },
      attributes: {
        accountId: { type: 'string', required: true },
        notificationId: { type: 'string', required: true },
        template: { type: 'string', required: true },
        params: { type: 'any' },
        /** Whom it was addressed to: the account itself, or the learner (`edu:<recordId>`) it is about. */
        about: { type: 'string' },
        createdAt: { type: 'string', required: true },
        readAt: { type: 'string' },
        /** Kept a year. */
        ttl: { type: 'number' },
      },
      indexes: {
        byItem: {
          pk: { field: 'pk', composite: ['accountId'] },
          sk: { field: 'sk', composite: ['notificationId'] },
        },
        byAccount: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['accountId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'notificationId'] },
        },
      },
    },
    { client, table },
  );
  const inboxCounter = new Entity(
    {
      model: { entity: 'inboxCounter', version: '1', service: 'edu' },
      attributes: {
        accountId: { type: 'string', required: true },
        unread: { type: 'number', required: true, default: 0 },
      },
      indexes: {
        byAccount: { pk: { field: 'pk', composite: ['accountId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );
  const service = new Service({ inboxItem, inboxCounter }, { client, table });
  return { inboxItem, inboxCounter, service };
}

export type InboxEntities = ReturnType<typeof makeInboxEntities>;
export const inboxEntities = lazyStore(makeInboxEntities);

const KEEP_DAYS = 366;

export function makeInbox(entities: () => InboxEntities = inboxEntities) {
  return {
    /**
     * The accounts a message reaches: the account named; for `edu:<recordId>` those linked to that
     * learner (the learner and their guardians); for `guardians:<recordId>` the guardians alone.
     */
    async recipientsOf(recipientId: string): Promise<string[]> {
      const person = /^(edu|guardians):(.+)$/.exec(recipientId);
      if (!person) return [recipientId];
      const { data } = await authEntities()
        .personLink.query.byPerson({ recordId: person[2]! })
        .go({ pages: 'all', attributes: ['accountId', 'relation'] });
      return data.filter((l) => person[1] === 'edu' || l.relation === 'guardian').map((l) => l.accountId);
    },

    /** Puts a message in an account's inbox once; false when it was there already. */
    async deliver(accountId: string, message: NotificationMessage, now = new Date()): Promise<boolean> {
      const result = await entities()
        .service.transaction.write(({ inboxItem, inboxCounter }) => [
          inboxItem
            .create({
              accountId,
              notificationId: message.notificationId,
              template: message.template,
              params: message.data ?? {},
              ...(message.recipientId !== accountId ? { about: message.recipientId } : {}),
              createdAt: now.toISOString(),
              ttl: Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400,
            })
            .commit(),
          inboxCounter.upsert({ accountId }).add({ unread: 1 }).commit(),
        ])
        .go();
      return !result.canceled;
    },

    /** An account's notifications, newest first, in the reader's language, and the unread count. */
    async page(accountId: string, language: Language, limit: number, cursor?: string) {
      const scope = `inbox:${accountId}`;
      const [result, counter] = await Promise.all([
        entities()
          .inboxItem.query.byAccount({ accountId })
          .go({ order: 'desc', limit, cursor: decodeCursor(scope, cursor) }),
        entities().inboxCounter.get({ accountId }).go(),
      ]);
      return {
        unread: Math.max(0, counter.data?.unread ?? 0),
        items: result.data.map((item) => ({
          notificationId: item.notificationId,
          ...(isTemplateId(item.template)
            ? {
                category: TEMPLATES[item.template].category,
                ...renderOrRaw(item.template, language, item.params),
              }
            : { category: 'account' as const, title: item.template, body: '' }),
          createdAt: item.createdAt,
          read: item.readAt !== undefined,
        })),
        nextCursor: encodeCursor(scope, result.cursor),
      };
    },

    /** Everything in an account's inbox since a time, oldest first, in the reader's language. */
    async since(accountId: string, from: Date, language: Language) {
      const { data } = await entities()
        .inboxItem.query.byAccount({ accountId })
        .gte({ createdAt: from.toISOString() })
        .go({ pages: 'all' });
      return data.map((item) => ({
        notificationId: item.notificationId,
        template: item.template,
        ...(isTemplateId(item.template)
          ? {
              category: TEMPLATES[item.template].category,
              ...renderOrRaw(item.template, language, item.params),
            }
          : { title: item.template, body: '' }),
        ...(item.about ? { about: item.about } : {}),
        createdAt: item.createdAt,
        ...(item.readAt ? { readAt: item.readAt } : {}),
      }));
    },

    /** Marks notifications read (those not read yet count down once). */
    async markRead(accountId: string, notificationIds: readonly string[], now = new Date()) {
      let marked = 0;
      for (const notificationId of new Set(notificationIds)) {
        const result = await entities()
          .service.transaction.write(({ inboxItem, inboxCounter }) => [
            inboxItem
              .patch({ accountId, notificationId })
              .set({ readAt: now.toISOString() })
              .where((a, op) => op.notExists(a.readAt))
              .commit(),
            inboxCounter.update({ accountId }).add({ unread: -1 }).commit(),
          ])
          .go();
        if (!result.canceled) marked++;
      }
      return { marked };
    },
  };
}

function renderOrRaw(id: Parameters<typeof render>[0], language: Language, params: unknown) {
  try {
    return render(id, language, (params ?? {}) as Record<string, string>);
  } catch {
    // Written before its template asked for a parameter: shown plainly rather than lost.
    return { title: TEMPLATES[id].title[language], body: '' };
  }
}

export type Inbox = ReturnType<typeof makeInbox>;
