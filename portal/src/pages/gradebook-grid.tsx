/**
 * A grade book's grid: one row per pupil (the name stays in view while the grid scrolls sideways
 * on a phone), one input per cell. Keys as in a spreadsheet: the arrows move between cells (left
 * and right once the caret is at the input's edge), Enter moves down and never submits anything,
 * Tab as usual; a column (or block) pasted from a spreadsheet fills the cells below and to the
 * right. Cells are sent as typed ("8,5" or "8.5": the API reads them) a moment after the last
 * edit, on leaving the grid and when the page is hidden, each with its row's version; what the
 * API refuses stays typed in its cell with the reason under it, and a row changed elsewhere
 * reloads the book. The grid itself (`CellGrid`) takes any rows of cells typed per pupil: a subject's
 * book (`GradeGrid`, with its average) and the homeroom teacher's semester (gradebook-homeroom.tsx).
 */
import { type ComponentChildren, Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, api, NetworkError } from '../api/client.ts';
import {
  type CellChange,
  type GradeBook,
  gradeBookPath,
  MAX_CHANGES,
  type ScoreRow,
} from '../api/gradebook.ts';
import { formatNumber, formatTime, type MessageKey, t } from '../i18n/index.ts';
import { formatScore } from './class-parts.tsx';
import { cellText, columnOf, type GridColumn, pastedBlock } from './gradebook-cells.ts';

/** Edits are sent this long after the last one. */
export const SAVE_DELAY_MS = 700;

const keyOf = (learnerId: string, field: string) => `${learnerId}\u0000${field}`;
const splitKey = (key: string) => key.split('\u0000') as [string, string];

/** A pupil's row of a grid: who, and the version their cells are entered against. */
export interface GridRow {
  learnerId: string;
  fullName: string;
  /** Named when entering this row's cells (0: nothing entered yet). */
  version: number;
}

/** What the grid says around its cells: the keys, the save state at rest, a cell changed elsewhere. */
export interface GridTexts {
  keys: MessageKey;
  autosave: MessageKey;
  changedElsewhere: MessageKey;
}

const SCORE_TEXTS: GridTexts = {
  keys: 'gradebook.keys',
  autosave: 'gradebook.autosave',
  changedElsewhere: 'gradebook.changedElsewhere',
};

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'failed'; message: string };

interface Store<R extends GridRow> {
  source: readonly R[] | undefined;
  rows: Map<string, R>;
  /** What the teacher typed and the API has not taken yet. */
  drafts: Map<string, string>;
  /** Typed since the last send. */
  dirty: Set<string>;
  /** The API's reason, per refused cell. */
  errors: Map<string, string>;
  /** The sends under way (one request after another), settled once nothing typed is waiting. */
  running: Promise<void> | undefined;
  again: boolean;
  /** Why the last send failed (the network, the server), for an import's summary. */
  failure: string | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * What was typed when the rows had to be read again (a 409), with the row version each was
   * typed against: kept through the reload rather than lost.
   */
  carried: Map<string, { value: string; version: number }>;
}

/** Rows a save may write at once (the API writes them in one transaction). */
const MAX_ROWS = 90;

function failureText(error: unknown): string {
  if (error instanceof NetworkError) return t('error.network');
  if (error instanceof ApiProblem && error.status < 500) return error.detail ?? error.title;
  return t('error.server', { status: error instanceof ApiProblem ? String(error.status) : '—' });
}

/** A value entered from outside the grid (a row of an imported sheet), as if typed in its cell. */
export interface GridEntry {
  learnerId: string;
  field: string;
  value: string;
}

/** What became of values entered from outside: saved, refused (each with the API's reason), or waiting. */
export interface EntryOutcome {
  saved: number;
  refused: (GridEntry & { reason: string })[];
  /** Not saved yet: the network or the server failed, or the book changed elsewhere (`conflict`). */
  unsaved: number;
  failure?: string;
  conflict?: boolean;
}

/** The grid to those beside it: what a cell shows, and values entered into it (an import). */
export interface GridHandle {
  /** A cell as the grid shows it now: what is typed and not saved yet, else what is stored. */
  shown: (learnerId: string, field: string) => string;
  /**
   * Types the values into their cells and sends them the grid's way (in turns of at most 90 rows),
   * each refused cell keeping its value and its reason as a typed one does; settles once sent.
   */
  enter: (values: readonly GridEntry[]) => Promise<EntryOutcome>;
}

