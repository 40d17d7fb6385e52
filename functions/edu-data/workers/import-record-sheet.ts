/**
 * Imports an uploaded spreadsheet of records into one school, announced by S3 on the queue.
 * Every row is read and checked with the same rules as the form; valid rows are applied in
 * small transactions (record, version, audit entry and guard together), invalid rows are left
 * untouched and listed in an XLSX report with the errors on their cells. Rows are matched on
 * their natural key, so re-importing the same file changes nothing. A redelivered message
 * resumes an import that was cut short: already applied rows come out unchanged.
 */
import ExcelJS from 'exceljs';
import type * as z from 'zod';
import { authEntities } from '#shared/auth/store.ts';
import { translate, zodErrorMap } from '#shared/http/language.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import { jobText } from '#shared/jobs/texts.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { ObjectTooLargeError, putObject, readUpload, XLSX_TYPE } from '#shared/storage/s3.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { readFirstSheet } from '#shared/storage/sheets.ts';
import { type CodedText, jobFailure, renderText } from '#shared/text/texts.ts';
import {
  factsOf,
  RECORD_KIND_LABELS,
  RECORD_KIND_WORDS,
  RECORD_SCHEMAS,
  type RecordData,
} from '../domain/records.ts';
import {
  type CellError,
  columnOfIssue,
  type ImportableKind,
  isImportable,
  matchHeaders,
  type ParsedRow,
  parseRow,
  SHEET_COLUMNS,
} from '../domain/sheets.ts';
import { eduText, issueText } from '../domain/texts.ts';
import { WorkflowError } from '../domain/workflow.ts';
import { type RecordImport, recordImports } from '../jobs.ts';
import { MAX_RECORD_SHEET_BYTES, RECORD_IMPORT_PREFIX } from '../messages.ts';
import { type Actor, canonical, makeRecords, type Owner } from '../records.ts';
import { ChangeRejectedError, makeEduStore, type RecordChange, transactionGroups } from '../store.ts';

const store = makeEduStore();
const records = makeRecords(store);
const CHUNK = 20;
/** Chunks written at once: a few concurrent transactions keep DynamoDB busy without hot keys. */
const PARALLEL_CHUNKS = 8;
const PROGRESS_EVERY_MS = 2_000;

interface ValidRow {
  row: ParsedRow;
  data: RecordData;
  naturalKey: string;
  cells: string[];
}

interface Outcome {
  created: number;
  updated: number;
  unchanged: number;
  invalid: ParsedRow[];
}

export const handler = makeQueueHandler(s3EventMessage, async (event) => {
  for (const record of event.Records) {
    const key = objectKeyOf(record);
    if (!key.startsWith(RECORD_IMPORT_PREFIX)) continue;
    const importId = key.slice(RECORD_IMPORT_PREFIX.length).replace(/\.xlsx$/, '');
    const job = await recordImports.get(importId);
    if (!job || job.status === 'done' || job.status === 'failed') continue;
    if (
      job.status === 'awaiting-upload' &&
      !(await recordImports.update(importId, { status: 'running' }, 'awaiting-upload'))
    )
      continue;
    await runImport(job);
  }
});

