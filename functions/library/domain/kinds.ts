/**
 * The catalogue's fixed vocabularies, without dependencies: the API's schemas and the portal's
 * screens both use them.
 */

/** What a catalogue entry is: printed material, and the digital collection's kinds. */
export const TITLE_TYPES = [
  'book',
  'textbook',
  'reference',
  'periodical',
  'ebook',
  'document',
  'lecture',
  'video',
  'audio',
] as const;
export type TitleType = (typeof TITLE_TYPES)[number];

/** ISO 639-2 codes as MARC 008/041 write them. */
export const LANGUAGES = ['vie', 'eng', 'fre', 'chi', 'rus', 'jpn', 'kor', 'ger'] as const;
