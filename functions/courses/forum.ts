/**
 * A module's forum: its learners ask (a thread) and answer (replies); the module's managers answer
 * too, and hide what should not be there — the author sees it is hidden and why, everyone else a
 * line saying so — audited. A reply and its thread's count are written in one transaction.
 * Posting is open while the module is; a closed module's forum is read-only.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { conflict, notFound } from '#shared/http/problem.ts';
import { type ModuleItem, stateOf } from './catalogue.ts';
import { coursesText } from './domain/texts.ts';
import { type CourseEntities, courseEntities } from './entities.ts';

interface Hideable {
  hiddenAt?: string;
  hiddenBy?: string;
  hiddenReason?: string;
}
export interface ThreadItem extends Hideable {
  threadId: string;
  moduleId: string;
  title: string;
  body: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  replies: number;
  lastPostAt: string;
}
export interface ReplyItem extends Hideable {
  threadId: string;
  replyId: string;
  moduleId: string;
  body: string;
  authorId: string;
  authorName: string;
  createdAt: string;
}

export interface Poster {
  accountId: string;
  fullName: string;
}

/**
 * What a reader sees of a post: a hidden one keeps its author and time; its text is shown to its
 * author and to moderators only, with the reason.
 */
export function postView<T extends ThreadItem | ReplyItem>(
  post: T,
  reader: { accountId: string; moderator: boolean },
) {
  const { hiddenBy: _by, hiddenReason, ...rest } = post;
  if (!post.hiddenAt) return { ...rest, hidden: false, mine: post.authorId === reader.accountId };
  const sees = reader.moderator || post.authorId === reader.accountId;
  return {
    ...rest,
    ...(sees ? { hiddenReason } : { body: '', ...('title' in post ? { title: '' } : {}) }),
    hidden: true,
    mine: post.authorId === reader.accountId,
  };
}

/** A reply's id: the time first, so a thread's replies sort by when they were written. */
const replyIdOf = (at: string) => `${at}_${randomUUID().slice(0, 8)}`;

export function makeForum(entities: () => CourseEntities = courseEntities) {
  const open = (m: ModuleItem) => {
    if (stateOf(m) !== 'running') throw conflict(coursesText('forum-closed'));
  };
  const audit = (
    unit: OrgTarget,
    actor: { accountId: string; requestId: string },
    targetType: string,
    targetId: string,
    changes: Record<string, unknown>,
  ) =>
    auditEntry({
      actorId: actor.accountId,
      action: `${targetType}.hide`,
      targetType,
      targetId,
      orgUnit: unit,
      requestId: actor.requestId,
      changes,
    });

  return {
    async thread(threadId: string): Promise<ThreadItem | undefined> {
      const { data } = await entities().forumThread.get({ threadId }).go();
      return (data as ThreadItem | null) ?? undefined;
    },

    async threads(moduleId: string, limit: number, cursor: string | null) {
      const page = await entities()
        .forumThread.query.byModule({ moduleId })
        .go({ limit, cursor, order: 'desc' });
      return { items: page.data as ThreadItem[], cursor: page.cursor };
    },

    async replies(threadId: string, limit: number, cursor: string | null) {
      const page = await entities().forumReply.query.byThread({ threadId }).go({ limit, cursor });
      return { items: page.data as ReplyItem[], cursor: page.cursor };
    },

    async ask(m: ModuleItem, poster: Poster, input: { title: string; body: string }) {
      open(m);
      const at = new Date().toISOString();
      const item: ThreadItem = {
        threadId: randomUUID(),
        moduleId: m.moduleId,
        title: input.title,
        body: input.body,
        authorId: poster.accountId,
        authorName: poster.fullName,
        createdAt: at,
        replies: 0,
        lastPostAt: at,
      };
      await entities()
        .forumThread.create(item as never)
        .go();
      return item;
    },

    /** A reply, and the thread's count and last post time with it (one transaction). */
    async reply(m: ModuleItem, thread: ThreadItem, poster: Poster, body: string) {
      open(m);
      if (thread.hiddenAt) throw conflict(coursesText('forum-thread-hidden'));
      const at = new Date().toISOString();
      const item: ReplyItem = {
        threadId: thread.threadId,
        replyId: replyIdOf(at),
        moduleId: m.moduleId,
        body,
        authorId: poster.accountId,
        authorName: poster.fullName,
        createdAt: at,
      };
      await entities()
        .service.transaction.write(({ forumReply, forumThread }) => [
          forumReply.create(item as never).commit(),
          forumThread
            .patch({ threadId: thread.threadId })
            .add({ replies: 1 })
            .set({ lastPostAt: at })
            .commit(),
        ])
        .go();
      return item;
    },

    /** Hides a thread (with its replies, as a whole) or one reply, with the reason, audited. */
    async hide(
      thread: ThreadItem,
      replyId: string | undefined,
      reason: string,
      unit: OrgTarget,
      actor: { accountId: string; requestId: string },
    ) {
      const at = new Date().toISOString();
      const hidden = { hiddenAt: at, hiddenBy: actor.accountId, hiddenReason: reason };
      if (replyId) {
        const { data } = await entities().forumReply.get({ threadId: thread.threadId, replyId }).go();
        if (!data) throw notFound(coursesText('no-such-post'));
        if (data.hiddenAt) throw conflict(coursesText('post-already-hidden'));
      } else if (thread.hiddenAt) throw conflict(coursesText('post-already-hidden'));
      const result = await entities()
        .service.transaction.write(({ forumReply, forumThread, auditEntry: log }) => [
          replyId
            ? forumReply
                .patch({ threadId: thread.threadId, replyId })
                .set(hidden)
                .where((x, op) => op.notExists(x.hiddenAt))
                .commit()
            : forumThread
                .patch({ threadId: thread.threadId })
                .set(hidden)
                .where((x, op) => op.notExists(x.hiddenAt))
                .commit(),
          log
            .create(
              audit(unit, actor, replyId ? 'forum-reply' : 'forum-thread', replyId ?? thread.threadId, {
                moduleId: thread.moduleId,
                threadId: thread.threadId,
                reason,
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(coursesText('post-already-hidden'));
      return hidden;
    },
  };
}
