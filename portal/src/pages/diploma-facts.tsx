/**
 * What a diploma prints, as a list of facts: the public lookup's answer, a citizen's own diplomas
 * and the office's claim queue show the same facts under the same words.
 */
import { formatDay, type MessageKey, t } from '../i18n/index.ts';

/** A birth date as the register has it: a full date, or only the year of old registers. */
export const birthText = (b: string) => (b.length === 4 ? b : formatDay(b));

export interface PrintedFacts {
  type: string;
  fullName: string;
  /** Absent from a digital diploma's check: its file does not carry it. */
  birthDate?: string;
  placeOfBirth?: string;
  graduationYear: number;
  school: string;
  rank?: string;
  serial: string;
  registerNumber: string;
  issuedOn: string;
}

/** What a diploma prints, as a list of facts (the citizen's own, and the office's claim queue). */
export function PrintedFactList({ facts }: { facts: PrintedFacts }) {
  const rows: [MessageKey, string | undefined][] = [
    ['diplomas.type', facts.type],
    ['diplomas.holder', facts.fullName],
    ['diplomas.birthDate', facts.birthDate ? birthText(facts.birthDate) : undefined],
    ['diplomas.placeOfBirth', facts.placeOfBirth],
    ['diplomas.graduationYear', String(facts.graduationYear)],
    ['diplomas.school', facts.school],
    ['diplomas.rank', facts.rank],
    ['diplomas.serial', facts.serial],
    ['diplomas.registerNumber', facts.registerNumber],
    ['diplomas.issuedOn', formatDay(facts.issuedOn)],
  ];
  return (
    <dl class="facts">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
