/**
 * What the world sees of a published resource: where it is read, its Dublin Core record, and the
 * OAI-PMH repository's identity. Light on purpose: the API imports it (the sync worker's
 * catalogue and coverage code stays out of the API's bundle).
 */
import { dublinCore } from './domain/resources.ts';
import type { PublishedFile } from './service.ts';

/** Where people read a resource: the portal's page for it (also OAI's dc:identifier). */
export const resourceUrl = (resourceId: string) =>
  `${(process.env.PUBLIC_PORTAL_URL ?? '').replace(/\/$/, '')}/library/resources/${resourceId}`;

/** The Dublin Core record of a resource's published version (OAI-PMH and its public page). */
export const publishedDublinCore = (resourceId: string, p: PublishedFile, unitName?: string) =>
  dublinCore({
    resourceId,
    meta: p.meta,
    publishedAt: p.publishedAt,
    contentType: p.contentType,
    ...(unitName ? { unitName } : {}),
    url: resourceUrl(resourceId),
  });

/** The OAI-PMH repository's identity, from the configuration. */
export const oaiConfig = () => ({
  repositoryIdentifier: process.env.OAI_REPOSITORY_ID ?? 'haiphong.edu.vn',
  repositoryName: 'Kho học liệu số — Sở Giáo dục và Đào tạo',
  adminEmail: process.env.OAI_ADMIN_EMAIL ?? 'hoclieu@haiphong.edu.vn',
});
