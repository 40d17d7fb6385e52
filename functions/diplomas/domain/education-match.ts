/**
 * A scanned diploma's holder checked against the education database before it enters the
 * register (issue 23 §2: "names checked against the education database where the holder is
 * there"). Recent graduates are learners there, recorded by their schools with their personal
 * IDs; a keyed name that the database spells otherwise, for the same birth date, is worth a look
 * before approval, and a holder found once, spelled alike, may bring their personal ID to the
 * register — so the citizen finds the diploma under their own ID without claiming it.
 *
 * Pure: the learners are found by the caller (same name diacritics aside, same birth date).
 */
import { searchKey, tidyName, toneAlike } from '#shared/text/vietnamese.ts';

export interface EducationLearner {
  fullName: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  schoolName: string;
  personalId?: string;
}

export interface KeyedHolder {
  fullName: string;
  /** YYYY-MM-DD or YYYY. */
  birthDate: string;
  school: string;
  personalId?: string;
}

/** What the approver reads of each learner found: no personal ID, only whether one is recorded. */
export interface LearnerSeen {
  fullName: string;
  birthDate: string;
  school: string;
  /** Written alike, the tone marks placed either way. */
  sameSpelling: boolean;
  sameSchool: boolean;
  personalIdRecorded: boolean;
  /** The keyed record's personal ID, where it has one, is the learner's. */
  personalIdAgrees?: boolean;
}

export interface EducationMatch {
  found: 'none' | 'one' | 'several';
  learners: LearnerSeen[];
  /** One learner, spelled alike, with a personal ID the keyed record lacks: the approver may record it. */
  offersPersonalId: boolean;
}

const spelled = (name: string) => toneAlike(tidyName(name));
const schoolKey = (name: string) => searchKey(name).replace(/^truong /, '');

/**
 * `complete`: every learner of the name was read (a very common name may have more than the
 * caller reads: then nothing is "one", and nothing is offered).
 */
export function matchWithEducation(
  complete: boolean,
  holder: KeyedHolder,
  learners: readonly EducationLearner[],
): EducationMatch & { personalId?: string } {
  const seen = learners.slice(0, 5).map((l) => ({
    fullName: l.fullName,
    birthDate: l.birthDate,
    school: l.schoolName,
    sameSpelling: spelled(l.fullName) === spelled(holder.fullName),
    sameSchool: schoolKey(l.schoolName) === schoolKey(holder.school),
    personalIdRecorded: !!l.personalId,
    ...(holder.personalId && l.personalId ? { personalIdAgrees: holder.personalId === l.personalId } : {}),
  }));
  const only = complete && learners.length === 1 ? learners[0] : undefined;
  // One learner, written alike, of the school the diploma names, with an ID the record lacks.
  const offersPersonalId =
    !!only?.personalId && !holder.personalId && seen[0]!.sameSpelling && seen[0]!.sameSchool;
  return {
    found: !complete || learners.length > 1 ? 'several' : learners.length === 0 ? 'none' : 'one',
    learners: seen,
    offersPersonalId,
    ...(offersPersonalId ? { personalId: only!.personalId } : {}),
  };
}
