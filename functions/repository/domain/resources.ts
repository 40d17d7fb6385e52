/**
 * The learning repository's resources: what a resource is (Dublin Core metadata with the 2018
 * curriculum mapping), which files each kind accepts, who reviews it before publication, and
 * who may open it afterwards. Pure: no storage, no AWS.
 */
import * as z from 'zod';
import type { CodedText } from '#shared/text/texts.ts';
import { searchKey, tidyName } from '#shared/text/vietnamese.ts';
import { curriculumRef, LANGUAGES } from '../../library/domain/catalogue.ts';
import { subjectNamed } from './curriculum.ts';
import {
  FILE_RULES,
  LICENCES,
  type Licence,
  MB,
  RESOURCE_KINDS,
  type ResourceKind,
  type ResourceState,
} from './kinds.ts';
import { KIND_WORDS, repositoryText } from './texts.ts';

export {
  FILE_RULES,
  LICENCES,
  type Licence,
  RESOURCE_KINDS,
  RESOURCE_STATES,
  type ResourceKind,
  type ResourceState,
} from './kinds.ts';

/** The Dublin Core type (DCMI Type Vocabulary) of each kind. */
export const DCMI_TYPE: Record<ResourceKind, string> = {
  ebook: 'Text',
  document: 'Text',
  lecture: 'InteractiveResource',
  video: 'MovingImage',
  audio: 'Sound',
};

export const LICENCE_RIGHTS: Record<Licence, string> = {
  open: 'Học liệu mở: mọi người được đọc và chia sẻ, ghi rõ nguồn (CC BY 4.0)',
  city: 'Dành cho người dùng hệ thống giáo dục của thành phố',
  school: 'Dành riêng cho cán bộ, giáo viên và học sinh của nhà trường',
};

const text = (max: number) =>
  z
    .string()
    .transform(tidyName)
    .pipe(z.string().min(1, 'Cannot be empty').max(max, `At most ${max} characters`));

/** A resource's descriptive metadata (Dublin Core elements, the curriculum, the licence). */
export const resourceInput = z.object({
  kind: z.enum(RESOURCE_KINDS),
  title: text(300),
  /** dc:creator — the authors; the account that uploads is recorded separately. */
  creators: z.array(text(200)).min(1, 'Name at least one author').max(20),
  description: z.string().trim().max(4000).optional(),
  /** dc:subject — keywords. */
  subjects: z.array(text(200)).max(20).default([]),
  publisher: text(200).optional(),
  language: z.enum(LANGUAGES).default('vie'),
  licence: z.enum(LICENCES),
  curriculum: z.array(curriculumRef).max(50).default([]),
});
export type ResourceInput = z.output<typeof resourceInput>;

/** A file announced before it is uploaded: checked against the kind's rules. */
export const fileAnnouncement = z.object({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^/\\]+\.[A-Za-z0-9]{2,5}$/, 'A file name with its extension, without a folder'),
  contentType: z.string().trim().min(3).max(120),
  size: z.number().int().min(1, 'The file is empty'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'The SHA-256 in 64 hexadecimal digits')
    .transform((s) => s.toLowerCase()),
});
export type FileAnnouncement = z.output<typeof fileAnnouncement>;

export type FileProblem = { field: 'fileName' | 'contentType' | 'size'; text: CodedText };

/** What is wrong with a file for a kind, or nothing. */
export function checkFile(kind: ResourceKind, file: Omit<FileAnnouncement, 'sha256'>): FileProblem[] {
  const rules = FILE_RULES[kind];
  const problems: FileProblem[] = [];
  const extensions = rules.types[file.contentType];
  if (!extensions)
    problems.push({
      field: 'contentType',
      text: repositoryText('type-not-accepted', {
        kind: KIND_WORDS[kind],
        types: Object.values(rules.types).flat().join(', '),
      }),
    });
  else if (!extensions.includes(file.fileName.split('.').pop()!.toLowerCase()))
    problems.push({
      field: 'fileName',
      text: repositoryText('extension', {
        extensions: { vi: extensions.join(' hoặc '), en: extensions.join(' or ') },
      }),
    });
  if (file.size > rules.maxBytes)
    problems.push({ field: 'size', text: repositoryText('file-too-large', { max: rules.maxBytes / MB }) });
  return problems;
}

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) =>
  prefix.every((b, i) => bytes[at + i] === b);

