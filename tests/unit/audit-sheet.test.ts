import { describe, expect, it } from 'vitest';
import { auditRow, exportRange, vietnamDateTime } from '../../functions/identity/domain/audit-sheet.ts';

describe('audit sheet', () => {
  it('writes times in Vietnam time as dd/mm/yyyy hh:mm:ss', () => {
    expect(vietnamDateTime('2026-11-24T17:05:09.000Z')).toBe('25/11/2026 00:05:09');
  });

  it('bounds a range by whole Vietnamese days and refuses a reversed one', () => {
    expect(exportRange('2026-11-01', '2026-11-30')).toEqual({
      start: '2026-10-31T17:00:00.000Z',
      end: '2026-11-30T16:59:59.999Z',
    });
    expect(() => exportRange('2026-11-30', '2026-11-01')).toThrow(RangeError);
  });

  it('keeps Vietnamese text in the changes and leaves no change empty', () => {
    const base = {
      at: '2026-11-24T01:00:00Z',
      actorId: 'admin',
      action: 'account.create',
      targetType: 'account',
      targetId: 'x',
      orgUnitId: 'SGD',
      requestId: 'r',
    };
    expect(auditRow({ ...base, changes: { after: { fullName: 'Nguyễn Thị Hương' } } }).changes).toContain(
      'Nguyễn Thị Hương',
    );
    expect(auditRow({ ...base, changes: {} }).changes).toBe('');
    expect(auditRow({ ...base, changes: { note: 'x'.repeat(40_000) } }).changes.length).toBe(32_767);
  });
});
