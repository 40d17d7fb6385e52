/** The courses context's queues and the S3 keys that feed them. */
import * as z from 'zod';

/** Uploaded SCORM and cmi5 packages, announced by S3, waiting to be checked and unpacked. */
export const COURSE_PACKAGES_QUEUE = 'course-packages';
/** Where a package's zip is uploaded (documents bucket): `<prefix><packageId>.zip`. */
export const PACKAGE_UPLOAD_PREFIX = 'imports/course-packages/';
/**
 * Where a package's files are unpacked (materials bucket): not under the repository's
 * `resources/`, whose uploads S3 announces to the repository's checker (a package of 20,000 files
 * would wake it 20,000 times for nothing); the portal's origin will serve `/packages/` from here.
 */
export const PACKAGE_FILES_PREFIX = 'packages/';
/**
 * Where the portal's origin serves the unpacked packages (CloudFront's behaviour onto materials;
 * the local cloud's server): the same path as their keys, so a package's relative links work.
 */
export const PACKAGE_PATH = `/${PACKAGE_FILES_PREFIX}`;

/** Completion certificates waiting to be made and signed (one message per certificate). */
export const CERTIFICATES_QUEUE = 'course-certificates';
export const certificateMessage = z.object({ accountId: z.string().min(1), moduleId: z.uuid() });
/** Where signed certificates are kept (documents bucket): by id, nothing personal in the key. */
export const CERTIFICATE_PREFIX = 'certificates/';
export const certificateKey = (certificateId: string) => `${CERTIFICATE_PREFIX}${certificateId}.pdf`;

/** BDTX evidence exports waiting to be written (one message per export job). */
export const EVIDENCE_EXPORTS_QUEUE = 'bdtx-evidence-exports';
export const evidenceExportMessage = z.object({ jobId: z.uuid() });
/** Where an evidence export's files are written (reports bucket). */
export const EVIDENCE_EXPORT_PREFIX = 'exports/bdtx-evidence/';
export const evidenceExportKey = (jobId: string, format: 'xlsx' | 'pdf') =>
  `${EVIDENCE_EXPORT_PREFIX}${jobId}.${format}`;

/** Pupils' hand-ins of class assignments (documents bucket): `<prefix><assignmentId>/<learnerId>/<fileId>`. */
export const CLASS_SUBMISSION_PREFIX = 'class-submissions/';

/** Schools whose BDTX figures are to be recounted for a year (the dashboards read the tallies). */
export const BDTX_TALLY_QUEUE = 'bdtx-tallies';
export const bdtxTallyMessage = z.object({
  schoolId: z.string().min(1),
  year: z.number().int().min(2020).max(2100),
  /** When it was asked for: a tally computed after it already counts what changed. */
  requestedAt: z.iso.datetime(),
});

/** What a course tells the exams context when it puts a learner on its test's roll (echoed when graded). */
export const courseTestOrigin = (moduleId: string) => `course:${moduleId}`;
/** The module an origin names, or undefined for another context's. */
export const moduleOfOrigin = (origin: string) => /^course:([0-9a-f-]{36})$/.exec(origin)?.[1];
/** Course tests graded in the exam room (the exams context's `exam.attempt-graded`). */
export const COURSE_TEST_RESULTS_QUEUE = 'course-test-results';
