/**
 * The demo city's register of diplomas: a few hundred entries from 1975 on, entered through the
 * register itself (serial and number guards, the year's highest number), so `npm start` shows a
 * register to search, a year to read and a gap left to explain this year, and the public lookup
 * has something to find — among them the demo citizens' own diplomas (VNeID's Trịnh Văn Nam's
 * upper-secondary diploma of 2002, with his personal ID) — and an employer's system admitted to
 * verify diplomas through the authorities' API.
 */

import { makeAuthorities } from '../../functions/diplomas/authorities.ts';
import { DIPLOMA_TYPES, RANKS } from '../../functions/diplomas/domain/kinds.ts';
import type { DiplomaEntities } from '../../functions/diplomas/entities.ts';
import { makeRegister, type NewEntry } from '../../functions/diplomas/register.ts';
import { HttpProblem } from '../../shared/http/problem.ts';
import { DEMO_CITIZENS } from './demo-citizens.ts';
import { DEMO_AUTHORITY_CLIENTS } from './demo-data.ts';
// The same Vietnamese names as the demo library's authors.
import { FAMILY, GIVEN, MIDDLE } from './demo-library.ts';

const SCHOOLS = [
  'Trường THPT Ngô Quyền',
  'Trường THPT Trần Phú',
  'Trường THPT Lê Quý Đôn',
  'Trường THPT Thái Phiên',
  'Trường THCS Hồng Bàng',
];
const PLACES = [
  'Hải Phòng',
  'Thuỷ Nguyên, Hải Phòng',
  'An Lão, Hải Phòng',
  'Kiến An, Hải Phòng',
  'Vĩnh Bảo, Hải Phòng',
];

/** Serials the demo's citizens' diplomas carry (printed by `npm start` for the public lookup). */
export const DEMO_DIPLOMA_SERIAL = 'B 0020021';
const SYSTEM = { accountId: 'system:demo', requestId: 'demo-diplomas' };

export function demoEntry(n: number): NewEntry {
  const year = 2000 + (n % 25);
  const pick = <T>(list: readonly T[], k: number) =>
    list[(n * k + Math.floor(n / list.length)) % list.length]!;
  const type = DIPLOMA_TYPES[n % 3 === 0 ? 0 : 1]!;
  return {
    holder: {
      fullName: `${pick(FAMILY, 7)} ${pick(MIDDLE, 3)} ${pick(GIVEN, 5)}`,
      // Old registers often knew only the year of birth.
      birthDate: n % 5 === 0 ? String(year - 18) : `${year - 18}-0${1 + (n % 9)}-1${n % 10}`,
      placeOfBirth: pick(PLACES, 11),
      gender: n % 2 ? 'female' : 'male',
      ethnicity: '01',
    },
    type,
    graduationYear: year,
    // Unique for the benchmark's million too; never the demo citizen's (B 0020021 is odd, these even).
    serial: `${type === 'lower-secondary' ? 'A' : 'B'} ${String(2_000 + n * 2).padStart(7, '0')}`,
    registerYear: year,
    school: pick(SCHOOLS, 13),
    ...(year < 2007 ? { rank: pick(RANKS, 17) } : {}),
    issuedOn: `${year}-07-2${n % 9}`,
  };
}

/** The register's demo entries, once per data folder (the citizens' own diploma marks it). */
export async function seedDemoDiplomas(entities: () => DiplomaEntities, count = 300) {
  const started = Date.now();
  const register = makeRegister(entities);
  if (await register.entryBySerial(DEMO_DIPLOMA_SERIAL)) return { entries: 0, seconds: 0, skipped: true };
  const unit = { orgUnitId: 'SGD', lineage: ['SGD'] };
  const writer = { ...SYSTEM, unit };
  // An earlier seed stopped half-way (what it wrote is kept): what it wrote is taken, the rest added.
  const taken = (error: unknown) => {
    if (!(error instanceof HttpProblem && error.status === 409)) throw error;
  };
  for (let n = 0; n < count; n++) await register.enter(demoEntry(n), writer).catch(taken);
  // This year's register: two entries and, between them, two numbers nobody has explained yet.
  const thisYear = new Date().getFullYear();
  const recent = (n: number, registerNumber: number): NewEntry => ({
    ...demoEntry(n),
    graduationYear: thisYear - 1,
    registerYear: thisYear,
    registerNumber,
    issuedOn: `${thisYear}-01-1${n % 9}`,
  });
  // Someone may have entered this year's first numbers already (a test, while this runs in the
  // background): then the year has no demo gap, and the seed goes on.
  await register.enter(recent(count, 1), writer).catch(taken);
  await register.enter(recent(count + 1, 4), writer).catch(taken);
  // An employer's system the office admitted (its client credentials are the dev provider's).
  const authorities = makeAuthorities(entities);
  for (const client of DEMO_AUTHORITY_CLIENTS.filter((c) => c.registered))
    await authorities
      .register({ clientId: client.clientId, name: client.name, dailyQuota: client.dailyQuota }, writer)
      .catch(taken);
  // The demo citizen's own diploma, last: it marks the seed as done.
  const nam = DEMO_CITIZENS[0]!;
  await register.enter(
    {
      holder: {
        fullName: nam.fullName,
        birthDate: nam.birthdate,
        placeOfBirth: 'An Lão, Hải Phòng',
        gender: 'male',
        ethnicity: '01',
        personalId: nam.personalId,
      },
      type: 'upper-secondary',
      graduationYear: 2002,
      serial: DEMO_DIPLOMA_SERIAL,
      registerYear: 2002,
      school: 'Trường THPT Ngô Quyền',
      council: 'Hội đồng thi THPT Ngô Quyền',
      rank: 'good',
      issuedOn: '2002-07-25',
    },
    writer,
  );
  return { entries: count + 3, seconds: (Date.now() - started) / 1000, skipped: false };
}
