/**
 * Label sheets for a school's copies: A4, 3 columns × 8 rows of 70 × 37 mm labels (the common
 * self-adhesive sheet), each with the school, the title, the code (Code 128 or QR) and the shelf.
 * Pure: where each label goes, in PDF points.
 */
export const MM = 72 / 25.4;
export const A4 = { width: 210 * MM, height: 297 * MM };
export const SHEET = { columns: 3, rows: 8, width: 70 * MM, height: 37 * MM } as const;
export const LABELS_PER_PAGE = SHEET.columns * SHEET.rows;
/** At most this many labels in one file (about 21 pages). */
export const MAX_LABELS = 500;

/** Page and lower-left corner of label `i` (filled row by row from the top left). */
export function labelBox(i: number) {
  const page = Math.floor(i / LABELS_PER_PAGE);
  const n = i % LABELS_PER_PAGE;
  const column = n % SHEET.columns;
  const row = Math.floor(n / SHEET.columns);
  const marginY = (A4.height - SHEET.rows * SHEET.height) / 2;
  return {
    page,
    x: column * SHEET.width,
    y: A4.height - marginY - (row + 1) * SHEET.height,
    width: SHEET.width,
    height: SHEET.height,
  };
}

/** Shortens a line to `max` characters with an ellipsis. */
export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
