/**
 * What other contexts may ask of the learning repository: a unit's published resources counted
 * by kind and curriculum subject (the library's statistics); resources published for the whole
 * city, as a course's materials, and a short-lived link to one (the courses context).
 */
import { signedMediaUrl } from '#shared/storage/media-links.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import type { ResourceKind } from './domain/kinds.ts';
import { repositoryEntities } from './entities.ts';
import { type PublishedFile, READ_SECONDS, type ResourceItem } from './service.ts';

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

/** A published resource anyone working in the city may open (licence `open` or `city`). */
export interface CityMaterial {
  resourceId: string;
  kind: ResourceKind;
  title: string;
  fileName: string;
  contentType: string;
  size: number;
}

const cityWide = (r: ResourceItem | undefined): PublishedFile | undefined =>
  r?.published && r.state !== 'withdrawn' && r.published.meta.licence !== 'school' ? r.published : undefined;

async function resources(ids: readonly string[]) {
  const found = new Map<string, ResourceItem>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const { data } = await repositoryEntities()
      .resource.get(unique.slice(i, i + 100).map((resourceId) => ({ resourceId })))
      .go();
    for (const r of data as unknown as ResourceItem[]) found.set(r.resourceId, r);
  }
  return found;
}

/**
 * The resources among `ids` published for the whole city (a school's own, a draft or a withdrawn
 * one is absent: a course for the city cannot be built on it).
 */
export async function cityMaterials(ids: readonly string[]): Promise<Map<string, CityMaterial>> {
  const out = new Map<string, CityMaterial>();
  for (const [id, r] of await resources(ids)) {
    const p = cityWide(r);
    if (p)
      out.set(id, {
        resourceId: id,
        kind: p.meta.kind,
        title: p.meta.title,
        fileName: p.fileName,
        contentType: p.contentType,
        size: p.size,
      });
  }
  return out;
}

/**
 * A short-lived link to a city-wide resource's published file, or undefined. A video is read
 * through the portal's CloudFront behaviour (a signed URL: ranges from the edge cache); a document
 * from S3 itself (a presigned URL), which keeps an uploaded file off the portal's origin.
 */
export async function cityMaterialLink(resourceId: string, as: 'video' | 'document') {
  const p = cityWide((await resources([resourceId])).get(resourceId));
  if (!p) return undefined;
  const url =
    as === 'video'
      ? await signedMediaUrl(p.objectKey, READ_SECONDS, p.objectVersionId)
      : await presignDownload('materials', p.objectKey, READ_SECONDS, undefined, p.objectVersionId);
  return { url, contentType: p.contentType, size: p.size, expiresInSeconds: READ_SECONDS };
}
