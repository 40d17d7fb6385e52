/**
 * Copies from the register, pure: the 5 working days counted over weekends and public holidays
 * (dates worked out by hand from the calendar), the fee, overdue, and the copy's printed facts.
 */
import { describe, expect, it } from 'vitest';
import {
  copyBlocks,
  DOCUMENTS_NEEDED,
  feeOf,
  isOverdue,
  paymentReference,
} from '../../functions/diplomas/domain/copies.ts';
import {
  isWorkingDay,
  PUBLIC_HOLIDAYS,
  workingDaysAfter,
  workingDaysBetween,
} from '../../shared/calendar/working-days.ts';

const at = (iso: string) => new Date(iso);

describe('working days', () => {
  it('counts five from the day after receipt, over weekends', () => {
    // Monday 7 December 2026, 10:00 in Hải Phòng → Monday 14.
    expect(workingDaysAfter(at('2026-12-07T03:00:00Z'), 5)).toBe('2026-12-14');
    // Friday 4 December → Friday 11.
    expect(workingDaysAfter(at('2026-12-04T03:00:00Z'), 5)).toBe('2026-12-11');
    // Received on a Saturday: Monday is the first day counted → Friday 11.
    expect(workingDaysAfter(at('2026-12-05T03:00:00Z'), 5)).toBe('2026-12-11');
  });

  it('counts in the city’s time zone: 18:00 UTC on Sunday is Monday in Hải Phòng', () => {
    expect(workingDaysAfter(at('2026-12-06T18:00:00Z'), 5)).toBe('2026-12-14');
  });

  it('skips Tết and the spring holidays, compensation days included', () => {
    // Friday 13 February 2026: Tết's weekdays 16–20 off → 23, 24, 25, 26, 27.
    expect(workingDaysAfter(at('2026-02-13T03:00:00Z'), 5)).toBe('2026-02-27');
    // Thursday 23 April 2026: Fri 24; Mon 27 (Giỗ Tổ, compensated) off; Tue 28, Wed 29; 30/4 and 1/5
    // off; Mon 4, Tue 5 May.
    expect(workingDaysAfter(at('2026-04-23T03:00:00Z'), 5)).toBe('2026-05-05');
    expect(isWorkingDay('2026-09-02')).toBe(false);
    expect(isWorkingDay('2026-09-03')).toBe(true);
  });

  it('counts a Saturday worked in exchange as a working day', () => {
    expect(isWorkingDay('2025-04-26')).toBe(true);
    expect(isWorkingDay('2025-05-02')).toBe(false);
  });

  it('knows this year’s days off, and next year’s from November (the list is data: a year missing fails here)', () => {
    const now = new Date();
    expect(PUBLIC_HOLIDAYS[now.getUTCFullYear()], 'add this year’s public holidays').toBeDefined();
    if (now.getUTCMonth() >= 10)
      expect(PUBLIC_HOLIDAYS[now.getUTCFullYear() + 1], 'add next year’s public holidays').toBeDefined();
  });

  it('counts the working days between two dates, either way', () => {
    expect(workingDaysBetween('2026-12-07', '2026-12-14')).toBe(5);
    expect(workingDaysBetween('2026-12-14', '2026-12-07')).toBe(-5);
    expect(workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
  });
});

describe('a copy from the register', () => {
  it('needs what the requester’s standing asks, costs per copy, and is overdue only while with the office', () => {
    expect(DOCUMENTS_NEEDED.holder).toEqual([]);
    expect(DOCUMENTS_NEEDED.heir).toEqual(['death-certificate', 'kinship']);
    expect(feeOf(3)).toBe(60_000);
    expect(isOverdue('submitted', '2026-12-14', '2026-12-15')).toBe(true);
    expect(isOverdue('submitted', '2026-12-14', '2026-12-14')).toBe(false);
    expect(isOverdue('issued', '2026-12-14', '2026-12-20')).toBe(false);
    expect(paymentReference('0f1e2d3c-4b5a-4678-9abc-def012345678')).toBe('SGD-BS-0F1E2D3C4B');
  });

  it('prints the entry as the register holds it, and for whom', () => {
    const blocks = copyBlocks({
      entry: {
        holder: { fullName: 'Trịnh Văn Hùng', birthDate: '1958', gender: 'male' },
        type: 'upper-secondary',
        graduationYear: 1976,
        serial: 'A 0012345',
        registerYear: 1976,
        registerNumber: 88,
        school: 'Trường cấp III Ngô Quyền',
        rank: 'good',
        issuedOn: '1976-08-02',
      },
      requesterName: 'Trịnh Văn Nam',
      relation: 'heir',
      copies: 2,
      code: 'K7QM-4XPA',
      date: new Date('2026-12-07T03:00:00Z'),
    });
    const fields = Object.fromEntries(
      blocks.flatMap((b) => (b.kind === 'field' ? [[b.label, b.value]] : [])),
    );
    expect(fields).toEqual({
      'Họ và tên': 'Trịnh Văn Hùng',
      'Ngày sinh': '1958',
      'Giới tính': 'Nam',
      Trường: 'Trường cấp III Ngô Quyền',
      'Năm tốt nghiệp': '1976',
      'Xếp loại': 'Khá',
      'Số hiệu văn bằng': 'A 0012345',
      'Số vào sổ cấp bằng': '88/1976',
      'Ngày cấp': '02/08/1976',
    });
    const text = JSON.stringify(blocks);
    expect(text).toContain('BẢN SAO VĂN BẰNG TỪ SỔ GỐC');
    expect(text).toContain('Trịnh Văn Nam (người thừa kế); số bản: 2');
    expect(text).toContain('K7QM-4XPA/SY-SGDĐT');
  });
});
