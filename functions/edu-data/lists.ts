/**
 * Which index answers a list: a school's own records, a commune's (the schools under it), or — for
 * a search by name — the name entries in the same scopes (the city's only with a query). The API pages through it; the export worker walks it to the end.
 */
import { badRequest, fieldError } from '#shared/http/problem.ts';
import { searchKey } from '#shared/text/vietnamese.ts';
import type { RecordKind } from './domain/records.ts';
import { eduText } from './domain/texts.ts';
import type { EduRecordItem, EduStore } from './store.ts';

export interface ListScope {
  orgUnitId: string;
  /** The org unit's kind (school, commune, department…). */
  unitKind: string;
}

export function makeLists(store: EduStore) {
  return {
    async page(
      scope: ListScope,
      kind: RecordKind,
      query: string | undefined,
      limit: number,
      cursor?: string,
    ): Promise<{ items: EduRecordItem[]; nextCursor?: string }> {
      const q = query ? searchKey(query) : '';
      const byOwner = scope.unitKind === 'school' || kind === 'school-year';
      if (!byOwner && scope.unitKind === 'department' && q.length < 2)
        throw badRequest(eduText('city-search-short'), [fieldError('body', 'q', eduText('two-letters'))]);
      // A query finds names by any of their words (the name entries); no query lists by name.
      if (q)
        return store.searchNames(
          byOwner
            ? { ownerId: scope.orgUnitId }
            : scope.unitKind === 'department'
              ? { city: scope.orgUnitId }
              : { parentId: scope.orgUnitId },
          kind,
          q,
          limit,
          cursor,
        );
      if (byOwner) return store.listByOwner(scope.orgUnitId, kind, limit, cursor);
      return store.listByParent(scope.orgUnitId, kind, limit, cursor);
    },
  };
}