/**
 * Whether a file's first bytes are what its declared type says (a renamed executable is not a
 * PDF). Zip containers (EPUB, DOCX, PPTX, ODT, packages) are recognised as zips.
 */
export function looksLike(contentType: string, head: Uint8Array): boolean {
  const zip = startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
  const isoMedia = startsWith(head, [0x66, 0x74, 0x79, 0x70], 4); // 'ftyp'
  switch (contentType) {
    case 'application/pdf':
      return startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d]); // %PDF-
    case 'application/epub+zip':
    case 'application/zip':
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.openxmlformats-officedocument.presentationml.presentation':
    case 'application/vnd.oasis.opendocument.text':
      return zip;
    case 'video/mp4':
    case 'audio/mp4':
      return isoMedia;
    case 'video/webm':
      return startsWith(head, [0x1a, 0x45, 0xdf, 0xa3]);
    case 'audio/mpeg':
      return startsWith(head, [0x49, 0x44, 0x33]) || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0);
    case 'audio/ogg':
      return startsWith(head, [0x4f, 0x67, 0x67, 0x53]); // OggS
    default:
      return false;
  }
}

/**
 * The unit that reviews a resource before publication: a school-only resource at its school; a
 * resource shared with the city or the public one level up — a school's at its commune, a
 * commune's (or the Department's own) at the Department. `lineage` is root first.
 */
export function reviewUnitOf(licence: Licence, unit: { orgUnitId: string; lineage: readonly string[] }) {
  if (licence === 'school') return unit.orgUnitId;
  const depth = unit.lineage.length;
  // [department, commune, school]: the commune; [department, commune] or [department]: the Department.
  return depth >= 3 ? unit.lineage[depth - 2]! : unit.lineage[0]!;
}

export type Transition = 'edit' | 'upload' | 'submit' | 'approve' | 'return' | 'withdraw';

/** Which states each step starts from; anything else is a 409. */
export const ALLOWED_FROM: Record<Transition, readonly ResourceState[]> = {
  edit: ['draft', 'returned', 'published', 'withdrawn'],
  upload: ['draft', 'returned', 'published', 'withdrawn'],
  submit: ['draft', 'returned'],
  approve: ['submitted'],
  return: ['submitted'],
  withdraw: ['published', 'submitted', 'draft', 'returned'],
};

export const mayMove = (from: ResourceState, step: Transition) => ALLOWED_FROM[step].includes(from);

/** Dublin Core elements of a published resource, as OAI-PMH's oai_dc and the resource page show them. */
export function dublinCore(r: {
  resourceId: string;
  meta: ResourceInput;
  publishedAt?: string;
  contentType?: string;
  unitName?: string;
  url: string;
}) {
  const m = r.meta;
  const lessons = m.curriculum.map(
    (c) =>
      `Chương trình GDPT 2018: ${subjectNamed(c.subject)?.name ?? c.subject}, lớp ${c.grade}${c.lessonId ? `, bài ${c.lessonId}` : ''}`,
  );
  return {
    title: [m.title],
    creator: m.creators,
    subject: [...m.subjects, ...lessons],
    description: m.description ? [m.description] : [],
    publisher: [m.publisher ?? r.unitName ?? ''].filter(Boolean),
    date: r.publishedAt ? [r.publishedAt.slice(0, 10)] : [],
    type: [DCMI_TYPE[m.kind]],
    format: r.contentType ? [r.contentType] : [],
    identifier: [r.url],
    language: [m.language],
    rights: [LICENCE_RIGHTS[m.licence]],
  };
}
export type DublinCore = ReturnType<typeof dublinCore>;

/** The words a title is sorted by in lists (folded, so "Ánh" sorts with "Anh"). */
export const sortKeyOf = (title: string) => searchKey(title).slice(0, 60);
