/**
 * A grade book to and from Excel, for its subject's teacher while it is open. "Tải mẫu Excel"
 * writes the book as a sheet: STT, Mã HS (narrow, matched first), Họ và tên (greyed and locked),
 * the book's columns with the cells as the grid shows them ("8,5", text), Nhận xét. "Nhập từ
 * Excel" reads a sheet back in the browser (.xlsx, at most 2 MB) and shows what it would change
 * (old → new per cell) and what it cannot take, each named by its place in the sheet ("Ô E7: …",
 * "Dòng 9: …", "Cột H …"), in a dialog whose focused button is "Huỷ": only "Lưu N ô" enters the
 * values, typed into the grid as by hand and sent its way (in turns), so a cell the API refuses
 * stays in the grid with its reason; a summary says how many were saved and refused. exceljs is
 * loaded (a chunk of its own) only when one of the two is used.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { GradeBook } from '../api/gradebook.ts';
import { t } from '../i18n/index.ts';
import { downloadWorkbook, loadExcel } from '../ui/xlsx.ts';
import { bareClassName, columnOf } from './gradebook-cells.ts';
import type { EntryOutcome, GridHandle } from './gradebook-grid.tsx';
import {
  type ImportBook,
  type ImportChange,
  type ImportPlan,
  planImport,
  type SheetRow,
  templateTable,
} from './gradebook-import.ts';

/** The largest file taken: a class's book is a few dozen KB. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** "Toán" → "toan", "Lớp 12A1" → "12a1": a file name's words without marks. */
const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The book as the import sees it, its cells as the grid shows them now. */
function importBook(book: GradeBook, grid: GridHandle | undefined): ImportBook {
  const labels: Record<string, string[]> = {
    id: [t('gradebook.import.colId')],
    name: [t('gradebook.import.colName'), t('gradebook.pupil')],
    ignore: [t('gradebook.import.colNumber'), t('gradebook.col.average'), t('gradebook.col.averageLong')],
  };
  for (const field of book.columns) {
    const c = columnOf(field);
    labels[field] = [c.short, c.long];
  }
  return {
    columns: book.columns,
    pupils: book.rows,
    current: (learnerId, field) => grid?.shown(learnerId, field) ?? '',
    labels,
  };
}

/** The template: a sheet of the book, the pupils' names locked, the cells typed as text. */
async function writeTemplate(book: GradeBook, grid: GridHandle | undefined) {
  const ExcelJS = await loadExcel();
  const table = templateTable(importBook(book, grid), (field) => columnOf(field).short);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'VN Edu Cloud';
  const sheetName = `${book.subjectName} HK${book.semester}`.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', xSplit: 3, ySplit: 1 }] });
  const kinds = book.columns.map((field) => columnOf(field).kind);
  sheet.columns = table.headers.map((header, i) => ({
    header,
    width: i === 0 ? 5 : i === 1 ? 12 : i === 2 ? 28 : kinds[i - 3] === 'comment' ? 40 : 9,
  }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F3' } };
  head.alignment = { horizontal: 'center', vertical: 'middle' };
  head.getCell(2).note = t('gradebook.import.idNote');
  const grey = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } } as const;
  for (const values of table.rows) {
    const row = sheet.addRow(values);
    for (let c = 1; c <= table.headers.length; c++) {
      const cell = row.getCell(c);
      if (c <= 3) {
        cell.fill = grey;
        if (c === 2) cell.font = { color: { argb: 'FF767676' }, size: 9 };
      } else {
        // Text, as typed: "8,5" stays 8,5 (a number cell would turn it into a date in some locales).
        cell.numFmt = '@';
        cell.protection = { locked: false };
        if (kinds[c - 4] === 'comment') cell.alignment = { wrapText: true };
      }
    }
  }
  // The names and ids locked (no password: a teacher may lift it), the cells open for typing.
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    formatCells: true,
  });
  return workbook;
}

/** Every visible sheet's rows, as read. */
async function readSheets(file: File): Promise<{ name: string; rows: SheetRow[] }[]> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await file.arrayBuffer());
  return workbook.worksheets
    .filter((sheet) => sheet.state === 'visible' || sheet.state === undefined)
    .map((sheet) => {
      const rows: SheetRow[] = [];
      sheet.eachRow((row, number) => rows.push({ number, cells: (row.values as unknown[]).slice(1) }));
      return { name: sheet.name, rows };
    });
}

