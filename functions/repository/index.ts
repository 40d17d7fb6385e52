/**
 * What other contexts may ask of the learning repository: a unit's published resources counted
 * by kind and curriculum subject (the library's statistics).
 */
import { repositoryEntities } from './entities.ts';
import type { ResourceItem } from './service.ts';

export async function publishedCounts(unitId: string) {
  const { data } = await repositoryEntities()
    .resource.query.byUnit({ unitId })
    .go({ pages: 'all', attributes: ['state', 'published'] });
  const byKind: Record<string, number> = {};
  const bySubject: Record<string, number> = {};
  for (const r of data as unknown as Pick<ResourceItem, 'state' | 'published'>[]) {
    if (!r.published || r.state === 'withdrawn') continue;
    byKind[r.published.meta.kind] = (byKind[r.published.meta.kind] ?? 0) + 1;
    for (const s of new Set(r.published.meta.curriculum.map((c) => c.subject)))
      bySubject[s] = (bySubject[s] ?? 0) + 1;
  }
  return { byKind, bySubject };
}
