/**
 * Every context's manifest: the table of contents of the platform. infra/ and the local cloud
 * iterate over this list; a context that is not here does not exist anywhere.
 */
import type { ContextManifest } from '#shared/manifest.ts';
import { admissionsManifest } from './admissions/manifest.ts';
import { coursesManifest } from './courses/manifest.ts';
import { diplomasManifest } from './diplomas/manifest.ts';
import { eduDataManifest } from './edu-data/manifest.ts';
import { examsManifest } from './exams/manifest.ts';
import { gradebookManifest } from './gradebook/manifest.ts';
import { identityManifest } from './identity/manifest.ts';
import { libraryManifest } from './library/manifest.ts';
import { notificationsManifest } from './notifications/manifest.ts';
import { platformManifest } from './platform/manifest.ts';
import { recordsManifest } from './records/manifest.ts';
import { reportsManifest } from './reports/manifest.ts';
import { repositoryManifest } from './repository/manifest.ts';

export const manifests: readonly ContextManifest[] = [
  platformManifest,
  identityManifest,
  eduDataManifest,
  examsManifest,
  recordsManifest,
  libraryManifest,
  repositoryManifest,
  coursesManifest,
  gradebookManifest,
  diplomasManifest,
  admissionsManifest,
  reportsManifest,
  notificationsManifest,
];