type Stage =
  | { kind: 'idle' }
  | { kind: 'busy'; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'preview'; file: string; sheet: string; plan: ImportPlan }
  | { kind: 'done'; changes: ImportChange[]; outcome: EntryOutcome };

/** A cell's value in a sentence: "(trống)" for none. */
const valueText = (value: string) => (value.trim() === '' ? t('changes.empty') : value);

export function GradeBookXlsx({
  book,
  grid,
}: {
  book: GradeBook;
  /** The grid's handle: what its cells show, and the imported values entered into it. */
  grid: { current: GridHandle | undefined };
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const busy = stage.kind === 'busy';

  useEffect(() => {
    if (stage.kind !== 'preview' || dialog.current?.open) return;
    dialog.current?.showModal?.();
    // "Huỷ" takes the focus (a scrolling list before it could otherwise): Enter in the dialog cancels.
    cancelButton.current?.focus();
  }, [stage]);

  const template = async () => {
    setStage({ kind: 'busy', message: t('gradebook.import.making') });
    try {
      const workbook = await writeTemplate(book, grid.current);
      const name = `so-diem-${slug(book.subjectName)}-${slug(bareClassName(book.class.name))}-hk${book.semester}.xlsx`;
      await downloadWorkbook(workbook, name);
      setStage({ kind: 'idle' });
    } catch {
      setStage({ kind: 'failed', message: t('gradebook.import.loadFailed') });
    }
  };

  const chosen = async (file: File) => {
    const what = { file: file.name };
    if (!/\.xlsx$/i.test(file.name))
      return setStage({ kind: 'failed', message: t('gradebook.import.notXlsx', what) });
    if (file.size > MAX_IMPORT_BYTES)
      return setStage({ kind: 'failed', message: t('gradebook.import.tooBig', what) });
    setStage({ kind: 'busy', message: t('gradebook.import.reading', what) });
    let sheets: Awaited<ReturnType<typeof readSheets>>;
    try {
      await loadExcel();
    } catch {
      return setStage({ kind: 'failed', message: t('gradebook.import.loadFailed') });
    }
    try {
      sheets = await readSheets(file);
    } catch {
      return setStage({ kind: 'failed', message: t('gradebook.import.unreadable', what) });
    }
    const target = importBook(book, grid.current);
    // The first sheet with a header row naming the pupils (the template's, or the teacher's own).
    const plans = sheets.map((sheet) => ({ sheet: sheet.name, plan: planImport(sheet.rows, target) }));
    const picked = plans.find((p) => p.plan.headerRow !== undefined) ?? plans[0];
    if (!picked) return setStage({ kind: 'failed', message: t('gradebook.import.unreadable', what) });
    setStage({ kind: 'preview', file: file.name, sheet: picked.sheet, plan: picked.plan });
  };

  const cancel = () => {
    dialog.current?.close?.();
    setStage({ kind: 'idle' });
  };

  const confirm = async () => {
    if (stage.kind !== 'preview') return;
    const { changes } = stage.plan;
    dialog.current?.close?.();
    setStage({
      kind: 'busy',
      message: t('gradebook.import.saving', { n: changes.length, file: stage.file }),
    });
    const handle = grid.current;
    if (!handle) return setStage({ kind: 'idle' });
    const outcome = await handle.enter(
      changes.map((c) => ({ learnerId: c.learnerId, field: c.field, value: c.value })),
    );
    setStage({ kind: 'done', changes, outcome });
  };

  const plan = stage.kind === 'preview' ? stage.plan : undefined;
  return (
    <section class="panel gradebook-import" aria-labelledby={`${id}-title`} data-testid="gradebook-import">
      <h2 id={`${id}-title`} class="gradebook-import-title">
        {t('gradebook.import.title')}
      </h2>
      <p class="hint">{t('gradebook.import.lead')}</p>
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void template()}>
          {t('gradebook.import.template')}
        </button>
        <button type="button" disabled={busy} onClick={() => input.current?.click()}>
          {t('gradebook.import.choose')}
        </button>
        <input
          ref={input}
          type="file"
          class="visually-hidden"
          tabIndex={-1}
          aria-label={t('gradebook.import.fileLabel')}
          accept={`.xlsx,${XLSX_TYPE}`}
          onChange={(e) => {
            const target = e.currentTarget as HTMLInputElement;
            const file = target.files?.[0];
            // The same file may be chosen again (after correcting it).
            target.value = '';
            if (file) void chosen(file);
          }}
        />
      </div>
      {stage.kind === 'busy' && (
        <p class="hint" role="status">
          {stage.message}
        </p>
      )}
      {stage.kind === 'failed' && (
        <p class="field-error" role="alert" data-testid="import-failed">
          {stage.message}
        </p>
      )}
      {stage.kind === 'done' && <Summary changes={stage.changes} outcome={stage.outcome} />}
      <dialog
        ref={dialog}
        class="import-preview"
        aria-labelledby={`${id}-preview`}
        data-testid="import-preview"
        onClose={() => setStage((now) => (now.kind === 'preview' ? { kind: 'idle' } : now))}
      >
        {stage.kind === 'preview' && plan && (
          <>
            <h2 id={`${id}-preview`} class="import-preview-title">
              {t('gradebook.import.previewTitle', { file: stage.file })}
            </h2>
            <p>{t('gradebook.import.previewLead')}</p>
            {plan.headerRow !== undefined && (
              <p data-testid="import-counts">
                {t('gradebook.import.previewCounts', {
                  sheet: stage.sheet,
                  pupils: plan.pupils,
                  n: plan.changes.length,
                  same: plan.unchanged,
                })}
              </p>
            )}
            {plan.problems.length > 0 && (
              <>
                <h3>{t('gradebook.import.problemsTitle', { n: plan.problems.length })}</h3>
                <ul class="import-problems" data-testid="import-problems">
                  {plan.problems.map((p) => (
                    <li key={p} class="import-problem">
                      {p}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {plan.changes.length === 0 ? (
              <p class="notice">{t('gradebook.import.noChanges')}</p>
            ) : (
              <>
                <h3>{t('gradebook.import.changesTitle', { n: plan.changes.length })}</h3>
                <div class="table-scroll import-changes-scroll">
                  <table class="import-changes" data-testid="import-changes">
                    <thead>
                      <tr>
                        <th scope="col">{t('gradebook.import.colCell')}</th>
                        <th scope="col">{t('gradebook.pupil')}</th>
                        <th scope="col">{t('gradebook.import.colColumn')}</th>
                        <th scope="col">{t('gradebook.import.colChange')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {plan.changes.map((c) => (
                        <tr key={c.ref}>
                          <td>{c.ref}</td>
                          <td>{c.fullName}</td>
                          <td>{columnOf(c.field).short}</td>
                          <td>
                            {c.before.trim() === '' ? (
                              valueText(c.before)
                            ) : (
                              <span class="change-before">{c.before}</span>
                            )}{' '}
                            → <strong>{c.value}</strong>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
            <p class="hint">{t('gradebook.import.rules')}</p>
            <div class="actions">
              {/* Focused when the dialog opens: Enter in the dialog cancels. */}
              <button type="button" ref={cancelButton} onClick={cancel}>
                {t('decision.cancel')}
              </button>
              {plan.changes.length > 0 && (
                <button type="button" class="primary" onClick={() => void confirm()}>
                  {t('gradebook.import.confirm', { n: plan.changes.length })}
                </button>
              )}
            </div>
          </>
        )}
      </dialog>
    </section>
  );
}

/** "Đã lưu N ô, M ô bị từ chối", each refused cell by its place in the sheet with the API's reason. */
function Summary({ changes, outcome }: { changes: ImportChange[]; outcome: EntryOutcome }) {
  const refOf = new Map(changes.map((c) => [`${c.learnerId}\u0000${c.field}`, c]));
  return (
    <div class="notice import-summary" role="status" data-testid="import-summary">
      <p>
        <strong>
          {t('gradebook.import.done', { saved: outcome.saved, refused: outcome.refused.length })}
        </strong>
      </p>
      {outcome.unsaved > 0 && (
        <p>
          {t('gradebook.import.unsaved', {
            n: outcome.unsaved,
            reason: outcome.conflict
              ? t('gradebook.import.unsavedConflict')
              : (outcome.failure ?? t('gradebook.unsaved')),
          })}
        </p>
      )}
      {outcome.refused.length > 0 && (
        <>
          <p>{t('gradebook.import.doneRefused')}</p>
          <ul data-testid="import-refused">
            {outcome.refused.map((r) => {
              const change = refOf.get(`${r.learnerId}\u0000${r.field}`);
              return (
                <li key={`${r.learnerId}-${r.field}`}>
                  {t('gradebook.import.refusedCell', {
                    ref: change?.ref ?? '—',
                    name: change?.fullName ?? r.learnerId,
                    column: columnOf(r.field).short,
                    reason: r.reason,
                  })}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
