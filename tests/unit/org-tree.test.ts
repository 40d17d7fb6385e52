import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KnownUnit, planImport, relineage } from '../../functions/identity/domain/org-tree.ts';

const known = (units: KnownUnit[]) => new Map(units.map((u) => [u.orgUnitId, u]));
const SGD: KnownUnit = { orgUnitId: 'SGD', kind: 'department', parentId: 'ROOT', lineage: ['SGD'] };
const W1: KnownUnit = { orgUnitId: 'W1', kind: 'ward', parentId: 'SGD', lineage: ['SGD', 'W1'] };
const W2: KnownUnit = { orgUnitId: 'W2', kind: 'ward', parentId: 'SGD', lineage: ['SGD', 'W2'] };
const existing = known([SGD, W1, W2]);

describe('planImport', () => {
  it('places rows under existing units and under rows earlier in the file', () => {
    const { errors, units } = planImport(
      W1,
      [
        { orgUnitId: 'S1', code: '1', name: 'Trường THCS Lê Lợi', kind: 'school', parentId: 'W1' },
        { orgUnitId: 'G1', code: 'G', name: 'Tổ Ngữ văn', kind: 'subject-group', parentId: 'S1' },
      ],
      existing,
    );
    expect(errors).toEqual([]);
    expect(units.map((u) => u.lineage)).toEqual([
      ['SGD', 'W1', 'S1'],
      ['SGD', 'W1', 'S1', 'G1'],
    ]);
  });

  it('reports every bad row with its field, and then places nothing', () => {
    const { errors, units } = planImport(
      W1,
      [
        { orgUnitId: 'S1', code: '1', name: 'A', kind: 'school', parentId: 'W1' },
        { orgUnitId: 'S1', code: '1', name: 'A', kind: 'school', parentId: 'W1' },
        { orgUnitId: 'S2', code: '2', name: 'B', kind: 'school', parentId: 'W2' },
        { orgUnitId: 'S3', code: '3', name: 'C', kind: 'school', parentId: 'NOPE' },
        { orgUnitId: 'W9', code: '9', name: 'D', kind: 'ward', parentId: 'S1' },
        { orgUnitId: 'S7', code: '7', name: 'E', kind: 'school', parentId: 'W1' },
      ],
      known([
        ...existing.values(),
        { orgUnitId: 'S7', kind: 'school', parentId: 'W2', lineage: ['SGD', 'W2', 'S7'] },
      ]),
    );
    expect(errors.map((e) => `${e.row}:${e.field}`)).toEqual([
      '1:orgUnitId',
      '2:parentId',
      '3:parentId',
      '4:kind',
      '5:parentId',
    ]);
    expect(units).toEqual([]);
  });

  it('re-importing the same rows yields the same plan', () => {
    const rows = [{ orgUnitId: 'S1', code: '1', name: 'A', kind: 'school' as const, parentId: 'W1' }];
    const first = planImport(W1, rows, existing);
    const after = known([
      ...existing.values(),
      { orgUnitId: 'S1', kind: 'school', parentId: 'W1', lineage: first.units[0]!.lineage },
    ]);
    expect(planImport(W1, rows, after)).toEqual(first);
  });
});

describe('relineage', () => {
  it('moves a subtree and keeps everything below the moved unit', () => {
    expect(relineage(['SGD', 'W1', 'S1', 'G1'], ['SGD', 'W1', 'S1'], ['SGD', 'W2', 'S1'])).toEqual([
      'SGD',
      'W2',
      'S1',
      'G1',
    ]);
  });

  it('preserves depth below the moved unit (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }), (below) => {
        const from = ['SGD', 'W1', 'S1'];
        const to = ['SGD', 'O1', 'W2', 'S1'];
        const moved = relineage([...from, ...below], from, to);
        expect(moved.slice(to.length)).toEqual(below);
        expect(moved.slice(0, to.length)).toEqual(to);
      }),
    );
  });
});
