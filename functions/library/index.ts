/**
 * What other contexts may use of the library: the learning repository catalogues its published
 * resources in the union catalogue (so the one search finds books and digital resources alike).
 */
import { makeCatalogue } from './catalogue.ts';
import { type TitleInput, titleInput } from './domain/catalogue.ts';
import { makeLearnerLibrary } from './learner-loans.ts';

export { requestTally as requestLibraryTally } from './statistics.ts';

const catalogue = makeCatalogue();

/** The catalogue title of a digital resource. */
export const digitalTitleId = (resourceId: string) => `res-${resourceId}`;

export interface DigitalTitle {
  resourceId: string;
  unitId: string;
  licence: 'open' | 'city' | 'school';
  title: string;
  authors: string[];
  publisher?: string;
  year: number;
  language: TitleInput['language'];
  type: 'ebook' | 'document' | 'lecture' | 'video' | 'audio';
  subjects: string[];
  curriculum: TitleInput['curriculum'];
}

/** Catalogues (or re-catalogues) a published digital resource. */
export async function catalogueDigital(d: DigitalTitle) {
  const input = titleInput.parse({
    title: d.title,
    authors: d.authors,
    ...(d.publisher ? { publisher: d.publisher } : {}),
    year: d.year,
    language: d.language,
    type: d.type,
    subjects: d.subjects,
    curriculum: d.curriculum,
  });
  return catalogue.putDigital(input, digitalTitleId(d.resourceId), d.unitId, {
    resourceId: d.resourceId,
    licence: d.licence,
  });
}

/** Takes a withdrawn (or no longer shared) digital resource out of the catalogue. */
export const uncatalogueDigital = (resourceId: string) => catalogue.remove(digitalTitleId(resourceId));

/**
 * A learner's open loans and waiting or ready holds, as `GET /learners/{id}/library` shows them
 * (for a person's own data export).
 */
export const learnerLoans = (recordId: string) => makeLearnerLibrary().of(recordId);
