/**
 * The 12-digit personal identification number (số định danh cá nhân) that is every learner's ID
 * code: 3 digits for the province of birth registration, 1 for century and gender, 2 for the year
 * of birth, 6 random. The code is checked against the learner's own gender and date of birth, so a
 * typo in either is caught at entry rather than by the national system months later.
 */

/** Province codes of the 63 pre-2025 provinces (Circular 07/2016/TT-BCA), still used in codes. */
export const PROVINCE_CODES: ReadonlySet<string> = new Set(
  (
    '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 ' +
    '037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 ' +
    '077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'
  ).split(' '),
);

import type { CodedText } from '#shared/text/texts.ts';
import { eduText } from './texts.ts';

export type Gender = 'male' | 'female';

export interface PersonalIdProblem {
  code: 'format' | 'province' | 'century-gender' | 'birth-year';
  /** What the person entering the code is told. */
  text: CodedText;
}

/** The fourth digit: 0/1 for 1900–1999 (male/female), 2/3 for 2000–2099, and so on. */
export const centuryGenderDigit = (birthYear: number, gender: Gender): number =>
  (Math.floor(birthYear / 100) - 19) * 2 + (gender === 'female' ? 1 : 0);

export function checkPersonalId(
  id: string,
  person?: { gender?: Gender; dateOfBirth?: string },
): PersonalIdProblem[] {
  if (!/^\d{12}$/.test(id)) return [{ code: 'format', text: eduText('personal-id-format') }];
  const problems: PersonalIdProblem[] = [];
  if (!PROVINCE_CODES.has(id.slice(0, 3)))
    problems.push({ code: 'province', text: eduText('personal-id-province') });
  const year = person?.dateOfBirth ? Number(person.dateOfBirth.slice(0, 4)) : undefined;
  if (year !== undefined && Number.isInteger(year)) {
    if (id.slice(4, 6) !== String(year % 100).padStart(2, '0'))
      problems.push({ code: 'birth-year', text: eduText('personal-id-birth-year') });
    if (person?.gender && Number(id[3]) !== centuryGenderDigit(year, person.gender))
      problems.push({ code: 'century-gender', text: eduText('personal-id-century-gender') });
  }
  return problems;
}

/** A valid code for a person (demo data and tests); `serial` fills the last six digits. */
export function makePersonalId(province: string, birthYear: number, gender: Gender, serial: number): string {
  return `${province}${centuryGenderDigit(birthYear, gender)}${String(birthYear % 100).padStart(2, '0')}${String(serial % 1_000_000).padStart(6, '0')}`;
}