export interface CellGridProps<R extends GridRow> {
  /** The rows as read: a new array (read again after a conflict or a lock) starts the grid afresh. */
  rows: readonly R[];
  columns: GridColumn[];
  /** A stored cell as it is typed ("8,5", "Đ", "T"); empty when there is none. */
  text: (row: R, field: string) => string;
  /** Where the typed cells go (PATCH, `{ changes }`, answering `{ rows }`). */
  path: string;
  editable: boolean;
  /** The table's name for screen readers. */
  label: string;
  testId: string;
  texts?: GridTexts;
  /** A read-only column shown after `field`'s (the semester average after CK). */
  after?: {
    field: string;
    header: ComponentChildren;
    className: string;
    testId: string;
    cell: (row: R) => ComponentChildren;
  };
  /** A last column of actions per row (asking a change to a locked book). */
  action?: { header: string; cell: (row: R) => ComponentChildren };
  /** A 409: the rows changed (entered elsewhere, or locked); the page reads them again. */
  onConflict: (detail: string) => void;
  /** Set to the grid's handle (values entered from an imported sheet). */
  handle?: { current: GridHandle | undefined };
}

/**
 * Cells typed per pupil and saved as they are typed: keys as in a spreadsheet, a pasted block,
 * autosave, each refused cell kept with its reason, a 409 carried through the reload.
 */
