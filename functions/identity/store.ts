/**
 * Identity's reads over the shared authorization entities (see shared/auth/store.ts for the
 * access patterns). Writes arrive with the delegation and audit work.
 */
import { type AuthEntities, authEntities } from '#shared/auth/store.ts';
import { decodeCursor, encodeCursor, type Page } from '#shared/db/pagination.ts';

export function makeIdentityStore(entities: () => AuthEntities = authEntities) {
  return {
    async getOrgUnit(orgUnitId: string) {
      const { data } = await entities().orgUnit.get({ orgUnitId }).go();
      return data ?? undefined;
    },

    async orgUnitNames(ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const { data } = await entities()
        .orgUnit.get(ids.map((orgUnitId) => ({ orgUnitId })))
        .go();
      return new Map(data.map((u) => [u.orgUnitId, u.name]));
    },

    async listChildren(parentId: string, limit: number, cursor?: string) {
      const scope = `children:${parentId}`;
      const result = await entities()
        .orgUnit.query.byParent({ parentId })
        .go({ limit, cursor: decodeCursor(scope, cursor) });
      return page(result.data, encodeCursor(scope, result.cursor));
    },

    async listAccounts(homeOrgUnitId: string, limit: number, cursor?: string) {
      const scope = `accounts:${homeOrgUnitId}`;
      const result = await entities()
        .account.query.byOrgUnit({ homeOrgUnitId })
        .go({ limit, cursor: decodeCursor(scope, cursor) });
      return page(
        result.data.map(({ accountId, fullName, email, phone, status, homeOrgUnitId: home }) => ({
          accountId,
          fullName,
          email,
          phone,
          status,
          homeOrgUnitId: home,
        })),
        encodeCursor(scope, result.cursor),
      );
    },
  };
}

const page = <T>(items: T[], nextCursor: string | undefined): Page<T> =>
  nextCursor ? { items, nextCursor } : { items };

export type IdentityStore = ReturnType<typeof makeIdentityStore>;
