/**
 * Linking accounts to people of the education database — the rules, without storage:
 * - a learner links their own account when the account's verified personal ID is the learner's
 *   (children under 14 act through a guardian, so they cannot);
 * - a guardian links when their verified personal ID is recorded as the learner's guardian, or
 *   with a single-use code the school printed for that learner;
 * - a staff member links when their verified personal ID is the staff record's.
 * Every refusal of a match looks the same: a person one may not link to looks like no person.
 */
import { createHash, randomInt } from 'node:crypto';

/** Children under this age act through a guardian's account (Decree 13/2023, art. 20). */
export const SELF_LINK_MIN_AGE = 14;
/** How long a printed link code stays good. */
export const LINK_CODE_DAYS = 30;

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 12;

/** A new code, grouped for reading aloud and typing: ABCD-EFGH-JKMN (about 59 bits). */
export function newLinkCode(pick: (n: number) => number = randomInt): string {
  const chars = Array.from({ length: CODE_LENGTH }, () => ALPHABET[pick(ALPHABET.length)]!).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** What a person typed, as the code it names (case, spaces and dashes do not matter); else undefined. */
export function normalizeLinkCode(typed: string): string | undefined {
  const chars = typed.toUpperCase().replace(/[\s-]/g, '');
  if (chars.length !== CODE_LENGTH || [...chars].some((c) => !ALPHABET.includes(c))) return undefined;
  return chars.match(/.{4}/g)!.join('-');
}

/** Only the hash of a code is stored: a leaked table does not hand out children. */
export const hashLinkCode = (code: string) => createHash('sha256').update(`link-code:${code}`).digest('hex');

/** Full years from an ISO birth date to an ISO day. */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export interface LinkablePersonFacts {
  kind: 'student' | 'staff';
  dateOfBirth: string;
  personalId?: string;
  guardianIds: readonly string[];
}

export type LinkRefusal = 'no-match' | 'under-age';

/** May the holder of a verified personal ID link to this person as themself? */
export function selfLinkRefusal(
  person: LinkablePersonFacts | undefined,
  verifiedPersonalId: string,
  today: string,
): LinkRefusal | undefined {
  if (!person?.personalId || person.personalId !== verifiedPersonalId) return 'no-match';
  if (person.kind === 'student' && ageOn(person.dateOfBirth, today) < SELF_LINK_MIN_AGE) return 'under-age';
  return undefined;
}

/** May the holder of a verified personal ID link to this learner as their guardian? */
export function guardianLinkRefusal(
  child: LinkablePersonFacts | undefined,
  verifiedPersonalId: string,
): LinkRefusal | undefined {
  if (child?.kind !== 'student' || !child.guardianIds.includes(verifiedPersonalId)) return 'no-match';
  // A learner is not their own guardian.
  if (child.personalId === verifiedPersonalId) return 'no-match';
  return undefined;
}
