/**
 * Rules of the organisation tree, pure. Which kinds of unit may sit under which is data: a
 * deployment that still has district offices (old data, another city) puts `office` units
 * between the department and the communes without code changes.
 */

import type { TextParams } from '#shared/text/texts.ts';
import type { OrgUnitKind } from './delegation.ts';
import { identityText, KIND_WORDS } from './texts.ts';

export const CHILD_KINDS: Record<OrgUnitKind, readonly OrgUnitKind[]> = {
  department: ['office', 'ward', 'commune', 'special-zone', 'school'],
  office: ['ward', 'commune', 'special-zone', 'school'],
  ward: ['school'],
  commune: ['school'],
  'special-zone': ['school'],
  school: ['subject-group'],
  'subject-group': [],
};

export const mayContain = (parent: OrgUnitKind, child: OrgUnitKind) => CHILD_KINDS[parent].includes(child);

export interface UnitRow {
  orgUnitId: string;
  code: string;
  name: string;
  kind: OrgUnitKind;
  parentId: string;
}

export interface KnownUnit {
  orgUnitId: string;
  kind: OrgUnitKind;
  parentId: string;
  lineage: readonly string[];
}

export interface RowError {
  row: number;
  field: keyof UnitRow | '';
  message: string;
  code?: string;
  params?: TextParams;
}

/**
 * Checks an import: every row's parent exists already or comes earlier in the file, sits inside
 * `root`, may contain the row's kind; ids are unique; an existing unit keeps its parent (moves go
 * through the move route, which keeps history). Returns the rows with their lineage, or errors.
 */
export function planImport(
  root: KnownUnit,
  rows: UnitRow[],
  existing: Map<string, KnownUnit>,
): { errors: RowError[]; units: (UnitRow & { lineage: string[] })[] } {
  const errors: RowError[] = [];
  const placed = new Map<string, { kind: OrgUnitKind; lineage: string[] }>();
  const units: (UnitRow & { lineage: string[] })[] = [];
  const seen = new Set<string>();

  rows.forEach((row, i) => {
    if (seen.has(row.orgUnitId)) {
      errors.push({ row: i, field: 'orgUnitId', ...identityText('twice-in-file') });
      return;
    }
    seen.add(row.orgUnitId);
    const parent = placed.get(row.parentId) ?? existing.get(row.parentId);
    if (!parent) {
      errors.push({ row: i, field: 'parentId', ...identityText('no-parent') });
      return;
    }
    if (!parent.lineage.includes(root.orgUnitId)) {
      errors.push({
        row: i,
        field: 'parentId',
        ...identityText('outside-root', { root: root.orgUnitId }),
      });
      return;
    }
    if (!mayContain(parent.kind, row.kind)) {
      errors.push({
        row: i,
        field: 'kind',
        ...identityText('kind-not-under', { parent: KIND_WORDS[parent.kind], child: KIND_WORDS[row.kind] }),
      });
      return;
    }
    const before = existing.get(row.orgUnitId);
    if (before && before.parentId !== row.parentId) {
      errors.push({
        row: i,
        field: 'parentId',
        ...identityText('exists-elsewhere'),
      });
      return;
    }
    if (before && before.kind !== row.kind) {
      errors.push({ row: i, field: 'kind', ...identityText('exists-as', { kind: KIND_WORDS[before.kind] }) });
      return;
    }
    const lineage = [...parent.lineage, row.orgUnitId];
    placed.set(row.orgUnitId, { kind: row.kind, lineage });
    units.push({ ...row, lineage });
  });
  return { errors, units: errors.length > 0 ? [] : units };
}

/** A unit's new lineage after its subtree moves from `from` to `to` (both the moved unit's lineage). */
export function relineage(
  lineage: readonly string[],
  from: readonly string[],
  to: readonly string[],
): string[] {
  const depth = from.length;
  if (lineage.slice(0, depth).join('/') !== from.join('/')) throw new Error('Not inside the moved subtree');
  return [...to, ...lineage.slice(depth)];
}