export function CellGrid<R extends GridRow>({
  rows,
  columns,
  text,
  path,
  editable,
  label,
  testId,
  texts = SCORE_TEXTS,
  after,
  action,
  onConflict,
  handle,
}: CellGridProps<R>) {
  const store = useRef<Store<R>>({
    source: undefined,
    rows: new Map(),
    drafts: new Map(),
    dirty: new Set(),
    errors: new Map(),
    running: undefined,
    again: false,
    failure: undefined,
    timer: undefined,
    carried: new Map(),
  });
  const s = store.current;
  // Rows read again (after a conflict or a lock) start the grid afresh.
  if (s.source !== rows) {
    s.source = rows;
    s.rows = new Map(rows.map((r) => [r.learnerId, r]));
    s.drafts.clear();
    s.dirty.clear();
    s.errors.clear();
    // Typed before the reload: a row nobody else changed takes it again (sent with the next
    // save); a row changed meanwhile keeps it typed, for the teacher to check before it is sent.
    for (const [key, { value, version }] of s.carried) {
      const row = s.rows.get(splitKey(key)[0]);
      if (!row || !editable) continue;
      s.drafts.set(key, value);
      if (row.version === version) s.dirty.add(key);
      else s.errors.set(key, t(texts.changedElsewhere));
    }
    s.carried.clear();
  }
  const [, setTick] = useState(0);
  const rerender = () => setTick((n) => n + 1);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const table = useRef<HTMLTableElement>(null);

  const rowOf = (learnerId: string) => s.rows.get(learnerId)!;
  const shown = (learnerId: string, field: string) =>
    s.drafts.get(keyOf(learnerId, field)) ?? text(rowOf(learnerId), field);

  /**
   * Sends what is typed, a request at a time, until nothing typed is waiting (the rows past a
   * request's limit go in the next) or a send fails; a call while one is under way asks for another
   * turn and settles with it.
   */
  function flush(keepalive = false): Promise<void> {
    clearTimeout(s.timer);
    s.timer = undefined;
    if (!editable) return Promise.resolve();
    if (s.running) {
      s.again = true;
      return s.running;
    }
    const running = (async () => {
      try {
        do {
          s.again = false;
          await sendOnce(keepalive);
        } while (s.again);
      } finally {
        s.running = undefined;
      }
    })();
    s.running = running;
    return running;
  }

  async function sendOnce(keepalive: boolean) {
    const changes: CellChange[] = [];
    let deferred = false;
    for (const key of s.dirty) {
      const value = s.drafts.get(key);
      if (value === undefined) continue;
      const [learnerId, field] = splitKey(key);
      const row = s.rows.get(learnerId);
      if (!row) continue;
      // Typed back to what is stored: nothing to send.
      if (value.trim() === text(row, field)) {
        s.drafts.delete(key);
        continue;
      }
      const rowsSoFar = new Set(changes.map((c) => c.learnerId));
      if (changes.length < MAX_CHANGES && (rowsSoFar.has(learnerId) || rowsSoFar.size < MAX_ROWS))
        changes.push({ learnerId, field, value, expectedVersion: row.version });
      else deferred = true;
    }
    s.dirty.clear();
    const sent = new Set(changes.map((c) => keyOf(c.learnerId, c.field)));
    // Past the API's limit: the rest go in the next request.
    for (const key of s.drafts.keys()) if (!sent.has(key) && !s.errors.has(key)) s.dirty.add(key);
    if (changes.length === 0) {
      rerender();
      return;
    }
    setSave({ kind: 'saving' });
    s.failure = undefined;
    try {
      const written = await api<{ rows: R[] }>(path, {
        method: 'PATCH',
        body: { changes },
        keepalive,
      });
      for (const row of written.rows) s.rows.set(row.learnerId, row);
      for (const c of changes) {
        const key = keyOf(c.learnerId, c.field);
        // Typed again while it was on its way: that newer value waits for the next send.
        if (s.drafts.get(key) === c.value) s.drafts.delete(key);
      }
      setSave({ kind: 'saved', at: new Date() });
      // The rows past the request's limit: the next turn, now.
      if (deferred) s.again = true;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 409) {
        // Nothing was written, and the versions typed against are stale: the rows are read again,
        // and what was typed is carried through the reload (above).
        for (const [key, value] of s.drafts) {
          const row = s.rows.get(splitKey(key)[0]);
          if (row) s.carried.set(key, { value, version: row.version });
        }
        s.drafts.clear();
        s.dirty.clear();
        s.errors.clear();
        s.again = false;
        setSave({ kind: 'idle' });
        onConflict(error.detail ?? error.title);
        return;
      }
      if (error instanceof ApiProblem && error.status === 400) {
        // Nothing was written: each refused cell keeps its text and its reason, the others go again.
        const refused = new Set<string>();
        for (const e of error.errors) {
          const at = /^changes\.(\d+)\./.exec(e.field)?.[1];
          const change = at === undefined ? undefined : changes[Number(at)];
          if (!change) continue;
          const key = keyOf(change.learnerId, change.field);
          refused.add(key);
          s.errors.set(key, e.message);
        }
        for (const key of sent) if (!refused.has(key) && s.drafts.has(key)) s.dirty.add(key);
        if (refused.size === 0) {
          s.failure = failureText(error);
          setSave({ kind: 'failed', message: s.failure });
        } else {
          setSave({ kind: 'idle' });
          if (s.dirty.size) s.again = true;
        }
      } else {
        // The network or the server: everything typed waits, and goes with the next edit or "Lưu lại".
        for (const key of sent) if (s.drafts.has(key)) s.dirty.add(key);
        s.failure = failureText(error);
        setSave({ kind: 'failed', message: s.failure });
      }
    } finally {
      rerender();
    }
  }

  const schedule = () => {
    clearTimeout(s.timer);
    s.timer = setTimeout(() => void flush(), SAVE_DELAY_MS);
  };

  const type = (learnerId: string, field: string, value: string) => {
    const key = keyOf(learnerId, field);
    s.drafts.set(key, value);
    s.dirty.add(key);
    s.errors.delete(key);
  };

  if (handle)
    handle.current = {
      shown: (learnerId, field) => (s.rows.has(learnerId) ? shown(learnerId, field) : ''),
      enter: async (values) => {
        const entered = values.filter((v) => editable && s.rows.has(v.learnerId));
        for (const v of entered) type(v.learnerId, v.field, v.value);
        rerender();
        await flush();
        const outcome: EntryOutcome = { saved: 0, refused: [], unsaved: 0 };
        for (const v of entered) {
          const key = keyOf(v.learnerId, v.field);
          const reason = s.errors.get(key);
          if (reason !== undefined) outcome.refused.push({ ...v, reason });
          else if (s.carried.has(key)) outcome.conflict = true;
          else if (!s.drafts.has(key)) {
            outcome.saved++;
            continue;
          }
          if (reason === undefined) outcome.unsaved++;
        }
        if (s.failure && outcome.unsaved) outcome.failure = s.failure;
        return outcome;
      },
    };

  // Leaving the page (closing the tab, another app on a phone, another screen of the portal):
  // what is typed goes now, and survives the page.
  useEffect(() => {
    if (!editable) return;
    const now = () => {
      if (s.dirty.size) void flush(true);
    };
    const hidden = () => {
      if (document.visibilityState === 'hidden') now();
    };
    addEventListener('pagehide', now);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      removeEventListener('pagehide', now);
      document.removeEventListener('visibilitychange', hidden);
      now();
    };
  }, [editable, path]);

  const focusCell = (row: number, col: number) => {
    const input = table.current?.querySelector<HTMLInputElement>(
      `input[data-row="${row}"][data-col="${col}"]`,
    );
    if (!input) return false;
    input.focus();
    input.select();
    return true;
  };

  const onKeyDown = (event: KeyboardEvent, row: number, col: number) => {
    // A Vietnamese input method composing a word: its Enter and arrows are the word's.
    if (event.isComposing) return;
    const input = event.currentTarget as HTMLInputElement;
    const atStart = input.selectionStart === 0;
    const atEnd = input.selectionEnd === input.value.length;
    switch (event.key) {
      case 'Enter':
        // Enter moves down (Shift+Enter up) and never submits, signs or locks anything.
        event.preventDefault();
        focusCell(event.shiftKey ? row - 1 : row + 1, col);
        return;
      case 'ArrowDown':
        event.preventDefault();
        focusCell(row + 1, col);
        return;
      case 'ArrowUp':
        event.preventDefault();
        focusCell(row - 1, col);
        return;
      case 'ArrowLeft':
        if (atStart && !event.shiftKey && focusCell(row, col - 1)) event.preventDefault();
        return;
      case 'ArrowRight':
        if (atEnd && !event.shiftKey && focusCell(row, col + 1)) event.preventDefault();
        return;
      case 'Escape': {
        // Back to what is stored, if the edit has not gone yet.
        const [learnerId, field] = [rows[row]!.learnerId, columns[col]!.field];
        const key = keyOf(learnerId, field);
        if (s.dirty.has(key) || s.errors.has(key)) {
          s.drafts.delete(key);
          s.dirty.delete(key);
          s.errors.delete(key);
          rerender();
        }
        return;
      }
    }
  };

  const onPaste = (event: ClipboardEvent, row: number, col: number) => {
    const block = pastedBlock(event.clipboardData?.getData('text/plain') ?? '');
    if (!block || !editable) return;
    event.preventDefault();
    block.forEach((values, i) => {
      const target = rows[row + i];
      if (!target) return;
      values.forEach((value, j) => {
        const column = columns[col + j];
        if (column) type(target.learnerId, column.field, value.trim());
      });
    });
    rerender();
    schedule();
  };

  // Leaving the grid (to a button, a link) sends what is typed at once.
  const onFocusOut = (event: FocusEvent) => {
    const next = event.relatedTarget as Node | null;
    if (editable && s.dirty.size && !(next && table.current?.contains(next))) void flush();
  };

  const hints = [...new Set(columns.flatMap((c) => (c.hint ? [c.hint] : [])))];
  // The hints are shown above an editable grid only: a read-only cell is described by nothing absent.
  const hintId = (c: GridColumn) => (editable && c.hint ? `${testId}-hint-${c.field}` : undefined);
  const refused = s.errors.size;
  const pending = s.dirty.size > 0 || s.timer !== undefined;
  const keysId = `${testId}-keys`;

  return (
    <>
      {editable && (
        <div class="gradebook-help">
          <p class="hint" id={keysId}>
            {t(texts.keys)}
          </p>
          {hints.map((h) => (
            <p class="hint" key={h} id={hintId(columns.find((c) => c.hint === h)!)}>
              {t(h)}
            </p>
          ))}
        </div>
      )}
      {editable && (
        <p class="save-state" role="status" aria-live="polite" data-testid="save-state">
          {save.kind === 'saving'
            ? t('gradebook.saving')
            : save.kind === 'failed'
              ? t('gradebook.saveFailed', { message: save.message })
              : refused > 0
                ? t('gradebook.refused', { n: refused })
                : pending
                  ? t('gradebook.unsaved')
                  : save.kind === 'saved'
                    ? t('gradebook.saved', { time: formatTime(save.at) })
                    : t(texts.autosave)}
          {save.kind === 'failed' && (
            <>
              {' '}
              <button type="button" class="link-button" onClick={() => void flush()}>
                {t('gradebook.saveAgain')}
              </button>
            </>
          )}
        </p>
      )}
      <div class="table-scroll gradebook-scroll">
        <table
          class="gradebook-grid"
          ref={table}
          data-testid={testId}
          aria-describedby={editable ? keysId : undefined}
          aria-label={label}
          onFocusOut={onFocusOut}
        >
          <thead>
            <tr>
              <th scope="col" class="pupil">
                {t('gradebook.pupil')}
              </th>
              {columns.map((c) => (
                <Fragment key={c.field}>
                  <th scope="col" class={c.kind}>
                    {c.short === c.long ? c.short : <abbr title={c.long}>{c.short}</abbr>}
                  </th>
                  {after && c.field === after.field && (
                    <th scope="col" class={after.className}>
                      {after.header}
                    </th>
                  )}
                </Fragment>
              ))}
              {action && (
                <th scope="col" class="row-action">
                  {action.header}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const row = rowOf(r.learnerId);
              return (
                <tr key={r.learnerId}>
                  <th scope="row" class="pupil">
                    <span class="pupil-number">{formatNumber(i + 1)}.</span> {r.fullName}
                  </th>
                  {columns.map((c, j) => {
                    const key = keyOf(r.learnerId, c.field);
                    const error = s.errors.get(key);
                    const errorId = `${testId}-error-${i}-${j}`;
                    const describedBy = [error && errorId, hintId(c)].filter(Boolean).join(' ');
                    return (
                      <Fragment key={c.field}>
                        <td class={`${c.kind}${error ? ' invalid' : ''}`}>
                          <input
                            class="cell"
                            data-row={i}
                            data-col={j}
                            data-field={c.field}
                            value={shown(r.learnerId, c.field)}
                            readOnly={!editable}
                            aria-label={t('gradebook.cellLabel', { column: c.long, name: r.fullName })}
                            aria-invalid={error ? 'true' : undefined}
                            aria-describedby={describedBy || undefined}
                            inputMode={
                              c.kind === 'score' ? 'decimal' : c.kind === 'count' ? 'numeric' : 'text'
                            }
                            enterKeyHint="next"
                            autoComplete="off"
                            spellcheck={c.kind === 'comment'}
                            maxLength={c.kind === 'comment' ? 600 : 20}
                            onInput={(e) => {
                              if (!editable) return;
                              type(r.learnerId, c.field, (e.currentTarget as HTMLInputElement).value);
                              rerender();
                              schedule();
                            }}
                            onKeyDown={(e) => onKeyDown(e, i, j)}
                            onPaste={(e) => onPaste(e, i, j)}
                          />
                          {error && (
                            <span class="cell-error" id={errorId}>
                              {error}
                            </span>
                          )}
                        </td>
                        {after && c.field === after.field && (
                          <td class={after.className} data-testid={after.testId}>
                            {after.cell(row)}
                          </td>
                        )}
                      </Fragment>
                    );
                  })}
                  {action && <td class="row-action">{action.cell(row)}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A subject's book: its columns, with the semester average after CK once the row is complete. */
export function GradeGrid({
  book,
  action,
  onConflict,
  handle,
}: {
  book: GradeBook;
  /** Set to the grid's handle (the book imported from a sheet, gradebook-xlsx.tsx). */
  handle?: { current: GridHandle | undefined };
  /** A last column of actions per pupil (a locked book's change requests). */
  action?: { header: string; cell: (row: ScoreRow) => ComponentChildren };
  /** A 409: the book changed (a row entered elsewhere, or locked); the page reloads it. */
  onConflict: (detail: string) => void;
}) {
  return (
    <CellGrid<ScoreRow>
      rows={book.rows}
      columns={book.columns.map(columnOf)}
      text={cellText}
      path={gradeBookPath(book.class.classId, book.subject, book.semester)}
      editable={book.mayEnter}
      label={t('gradebook.gridLabel', {
        subject: book.subjectName,
        semester: book.semester,
        className: book.class.name,
      })}
      testId="gradebook-grid"
      {...(book.assessment === 'scored'
        ? {
            after: {
              field: 'endTerm',
              className: 'average',
              testId: 'average',
              header: <abbr title={t('gradebook.col.averageLong')}>{t('gradebook.col.average')}</abbr>,
              cell: (row: ScoreRow) => (row.average === undefined ? '' : formatScore(row.average)),
            },
          }
        : {})}
      {...(action ? { action } : {})}
      {...(handle ? { handle } : {})}
      onConflict={onConflict}
    />
  );
}
