/** The unit table's rules (sort, filter, laggards) and the approval rule that flags a unit behind. */
import { describe, expect, it } from 'vitest';
import {
  APPROVAL_THRESHOLD,
  approvalLag,
  emptyFigures,
  schoolFigures,
  sumFigures,
} from '../../functions/edu-data/domain/statistics.ts';
import {
  compareValues,
  countBehind,
  keepRow,
  nextSort,
  parseUnitFilter,
  sortRows,
  type UnitFacts,
} from '../../portal/src/ui/unit-rows.ts';

interface Row {
  name: string;
  learners: number | null;
  facts: UnitFacts;
}
const row = (name: string, learners: number | null, facts: Partial<UnitFacts> = {}): Row => ({
  name,
  learners,
  facts: { behind: [], pending: 0, noData: false, ...facts },
});

const rows = [
  row('Phường Ngô Quyền', 120, { pending: 3 }),
  row('Xã Ân Thi', null, { behind: ['chưa có dữ liệu'], noData: true }),
  row('Đặc khu Cát Hải', 80, { behind: ['mới duyệt 40%'], pending: 1 }),
  row('Phường An Biên', 120),
];

describe('sorting a unit table', () => {
  it('sorts counts either way, with units without a value last both ways and ties by name', () => {
    const names = (r: Row[]) => r.map((x) => x.name);
    expect(
      names(
        sortRows(
          rows,
          (r) => r.learners,
          'descending',
          (r) => r.name,
        ),
      ),
    ).toEqual(['Phường An Biên', 'Phường Ngô Quyền', 'Đặc khu Cát Hải', 'Xã Ân Thi']);
    expect(
      names(
        sortRows(
          rows,
          (r) => r.learners,
          'ascending',
          (r) => r.name,
        ),
      ),
    ).toEqual(['Đặc khu Cát Hải', 'Phường An Biên', 'Phường Ngô Quyền', 'Xã Ân Thi']);
  });

  it('sorts names in Vietnamese order: Đ after D, Ân among the A', () => {
    const names = ['Xã Đông Hưng', 'Xã Dư Hàng', 'Xã Ân Thi', 'Xã An Lão', 'Xã Bạch Đằng'];
    expect(sortRows(names, (n) => n, 'ascending')).toEqual([
      'Xã An Lão',
      'Xã Ân Thi',
      'Xã Bạch Đằng',
      'Xã Dư Hàng',
      'Xã Đông Hưng',
    ]);
    expect(compareValues('Xã Đông Hưng', 'Xã Dư Hàng', 'descending')).toBeLessThan(0);
  });

  it('a click on a new column starts with its first order; a second click flips it', () => {
    expect(nextSort(undefined, 'learners', 'descending')).toEqual({
      key: 'learners',
      direction: 'descending',
    });
    expect(nextSort({ key: 'name', direction: 'ascending' }, 'learners', 'descending')).toEqual({
      key: 'learners',
      direction: 'descending',
    });
    expect(nextSort({ key: 'learners', direction: 'descending' }, 'learners', 'descending')).toEqual({
      key: 'learners',
      direction: 'ascending',
    });
  });
});

describe('filtering a unit table', () => {
  const kept = (filter: string) =>
    rows.filter((r) => keepRow(r.facts, parseUnitFilter(filter))).map((r) => r.name);

  it('keeps the units behind, those with work waiting, those without data, or all', () => {
    expect(kept('behind')).toEqual(['Xã Ân Thi', 'Đặc khu Cát Hải']);
    expect(kept('pending')).toEqual(['Phường Ngô Quyền', 'Đặc khu Cát Hải']);
    expect(kept('no-data')).toEqual(['Xã Ân Thi']);
    expect(kept('all')).toHaveLength(4);
  });

  it('an unknown filter in the URL shows every unit', () => {
    expect(parseUnitFilter('drop table')).toBe('all');
    expect(parseUnitFilter(null)).toBe('all');
    expect(countBehind(rows.map((r) => r.facts))).toBe(2);
  });
});

describe('behind on approval', () => {
  const learner = (status: 'draft' | 'submitted' | 'approved') => ({
    kind: 'student' as const,
    status,
    approved:
      status === 'approved'
        ? {
            approvedAt: '2026-10-01T00:00:00.000Z',
            data: {
              status: 'enrolled',
              grade: 6,
              gender: 'female',
              ethnicity: '01',
              policyGroups: [],
              guardians: [],
            },
          }
        : undefined,
  });

  it('the threshold is 90% of learner records approved', () => {
    expect(APPROVAL_THRESHOLD).toBe(0.9);
  });

  it('a school with 8 of 10 learner records approved is behind, with its share; 9 of 10 is not', () => {
    const eight = schoolFigures([
      ...Array.from({ length: 8 }, () => learner('approved')),
      learner('submitted'),
      learner('draft'),
    ] as never);
    expect(eight).toMatchObject({ learnerRecords: 10, learnerRecordsApproved: 8 });
    expect(approvalLag(eight, true)).toEqual({ reason: 'approval', share: 80 });
    const nine = schoolFigures([
      ...Array.from({ length: 9 }, () => learner('approved')),
      learner('draft'),
    ] as never);
    expect(approvalLag(nine, true)).toBeUndefined();
    // A commune adds its schools' records: 17 of 20 approved is 85%, behind.
    expect(approvalLag(sumFigures([eight, nine]), true)).toEqual({ reason: 'approval', share: 85 });
  });

  it('a unit with schools and no approved data is behind; one with no school is not', () => {
    expect(approvalLag({ ...emptyFigures(), schools: 3 }, false)).toEqual({ reason: 'no-data' });
    expect(approvalLag({ ...emptyFigures(), schools: 0 }, false)).toBeUndefined();
  });

  it('figures summed before learner records were counted are not judged on the share', () => {
    expect(approvalLag({ schools: 4 }, true)).toBeUndefined();
  });
});
