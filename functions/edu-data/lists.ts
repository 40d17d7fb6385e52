/**
 * Which index answers a list: a school's own records, a commune's (the schools under it), or the
 * city's by name prefix. The API pages through it; the export worker walks it to the end.
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
      if (scope.unitKind === 'school' || kind === 'school-year')
        return store.listByOwner(scope.orgUnitId, kind, q, limit, cursor);
      if (scope.unitKind === 'department') {
        if (q.length < 2)
          throw badRequest(eduText('city-search-short'), [fieldError('body', 'q', eduText('two-letters'))]);
        return store.listByCity(scope.orgUnitId, kind, q, limit, cursor);
      }
      return store.listByParent(scope.orgUnitId, kind, q, limit, cursor);
    },
  };
}
