/**
 * The audit log as a spreadsheet: Vietnamese column headers, times in Vietnam's time zone, and
 * what changed as readable JSON. Pure: the worker streams these rows into an XLSX file.
 */
export const AUDIT_COLUMNS = [
  { header: 'Thời điểm', key: 'at', width: 20 },
  { header: 'Người thực hiện', key: 'actorId', width: 22 },
  { header: 'Hành động', key: 'action', width: 26 },
  { header: 'Loại đối tượng', key: 'targetType', width: 16 },
  { header: 'Đối tượng', key: 'targetId', width: 28 },
  { header: 'Đơn vị', key: 'orgUnitId', width: 18 },
  { header: 'Mã yêu cầu', key: 'requestId', width: 38 },
  { header: 'Nội dung thay đổi', key: 'changes', width: 80 },
] as const;

export type AuditRow = Record<(typeof AUDIT_COLUMNS)[number]['key'], string>;

/** Most a single export holds; a wider range is cut here and the file says so. */
export const MAX_EXPORT_ROWS = 200_000;
/** Excel's limit for one cell's text. */
const MAX_CELL = 32_767;

const vietnamTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** dd/mm/yyyy hh:mm:ss in Vietnam time, the way Vietnamese offices write it. */
export function vietnamDateTime(iso: string): string {
  const parts = Object.fromEntries(vietnamTime.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export function auditRow(entry: {
  at: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  orgUnitId: string;
  requestId: string;
  changes?: unknown;
}): AuditRow {
  const changes =
    entry.changes && Object.keys(entry.changes as object).length ? JSON.stringify(entry.changes) : '';
  return {
    at: vietnamDateTime(entry.at),
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    orgUnitId: entry.orgUnitId,
    requestId: entry.requestId,
    changes: changes.length > MAX_CELL ? `${changes.slice(0, MAX_CELL - 1)}…` : changes,
  };
}

/** The [from, to] day range as ISO instants bounding `at` (Vietnam days, inclusive). */
export function exportRange(from: string, to: string): { start: string; end: string } {
  const start = new Date(`${from}T00:00:00+07:00`);
  const end = new Date(`${to}T23:59:59.999+07:00`);
  if (!(start <= end)) throw new RangeError('The start date is after the end date');
  return { start: start.toISOString(), end: end.toISOString() };
}
