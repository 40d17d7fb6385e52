/**
 * The fields of each record kind as the forms and detail pages show them. Code lists come from
 * the domain module itself (functions/edu-data/domain/codes.ts), so a code the server accepts is
 * a code the form offers. Input names are the data paths the API's field errors use.
 */
import {
  BUILDING_GRADES,
  EDUCATION_LEVELS,
  EMPLOYMENT_KINDS,
  EQUIPMENT_CONDITIONS,
  ETHNICITIES,
  GENDER_LABELS,
  LEVEL_GROUP_LABELS,
  OWNERSHIPS,
  POLICY_GROUP_LABELS,
  ROOM_TYPES,
  STAFF_POSITIONS,
  STANDARD_RATINGS,
  STUDENT_STATUS_LABELS,
} from '../../../functions/edu-data/domain/codes.ts';
import { type MessageKey, t } from '../i18n/index.ts';

export const KINDS = [
  'student',
  'class',
  'staff',
  'facility',
  'equipment',
  'site',
  'school',
  'school-year',
] as const;
/** Kinds a school keeps; the Department keeps the school years. */
export const kindsFor = (unitKind: string): string[] =>
  unitKind === 'school'
    ? KINDS.filter((k) => k !== 'school-year')
    : unitKind === 'department'
      ? ['student', 'staff', 'school-year']
      : ['student', 'staff'];
export const IMPORTABLE = new Set(['student', 'staff', 'class', 'facility', 'equipment', 'site']);

export interface FieldSpec {
  /** Path in the record's data; guardians as `guardians.father.fullName`. */
  path: string;
  type: 'text' | 'date' | 'number' | 'select' | 'checkbox' | 'list' | 'choices' | 'class';
  options?: Record<string, string>;
  required?: boolean;
}

const codes = (list: readonly string[], key: string) =>
  Object.fromEntries(list.map((c) => [c, t(`code.${key}.${c}` as MessageKey)]));

export function fieldsOf(kind: string): FieldSpec[] {
  switch (kind) {
    case 'student':
      return [
        { path: 'personalId', type: 'text', required: true },
        { path: 'fullName', type: 'text', required: true },
        { path: 'gender', type: 'select', options: GENDER_LABELS, required: true },
        { path: 'dateOfBirth', type: 'date', required: true },
        { path: 'ethnicity', type: 'select', options: ETHNICITIES },
        { path: 'grade', type: 'number', required: true },
        { path: 'classId', type: 'class' },
        { path: 'status', type: 'select', options: STUDENT_STATUS_LABELS },
        { path: 'dropOutReason', type: 'text' },
        { path: 'placeOfBirth', type: 'text' },
        { path: 'address', type: 'text' },
        { path: 'guardians.father.fullName', type: 'text' },
        { path: 'guardians.father.phone', type: 'text' },
        { path: 'guardians.mother.fullName', type: 'text' },
        { path: 'guardians.mother.phone', type: 'text' },
        { path: 'health.heightCm', type: 'number' },
        { path: 'health.weightKg', type: 'number' },
        { path: 'policyGroups', type: 'choices', options: POLICY_GROUP_LABELS },
      ];
    case 'staff':
      return [
        { path: 'staffCode', type: 'text', required: true },
        { path: 'fullName', type: 'text', required: true },
        { path: 'gender', type: 'select', options: GENDER_LABELS, required: true },
        { path: 'dateOfBirth', type: 'date', required: true },
        { path: 'personalId', type: 'text' },
        { path: 'position', type: 'select', options: codes(STAFF_POSITIONS, 'position'), required: true },
        {
          path: 'employment',
          type: 'select',
          options: codes(EMPLOYMENT_KINDS, 'employment'),
          required: true,
        },
        { path: 'hireDate', type: 'date' },
        { path: 'rank', type: 'text' },
        { path: 'educationLevel', type: 'select', options: codes(EDUCATION_LEVELS, 'education') },
        { path: 'subjects', type: 'list' },
        { path: 'standardRating', type: 'select', options: codes(STANDARD_RATINGS, 'rating') },
      ];
    case 'class':
      return [
        { path: 'code', type: 'text', required: true },
        { path: 'name', type: 'text', required: true },
        { path: 'grade', type: 'number', required: true },
        { path: 'schoolYear', type: 'text', required: true },
        { path: 'foreignLanguages', type: 'list' },
        { path: 'twoSessionsPerDay', type: 'checkbox' },
      ];
    case 'facility':
      return [
        { path: 'roomType', type: 'select', options: codes(ROOM_TYPES, 'room'), required: true },
        {
          path: 'buildingGrade',
          type: 'select',
          options: codes(BUILDING_GRADES, 'building'),
          required: true,
        },
        { path: 'count', type: 'number', required: true },
        { path: 'areaM2', type: 'number', required: true },
      ];
    case 'equipment':
      return [
        { path: 'item', type: 'text', required: true },
        { path: 'subject', type: 'text' },
        { path: 'quantity', type: 'number', required: true },
        {
          path: 'condition',
          type: 'select',
          options: codes(EQUIPMENT_CONDITIONS, 'condition'),
          required: true,
        },
        { path: 'year', type: 'number', required: true },
      ];
    case 'site':
      return [
        { path: 'name', type: 'text', required: true },
        { path: 'address', type: 'text' },
        { path: 'distanceKm', type: 'number', required: true },
      ];
    case 'school':
      return [
        { path: 'code', type: 'text', required: true },
        { path: 'name', type: 'text', required: true },
        { path: 'levelGroups', type: 'choices', options: LEVEL_GROUP_LABELS, required: true },
        { path: 'ownership', type: 'select', options: codes(OWNERSHIPS, 'ownership'), required: true },
        { path: 'address', type: 'text' },
        { path: 'accreditationLevel', type: 'number' },
        { path: 'nationalStandard', type: 'checkbox' },
        { path: 'internet', type: 'checkbox' },
        { path: 'cleanWater', type: 'checkbox' },
        { path: 'twoSessionsPerDay', type: 'checkbox' },
      ];
    case 'school-year':
      return [
        { path: 'code', type: 'text', required: true },
        { path: 'startsOn', type: 'date', required: true },
        { path: 'semester1EndsOn', type: 'date', required: true },
        { path: 'endsOn', type: 'date', required: true },
      ];
    default:
      return [];
  }
}

