/**
 * Grade-10 scores from the marking boards' sheets (XLSX, by candidate number): the Department asks
 * for an import and uploads the sheet to the link it gets; S3 announces it to a worker, which reads
 * the sheet (domain/score-sheet.ts), finds each candidate by number and writes their papers as the
 * JSON entry does (each row a new version of the application, audited; a row whose application
 * changed meanwhile is refused, never lost). The job keeps the counts and the rows refused, by cell.
 */
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { badRequest, conflict, HttpProblem } from '#shared/http/problem.ts';
import { type JobItem, makeJobs } from '#shared/jobs/jobs.ts';
import { XLSX_TYPE } from '#shared/storage/s3.ts';
import type { TextParams } from '#shared/text/texts.ts';
import { campaignApplications, enterScores } from './allocation-runs.ts';
import { type Actor, type CampaignItem, getCampaign, programmesOf } from './campaigns.ts';
import { scoresMayBeEntered } from './domain/remarking.ts';
import { parseScoreSheet } from './domain/score-sheet.ts';
import { phaseOf } from './domain/states.ts';
import { admissionText } from './domain/texts.ts';
import { admissionEntities } from './entities.ts';
import { SCORE_IMPORT_PREFIX } from './messages.ts';

/** The largest sheet: 30,000 candidates with four papers is well under it. */
export const MAX_SCORE_SHEET_BYTES = 10 * 1024 * 1024;
/** Rows entered a batch (enterScores' limit). */
const BATCH = 500;
const MAX_ERRORS = 500;

export interface ScoreImportJob extends JobItem {
  importId: string;
  campaignId: string;
  rows?: number;
  saved?: number;
  failed?: number;
  errors?: { row: number; column: string; message: string; code?: string; params?: TextParams }[];
}

const scoreImports = makeJobs<ScoreImportJob, 'importId'>({
  entity: () => admissionEntities().admissionScoreImport,
  id: 'importId',
  keepDays: 30,
  objectKey: (importId) => `${SCORE_IMPORT_PREFIX}${importId}.xlsx`,
  upload: { contentType: () => XLSX_TYPE, maxBytes: MAX_SCORE_SHEET_BYTES, seconds: 900 },
  /** The first errors: the rest are in the count. */
  present: (job) => ({ errors: (job.errors ?? []).slice(0, 100) }),
});
export const { get: getScoreImport, update: updateScoreImport, finish: finishScoreImport } = scoreImports;
export const presentScoreImport = (job: ScoreImportJob) => scoreImports.present(job);

/** Scores go in once the window has closed and until a result is adopted. */
function checkScoresOpen(campaign: CampaignItem) {
  if (campaign.grade !== 10 || !campaign.rules) throw badRequest(admissionText('not-grade-10'));
  if (campaign.state === 'published') throw conflict(admissionText('published-already'));
  if (campaign.adoptedRunId) throw conflict(admissionText('allocation-adopted'));
  if (phaseOf(campaign.state, campaign.timetable, new Date()) !== 'closed')
    throw conflict(admissionText('scores-after-window'));
  if (!scoresMayBeEntered(campaign.timetable, new Date())) throw conflict(admissionText('scores-announced'));
}

export function requestScoreImport(campaign: CampaignItem, actor: Actor) {
  checkScoresOpen(campaign);
  return scoreImports.request({
    orgUnitId: DEPARTMENT_ORG_UNIT_ID(),
    campaignId: campaign.campaignId,
    requestedBy: actor.accountId,
    requestId: actor.requestId,
  });
}

type ImportError = NonNullable<ScoreImportJob['errors']>[number];

/** The worker's part, once the sheet's rows are read: candidates found by number, scores entered. */
export async function importScores(
  job: ScoreImportJob,
  sheet: string[][],
): Promise<{ rows: number; saved: number; errors: ImportError[] }> {
  const campaign = await getCampaign(job.campaignId);
  const requester = {
    accountId: job.requestedBy,
    requestId: job.requestId ?? `score-import:${job.importId}`,
  };
  try {
    checkScoresOpen(campaign);
  } catch (problem) {
    if (!(problem instanceof HttpProblem)) throw problem;
    const text = problem.detailText;
    return {
      rows: 0,
      saved: 0,
      errors: [{ row: 0, column: '', message: problem.message, ...(text ? { code: text.code } : {}) }],
    };
  }
  const programmes = await programmesOf(campaign.campaignId);
  const papers = [
    ...campaign.rules!.subjects,
    ...programmes.flatMap((p) => (p.paper ? [{ code: p.paper, name: p.paperName ?? p.paper }] : [])),
  ].filter((p, i, all) => all.findIndex((q) => q.code === p.code) === i);
  const parsed = parseScoreSheet(sheet, papers);
  const errors: ImportError[] = parsed.errors.map((e) => ({
    row: e.row,
    column: e.column,
    ...admissionText(e.problem, e.value !== undefined ? { value: e.value } : undefined),
  }));
  const byNumber = new Map(
    (await campaignApplications(campaign.campaignId)).flatMap((a) =>
      a.exam && a.state !== 'withdrawn' ? [[a.exam.candidateNumber, a.applicationId] as const] : [],
    ),
  );
  const found = parsed.rows.flatMap((r) => {
    const applicationId = byNumber.get(r.candidateNumber);
    if (applicationId) return [{ ...r, applicationId }];
    errors.push({
      row: r.row,
      column: 'Số báo danh',
      ...admissionText('unknown-candidate', { value: r.candidateNumber }),
    });
    return [];
  });
  let saved = 0;
  for (let i = 0; i < found.length; i += BATCH) {
    const batch = found.slice(i, i + BATCH);
    const entered = await enterScores(
      campaign,
      batch.map((r) => ({ applicationId: r.applicationId, papers: r.papers })),
      requester,
    );
    saved += entered.saved;
    for (const refused of entered.refused)
      errors.push({ row: batch[refused.row]!.row, column: 'Số báo danh', ...refused.text });
  }
  errors.sort((a, b) => a.row - b.row);
  // Rows, not cells: a row with two bad scores is one row refused.
  const refusedRows = new Set(parsed.errors.filter((e) => e.row > 1).map((e) => e.row));
  return { rows: parsed.rows.length + refusedRows.size, saved, errors: errors.slice(0, MAX_ERRORS) };
}
