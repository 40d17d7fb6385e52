/**
 * Ratings of a module: each learner rates it once (1–5 stars, a comment if they like) and may
 * change it; the module's tally (count, sum) is added to in the same transaction, conditional on
 * the rating read, so two changes at once cannot count twice. The catalogue's managers may hide a
 * comment (its stars still count), with the reason, audited.
 */
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { nameBasedId } from '#shared/db/name-based-id.ts';
import { conflict } from '#shared/http/problem.ts';
import { coursesText } from './domain/texts.ts';
import { type CourseEntities, courseEntities } from './entities.ts';

export interface RatingItem {
  ratingId: string;
  moduleId: string;
  accountId: string;
  fullName: string;
  stars: number;
  comment?: string;
  hiddenAt?: string;
  hiddenReason?: string;
  createdAt: string;
  updatedAt: string;
}

/** A rating's id from its module and account: "my rating" is one GetItem, and the id names no one. */
export const ratingIdOf = (moduleId: string, accountId: string) =>
  nameBasedId(`module-rating:${moduleId}:${accountId}`);

/** The average to one decimal (what the screens show), 0 without ratings. */
export const averageOf = (t: { count: number; sum: number }) =>
  t.count ? Math.round((t.sum / t.count) * 10) / 10 : 0;

export function makeRatings(entities: () => CourseEntities = courseEntities) {
  const get = async (ratingId: string) => {
    const { data } = await entities().moduleRating.get({ ratingId }).go({ consistent: true });
    return (data as RatingItem | null) ?? undefined;
  };
  const changed = () => conflict(coursesText('rating-changed'));

  return {
    get,

    async tally(moduleId: string) {
      const { data } = await entities().ratingTally.get({ moduleId }).go();
      const t = { count: data?.count ?? 0, sum: data?.sum ?? 0 };
      return { count: t.count, average: averageOf(t) };
    },

    /** Rates (or rates again) a module: the rating and the tally's change in one transaction. */
    async rate(
      moduleId: string,
      learner: { accountId: string; fullName: string },
      stars: number,
      comment: string | undefined,
    ) {
      const ratingId = ratingIdOf(moduleId, learner.accountId);
      const before = await get(ratingId);
      const now = new Date().toISOString();
      const next: RatingItem = {
        ratingId,
        moduleId,
        accountId: learner.accountId,
        fullName: learner.fullName,
        stars,
        ...(comment ? { comment } : {}),
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
      };
      const result = await entities()
        .service.transaction.write((t) => [
          before
            ? t.moduleRating
                .put(next as never)
                .where((x, op) => op.eq(x.updatedAt, before.updatedAt))
                .commit()
            : t.moduleRating.create(next as never).commit(),
          t.ratingTally
            .upsert({ moduleId })
            .add({ count: before ? 0 : 1, sum: stars - (before?.stars ?? 0) })
            .commit(),
        ])
        .go();
      if (result.canceled) throw changed();
      return next;
    },

    /** A module's ratings, newest first; hidden comments are left out (their stars still count). */
    async ofModule(moduleId: string, limit: number, cursor: string | null) {
      const page = await entities()
        .moduleRating.query.byModule({ moduleId })
        .go({ limit, cursor, order: 'desc' });
      return { items: page.data as RatingItem[], cursor: page.cursor };
    },

    /** Hides a rating's comment, with the reason, audited in the same transaction. */
    async hide(
      rating: RatingItem,
      reason: string,
      unit: OrgTarget,
      actor: { accountId: string; requestId: string },
    ) {
      if (rating.hiddenAt) throw conflict(coursesText('rating-already-hidden'));
      const now = new Date().toISOString();
      const result = await entities()
        .service.transaction.write((t) => [
          t.moduleRating
            .patch({ ratingId: rating.ratingId })
            .set({ hiddenAt: now, hiddenReason: reason })
            .where((x, op) => op.eq(x.updatedAt, rating.updatedAt))
            .commit(),
          t.auditEntry
            .create(
              auditEntry({
                actorId: actor.accountId,
                action: 'module-rating.hide',
                targetType: 'module-rating',
                targetId: rating.ratingId,
                orgUnit: unit,
                requestId: actor.requestId,
                changes: { moduleId: rating.moduleId, reason },
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw changed();
      return { ...rating, hiddenAt: now, hiddenReason: reason };
    },
  };
}
