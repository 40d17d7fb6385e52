/**
 * Gathers what the platform holds on an account (Decree 13/2023) and writes it into the reports
 * bucket: `personal-data.json` (everything, pretty) and `summary.pdf` (Vietnamese, the personal
 * ID masked), then tells the person and marks the export done. Every read goes through the
 * account's own keys and indexes or another context's public module: no Scan. Idempotent: the
 * keys are fixed by the export id and the notice's id by the export, so a redelivered message
 * rewrites the same files and adds no second notice.
 */
import { ROLE_LABELS } from '#shared/auth/permissions.ts';
import { authEntities } from '#shared/auth/store.ts';
import { jobText } from '#shared/jobs/texts.ts';
import { logger } from '#shared/observability/logger.ts';
import { renderDocument } from '#shared/pdf/document.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { putObject } from '#shared/storage/s3.ts';
import { jobFailure } from '#shared/text/texts.ts';
import { classWorkOf } from '../../courses/index.ts';
import { learnerViews } from '../../edu-data/index.ts';
import { examsOfAccount } from '../../exams/index.ts';
import { learnerLoans } from '../../library/index.ts';
import { notificationDataOf, notify } from '../../notifications/index.ts';
import {
  type PersonalDataInput,
  personalDataDocument,
  personalDataSummary,
} from '../domain/personal-data.ts';
import { makeLinks } from '../links.ts';
import { PERSONAL_DATA_KEEP_DAYS, personalDataExportMessage } from '../messages.ts';
import { makePersonalDataExports, type PersonalDataExportJob, summaryKeyOf } from '../personal-data.ts';
import { makeIdentityStore } from '../store.ts';

const store = makeIdentityStore();
const exports = makePersonalDataExports();
const links = makeLinks();
/** Matches the personal-data-exports queue's maxReceiveCount in the manifest. */
const LAST_ATTEMPT = 3;

async function gather(job: PersonalDataExportJob, now: Date): Promise<PersonalDataInput> {
  const accountId = job.requestedBy;
  const account = await store.getAccount(accountId);
  if (!account) throw new Error(`Account of export ${job.exportId} not found`);
  const [assignments, linked, exams, notifications, { data: audit }] = await Promise.all([
    store.listAssignments(accountId),
    links.mine(accountId),
    examsOfAccount(accountId),
    notificationDataOf(accountId, now),
    authEntities().auditEntry.get({ auditId: job.auditId }).go(),
  ]);
  const learnerIds = linked
    .filter((l) => l.kind === 'student' && l.relation !== 'staff')
    .map((l) => l.recordId);
  const [names, views] = await Promise.all([
    store.orgUnitNames([account.homeOrgUnitId, ...assignments.map((a) => a.scopeOrgUnitId)]),
    learnerViews(learnerIds),
  ]);
  const learners = await Promise.all(
    views.map(async (view) => ({
      view,
      library: await learnerLoans(view.recordId),
      classWork: await classWorkOf(view.recordId),
    })),
  );
  return {
    exportId: job.exportId,
    generatedAt: now.toISOString(),
    account: {
      accountId: account.accountId,
      fullName: account.fullName,
      ...(account.email ? { email: account.email } : {}),
      ...(account.phone ? { phone: account.phone } : {}),
      ...(account.personalId ? { personalId: account.personalId } : {}),
      status: account.status,
      homeOrgUnitId: account.homeOrgUnitId,
      ...(names.has(account.homeOrgUnitId) ? { homeOrgUnitName: names.get(account.homeOrgUnitId)! } : {}),
      createdAt: account.createdAt,
      updatedAt: account.updatedAt,
    },
    roles: assignments.map((a) => ({
      role: a.role,
      roleLabel: ROLE_LABELS[a.role],
      scopeOrgUnitId: a.scopeOrgUnitId,
      ...(names.has(a.scopeOrgUnitId) ? { scopeName: names.get(a.scopeOrgUnitId)! } : {}),
      ...(a.subject ? { subject: a.subject } : {}),
      grantedAt: a.grantedAt,
    })),
    links: linked,
    learners,
    exams,
    notifications,
    audit: audit
      ? [
          {
            auditId: audit.auditId,
            at: audit.at,
            action: audit.action,
            targetType: audit.targetType,
            targetId: audit.targetId,
            orgUnitId: audit.orgUnitId,
          },
        ]
      : [],
  };
}

export const handler = makeQueueHandler(personalDataExportMessage, async ({ exportId }, record) => {
  const job = await exports.get(exportId);
  if (!job) throw new Error(`Personal data export ${exportId} not found`);
  if (job.status !== 'pending') return;
  try {
    const now = new Date();
    const input = await gather(job, now);
    const pdf = await renderDocument(
      { title: 'Dữ liệu cá nhân', author: 'VN Edu Cloud', subject: input.account.fullName },
      personalDataSummary(input),
    );
    await putObject(
      'reports',
      job.objectKey,
      `${JSON.stringify(personalDataDocument(input), null, 2)}\n`,
      'application/json; charset=utf-8',
    );
    await putObject('reports', summaryKeyOf(job.objectKey), pdf, 'application/pdf');
    const until = new Date(now.getTime() + 7 * 3_600_000 + PERSONAL_DATA_KEEP_DAYS * 86_400_000);
    await notify({
      notificationId: `personal-data-${exportId}`,
      channel: 'app',
      recipientId: job.requestedBy,
      template: 'personal-data-ready',
      data: { until: until.toISOString().slice(0, 10) },
    });
    await exports.finish(exportId, { status: 'done' }, 'pending');
    logger.info('Personal data export written', { exportId, bytes: pdf.byteLength });
  } catch (error) {
    const attempt = Number(record.attributes.ApproximateReceiveCount ?? 1);
    if (attempt < LAST_ATTEMPT) throw error;
    logger.error('Personal data export failed', { exportId, error });
    await exports.finish(exportId, { status: 'failed', ...jobFailure(jobText('not-written')) });
  }
});