export const fieldLabel = (path: string) => t(`field.${path}` as MessageKey);

/** A value of the data at a path (guardians by relation). */
export function valueAt(data: Record<string, unknown>, path: string): unknown {
  if (path.startsWith('guardians.')) {
    const [, relation, key] = path.split('.');
    return (data.guardians as Record<string, unknown>[] | undefined)?.find((g) => g.relation === relation)?.[
      key!
    ];
  }
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);
}

/** The form's inputs (named `data.<path>`) → the record's data, as the API expects it. */
export function dataFromForm(kind: string, form: HTMLFormElement): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const guardians: Record<string, Record<string, unknown>> = {};
  const set = (path: string, value: unknown) => {
    if (path.startsWith('guardians.')) {
      const [, relation, key] = path.split('.');
      guardians[relation!] = { ...guardians[relation!], relation, [key!]: value };
      return;
    }
    const parts = path.split('.');
    let node = data;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts.at(-1)!] = value;
  };
  const fd = new FormData(form);
  for (const field of fieldsOf(kind)) {
    const name = `data.${field.path}`;
    if (field.type === 'checkbox') set(field.path, fd.get(name) === 'on');
    else if (field.type === 'choices') set(field.path, fd.getAll(name).map(String));
    else {
      const raw = String(fd.get(name) ?? '').trim();
      if (raw === '') continue;
      if (field.type === 'number') set(field.path, Number(raw.replace(',', '.')));
      else if (field.type === 'list')
        set(
          field.path,
          raw
            .split(/[;,]/)
            .map((s) => s.trim())
            .filter(Boolean),
        );
      else set(field.path, raw);
    }
  }
  const people = Object.values(guardians).filter((g) => g.fullName);
  if (kind === 'student') data.guardians = people;
  return data;
}

/** How a value reads on a detail page. */
export function showValue(field: FieldSpec, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (field.type === 'checkbox') return value ? t('common.yes') : t('common.no');
  if (field.type === 'choices' || field.type === 'list')
    return (value as string[]).map((v) => field.options?.[v] ?? v).join(', ') || '—';
  if (field.options) return field.options[String(value)] ?? String(value);
  return String(value);
}
