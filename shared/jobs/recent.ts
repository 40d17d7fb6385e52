/**
 * A person's recent jobs as a `/me/…` route lists them: their own (by the by-requester index,
 * never another person's, even in the same unit), only those whose unit they still hold the
 * permission on (a person moved elsewhere no longer sees the old unit's jobs), each with the
 * unit's name.
 */
import { can } from '#shared/auth/can.ts';
import type { Permission } from '#shared/auth/permissions.ts';
import { type LoadedPrincipal, orgTree } from '#shared/auth/principal-loader.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import type { JobItem } from './attributes.ts';

/** How far back a home looks by default, and the most a caller may ask. */
export const RECENT_JOB_DAYS = 7;
export const MAX_RECENT_JOB_DAYS = 30;

export async function recentJobsOf<J extends JobItem>(
  jobs: {
    recentOf(requestedBy: string, since: string): Promise<J[]>;
    present(job: J): Promise<Record<string, unknown>>;
  },
  principal: LoadedPrincipal,
  permission: Permission,
  days: number,
  keep: (job: J) => boolean = () => true,
  now = Date.now(),
) {
  const since = new Date(now - days * 86_400_000).toISOString();
  const mine = (await jobs.recentOf(principal.sub, since)).filter(keep);
  const units = await orgTree().many(mine.map((j) => j.orgUnitId));
  const visible = mine.filter((j) => {
    const unit = units.get(j.orgUnitId);
    return unit !== undefined && can(principal, permission, unit);
  });
  const names = await orgUnitNames(visible.map((j) => j.orgUnitId));
  return Promise.all(
    visible.map(async (j) => ({ ...(await jobs.present(j)), orgUnitName: names.get(j.orgUnitId) ?? '' })),
  );
}