async function runImport(job: RecordImport) {
  // The version read is recorded with whatever the import makes of it.
  let version: { objectVersionId?: string } = {};
  const fail = async (text: CodedText) => {
    await recordImports.finish(job.importId, { status: 'failed', ...jobFailure(text), ...version });
    logger.info('Record import failed', { importId: job.importId, error: text.message });
  };
  if (!isImportable(job.kind)) return fail(eduText('entered-by-form'));
  const kind: ImportableKind = job.kind;
  let read: Awaited<ReturnType<typeof readUpload>>;
  try {
    read = await readUpload('documents', job.objectKey, MAX_RECORD_SHEET_BYTES, job.objectVersionId);
  } catch (error) {
    if (error instanceof ObjectTooLargeError) return fail(error.text);
    throw error;
  }
  if (!read) return fail(jobText('upload-gone'));
  if (read.versionId) version = { objectVersionId: read.versionId };
  const cells = await readFirstSheet(read.bytes);
  if (!cells) return fail(jobText('not-xlsx'));
  const positions = matchHeaders(kind, cells[0] ?? []);
  if (positions.every((p) => p === undefined))
    return fail(eduText('missing-headers', { headers: SHEET_COLUMNS[kind].map((c) => c.header).join(', ') }));

  const { data: school } = await authEntities().orgUnit.get({ orgUnitId: job.orgUnitId }).go();
  if (!school) return fail(jobText('school-gone'));
  const owner: Owner = { orgUnitId: school.orgUnitId, lineage: school.lineage };
  const actor: Actor = { sub: job.requestedBy, requestId: job.requestId };
  const classes = kind === 'student' ? await classesByCode(owner.orgUnitId) : new Map<string, string>();

  const rows = cells
    .slice(1)
    .map((r, i) => ({ cells: r, row: i + 2 }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  await recordImports.update(job.importId, {
    totalRows: rows.length,
    processedRows: 0,
    ...version,
  });

  const outcome: Outcome = { created: 0, updated: 0, unchanged: 0, invalid: [] };
  const seenKeys = new Set<string>();
  let lastProgress = Date.now();
  // First every row is read and checked (CPU only); then the valid ones are written in chunks,
  // a few at a time: rows of one file have distinct keys, so chunks never contend.
  const valid: ValidRow[] = [];
  for (const r of rows) {
    const row = parseRow(kind, r.row, r.cells, positions);
    if (row.classCode) {
      const classId = classes.get(row.classCode.toUpperCase());
      if (classId) row.data.classId = classId;
      else row.errors.push(cellError(kind, row.row, 'classCode', positions, eduText('no-class-code')));
    }
    // The report is read in Vietnamese: zod says its own messages in it (the schemas' rules are
    // coded, or translated when the report is written).
    const checked = (RECORD_SCHEMAS[kind] as z.ZodType).safeParse(row.data, { error: zodErrorMap('vi') });
    if (!checked.success)
      for (const issue of checked.error.issues) {
        const at = columnOfIssue(kind, issue.path.map(String).join('.'), row.data, positions);
        if (!row.errors.some((e) => e.column === (at?.column ?? 0)))
          row.errors.push({
            row: row.row,
            column: at?.column ?? 0,
            header: at?.header ?? issue.path.join('.'),
            ...(issueText(issue) ?? { message: issue.message }),
          });
      }
    if (row.errors.length || !checked.success) {
      outcome.invalid.push(Object.assign(row, { cells: r.cells }));
      continue;
    }
    const naturalKey = factsOf(kind, owner.orgUnitId, checked.data).naturalKey;
    if (seenKeys.has(naturalKey)) {
      row.errors.push({
        row: row.row,
        column: positions[0] ?? 0,
        header: SHEET_COLUMNS[kind][0]!.header,
        ...eduText('same-key-earlier-row'),
      });
      outcome.invalid.push(Object.assign(row, { cells: r.cells }));
      continue;
    }
    seenKeys.add(naturalKey);
    valid.push({ row, data: checked.data as RecordData, naturalKey, cells: r.cells });
  }

  let next = 0;
  let written = 0;
  const lane = async () => {
    while (next < valid.length) {
      const chunk = valid.slice(next, next + CHUNK);
      next += CHUNK;
      await applyChunk(job, kind, owner, actor, chunk, outcome);
      written += chunk.length;
      if (Date.now() - lastProgress > PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        await recordImports.update(job.importId, { processedRows: outcome.invalid.length + written });
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_CHUNKS }, lane));

  const reportKey = `reports/edu-data-imports/${job.importId}.xlsx`;
  await putObject(
    'documents',
    reportKey,
    await renderReport(kind, cells[0] ?? [], outcome, rows.length),
    XLSX_TYPE,
  );
  await recordImports.finish(job.importId, {
    status: 'done',
    processedRows: rows.length,
    created: outcome.created,
    updated: outcome.updated,
    unchanged: outcome.unchanged,
    invalid: outcome.invalid.length,
    reportKey,
  });
  logger.info('Record import done', {
    importId: job.importId,
    rows: rows.length,
    invalid: outcome.invalid.length,
  });
}

function cellError(
  kind: ImportableKind,
  row: number,
  field: string,
  positions: (number | undefined)[],
  text: CodedText,
): CellError {
  const i = SHEET_COLUMNS[kind].findIndex((c) => c.field === field);
  return { row, column: positions[i] ?? 0, header: SHEET_COLUMNS[kind][i]?.header ?? field, ...text };
}

/** Class code → the class of the latest school year with that code. */
async function classesByCode(schoolId: string) {
  const all = await store.allOfOwner(schoolId, 'class');
  const byCode = new Map<string, { id: string; year: string }>();
  for (const c of all) {
    const data = c.data as RecordData<'class'>;
    const code = data.code.toUpperCase();
    const known = byCode.get(code);
    if (!known || data.schoolYear > known.year) byCode.set(code, { id: c.recordId, year: data.schoolYear });
  }
  return new Map([...byCode].map(([code, c]) => [code, c.id]));
}

async function applyChunk(
  job: RecordImport,
  kind: ImportableKind,
  owner: Owner,
  actor: Actor,
  rows: ValidRow[],
  outcome: Outcome,
) {
  if (rows.length === 0) return;
  const ids = await store.recordIdsOfKeys(rows.map((r) => r.naturalKey));
  const existing = new Map((await store.getRecords([...new Set(ids.values())])).map((r) => [r.recordId, r]));
  const planned: { change: RecordChange; row: (typeof rows)[number]; created: boolean }[] = [];
  for (const r of rows) {
    const current = ids.has(r.naturalKey) ? existing.get(ids.get(r.naturalKey)!) : undefined;
    const reject = (text: Pick<CellError, 'message' | 'code' | 'params'>) =>
      outcome.invalid.push(
        Object.assign(r.row, {
          cells: r.cells,
          errors: [{ row: r.row.row, column: 1, header: SHEET_COLUMNS[kind][0]!.header, ...text }],
        }),
      );
    if (!current) {
      planned.push({
        change: records.planCreate(kind, owner, r.data, actor, job.importId),
        row: r,
        created: true,
      });
    } else if (current.ownerId !== owner.orgUnitId) {
      reject(eduText('belongs-elsewhere', { kind: RECORD_KIND_WORDS[kind] }));
    } else if (canonical(current.data) === canonical(r.data)) {
      outcome.unchanged++;
    } else {
      try {
        planned.push({
          change: records.planEdit(current, owner, r.data, actor, { importId: job.importId }),
          row: r,
          created: false,
        });
      } catch (error) {
        if (error instanceof WorkflowError) reject(error.text);
        else if (error instanceof HttpProblem) reject(error.detailText ?? { message: error.message });
        else if (error instanceof Error) reject({ message: error.message });
        else throw error;
      }
    }
  }
  const landed: Planned[] = [];
  // A chunk's changes go in as few transactions as their items allow (names of many words take
  // more room), each with the one audit entry that lists them.
  for (const group of transactionGroups(planned, (p) => p.change))
    landed.push(...(await commitRows(group, outcome, kind, job)));
  if (job.submit && landed.length) {
    const submits = landed.map((p) => records.planSubmitOf(p.change.record, owner, actor));
    for (const group of transactionGroups(submits, (s) => s))
      await store.commitAll(group, chunkAudit(job, 'submit', group)).catch(async (error) => {
        if (!(error instanceof ChangeRejectedError)) throw error;
        for (const s of group) await store.commit(s).catch(() => undefined);
      });
  }
}

/**
 * One audit entry for a chunk of an import, in the chunk's transaction: every record it changed,
 * with the change as each record's own audit entry would show it.
 */
function chunkAudit(job: RecordImport, step: 'apply' | 'submit', changes: RecordChange[]) {
  const first = changes[0]!.audit;
  return {
    actorId: job.requestedBy,
    action: `edu-record.import-${step}`,
    targetType: job.kind,
    targetId: job.importId,
    orgUnit: first.orgUnit,
    requestId: job.requestId,
    changes: {
      records: changes.map((c) => ({
        recordId: c.record.recordId,
        action: c.audit.action,
        ...c.audit.changes,
      })),
    },
  };
}

/** Commits a group in one transaction; if anything is refused, row by row to find which. */
interface Planned {
  change: RecordChange;
  row: { row: ParsedRow; cells: string[] };
  created: boolean;
}

async function commitRows(planned: Planned[], outcome: Outcome, kind: ImportableKind, job: RecordImport) {
  if (planned.length === 0) return [];
  const count = (p: (typeof planned)[number]) => (p.created ? outcome.created++ : outcome.updated++);
  try {
    const changes = planned.map((p) => p.change);
    await store.commitAll(changes, chunkAudit(job, 'apply', changes));
    planned.forEach(count);
    return planned;
  } catch (error) {
    if (!(error instanceof ChangeRejectedError)) throw error;
  }
  const landed = [];
  for (const p of planned) {
    try {
      await store.commit(p.change);
      count(p);
      landed.push(p);
    } catch (error) {
      if (!(error instanceof ChangeRejectedError)) throw error;
      const text =
        error.reason === 'duplicate-key'
          ? eduText('duplicate', { kind: RECORD_KIND_WORDS[kind] })
          : eduText('changed-during-import');
      outcome.invalid.push(
        Object.assign(p.row.row, {
          cells: p.row.cells,
          errors: [{ row: p.row.row.row, column: 1, header: SHEET_COLUMNS[kind][0]!.header, ...text }],
        }),
      );
    }
  }
  return landed;
}

/** A cell error as the school reads it: a coded message in Vietnamese, a plain one translated. */
const inVietnamese = (e: CellError) =>
  (e.code && renderText(e.code, e.params, 'vi')) || translate(e.message, 'vi');

/** The per-row report: a summary sheet and the invalid rows as uploaded, errors on their cells. */
async function renderReport(kind: ImportableKind, header: string[], outcome: Outcome, total: number) {
  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet('Tóm tắt');
  summary.columns = [{ width: 34 }, { width: 14 }];
  summary.addRows([
    ['Loại hồ sơ', RECORD_KIND_LABELS[kind]],
    ['Tổng số dòng', total],
    ['Thêm mới', outcome.created],
    ['Cập nhật', outcome.updated],
    ['Không thay đổi', outcome.unchanged],
    ['Dòng lỗi (không được nhập)', outcome.invalid.length],
  ]);
  const errors = workbook.addWorksheet('Dòng lỗi');
  errors.addRow(['Dòng', ...header, 'Lỗi']);
  errors.getRow(1).font = { bold: true };
  for (const row of outcome.invalid.sort((a, b) => a.row - b.row)) {
    const cells = (row as ParsedRow & { cells: string[] }).cells;
    const added = errors.addRow([
      row.row,
      ...header.map((_h, i) => cells[i] ?? ''),
      row.errors.map((e) => `${e.header}: ${inVietnamese(e)}`).join('\n'),
    ]);
    for (const e of row.errors) {
      if (!e.column) continue;
      const cell = added.getCell(e.column + 1);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
      cell.note = inVietnamese(e);
    }
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
