/**
 * A learner found by any part of the name — the given name alone, middle and given name — typed
 * with or without diacritics, in a school, a commune and city-wide, never outside the caller's
 * scope; results say date of birth, class and school. Records written before names were filed by
 * word are filed by the one-off worker (`file-all-names` → `file-names`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { eduEntities } from '../../functions/edu-data/entities.ts';
import { NAME_ENTRIES_MARKER } from '../../functions/edu-data/messages.ts';
import { resetConfig } from '../../shared/config.ts';
import { api, cloud, until, useCloudEnvironment } from '../support/cloud.ts';

interface Listed {
  recordId: string;
  name: string;
  data: { dateOfBirth?: string; classId?: string };
  schoolName?: string;
  className?: string;
}

const SCHOOL = 'THPT-TRANPHU';
const COMMUNE = 'P-NGOQUYEN';
// A given name no demo learner has, so that what a search lists is exactly what this file made.
const GIVEN = `Tuyết${String.fromCharCode(0x61 + Math.floor(Math.random() * 26))}${Date.now() % 100_000}`;
const serial = () => Math.floor(Math.random() * 900_000) + 100_000;

const search = (unit: string, q: string, as: string) =>
  api<{ items: Listed[] }>(`/org-units/${unit}/records/student/search`, { as, body: { q, limit: 50 } });
const found = async (unit: string, q: string, as: string) => {
  const res = await search(unit, q, as);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
};

async function learner(fullName: string, dateOfBirth: string, classId?: string) {
  const res = await api<Listed>(`/org-units/${SCHOOL}/records/student`, {
    as: 'principal1',
    body: {
      data: {
        personalId: makePersonalId('031', Number(dateOfBirth.slice(0, 4)), 'female', serial()),
        fullName,
        gender: 'female',
        dateOfBirth,
        grade: 10,
        ...(classId ? { classId } : {}),
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

let classId: string;
let className: string;

beforeAll(async () => {
  useCloudEnvironment();
  resetConfig();
  const classes = await api<{ items: { recordId: string; name: string }[] }>(
    `/org-units/${SCHOOL}/records/class`,
    { as: 'principal1' },
  );
  classId = classes.body.items[0]!.recordId;
  className = classes.body.items[0]!.name;
});

describe('learner search by any part of the name', () => {
  it('finds the given name alone, and middle with given name, in the school, the commune and the city', async () => {
    const first = await learner(`Nguyễn Thị ${GIVEN}`, '2010-03-14', classId);
    const second = await learner(`Vũ Hoàng Yến ${GIVEN}`, '2010-11-02');
    const folded = GIVEN.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (const [unit, as] of [
      [SCHOOL, 'principal1'],
      [COMMUNE, 'commune2.admin'],
      ['SGD', 'leader1'],
    ] as const) {
      for (const q of [GIVEN, folded, GIVEN.toUpperCase()]) {
        const ids = (await found(unit, q, as)).map((r) => r.recordId);
        expect(ids.sort(), `${unit} ${q}`).toEqual([first.recordId, second.recordId].sort());
      }
      const yen = await found(unit, `yến ${folded}`, as);
      expect(yen.map((r) => r.recordId)).toEqual([second.recordId]);
      const thi = await found(unit, `thi ${GIVEN}`, as);
      expect(thi.map((r) => r.recordId)).toEqual([first.recordId]);
    }
    // Two people of the same given name are told apart: date of birth, class, school.
    const listed = await found(COMMUNE, GIVEN, 'commune2.admin');
    const withClass = listed.find((r) => r.recordId === first.recordId)!;
    expect(withClass).toMatchObject({ schoolName: expect.stringContaining('Trần Phú'), className });
    expect(withClass.data.dateOfBirth).toBe('2010-03-14');
    expect(listed.find((r) => r.recordId === second.recordId)?.className).toBeUndefined();
  });

  it('follows a rename: the old given name no longer finds the learner', async () => {
    const person = await learner(`Lê Thị ${GIVEN}x`, '2010-05-05');
    expect((await found(SCHOOL, `${GIVEN}x`, 'principal1')).map((r) => r.recordId)).toEqual([
      person.recordId,
    ]);
    const renamed = await api<Listed>(`/records/${person.recordId}`, {
      as: 'principal1',
      method: 'PUT',
      body: { expectedVersion: 1, data: { ...person.data, fullName: `Lê ${GIVEN}y` } },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(await found(SCHOOL, `${GIVEN}x`, 'principal1')).toEqual([]);
    expect(await found(SCHOOL, `thi ${GIVEN}`, 'principal1')).not.toContainEqual(
      expect.objectContaining({ recordId: person.recordId }),
    );
    expect((await found(SCHOOL, `${GIVEN}y`, 'principal1')).map((r) => r.recordId)).toEqual([
      person.recordId,
    ]);
  });

  it('stays within scope: another commune finds nothing, another commune’s officer is refused', async () => {
    await learner(`Phạm ${GIVEN}z`, '2010-01-01');
    expect(await found('P-HONGBANG', `${GIVEN}z`, 'commune1.officer')).toEqual([]);
    expect((await search(COMMUNE, `${GIVEN}z`, 'commune1.officer')).status).toBe(403);
    // City-wide, at least two letters.
    expect((await search('SGD', 't', 'leader1')).status).toBe(400);
  });

  it('files the names of records written before names were filed by word, once', async () => {
    const old = await learner(`Đỗ Minh ${GIVEN}w`, '2010-02-02');
    // As an older deployment left it: the record without its name entries, the filing not done.
    const entities = eduEntities();
    const { data: entries } = await entities.nameEntry.query.byRecord({ recordId: old.recordId }).go();
    expect(entries.map((e) => e.words)).toEqual([
      expect.stringMatching(/^do minh /),
      expect.stringMatching(/^minh /),
      expect.stringMatching(/w$/),
    ]);
    await entities.nameEntry
      .delete(entries.map((e) => ({ recordId: e.recordId, position: e.position })))
      .go();
    await entities.recordKey.delete({ naturalKey: NAME_ENTRIES_MARKER }).go();
    expect(await found(SCHOOL, `${GIVEN}w`, 'principal1')).toEqual([]);

    const fire = () =>
      fetch(`${cloud().apiUrl}/_local/fire/edu-data-file-all-names`, { method: 'POST' }).then(
        (r) => r.json() as Promise<{ result: { units: number } }>,
      );
    expect((await fire()).result.units).toBeGreaterThan(300);
    // Asked once: the marker makes the next night's check do nothing.
    expect((await fire()).result.units).toBe(0);
    const refound = await until(async () => {
      const items = await found(SCHOOL, `${GIVEN}w`, 'principal1');
      return items.length ? items : undefined;
    }, 120_000);
    expect(refound.map((r) => r.recordId)).toEqual([old.recordId]);
    expect((await found(COMMUNE, `minh ${GIVEN}w`, 'commune2.admin')).map((r) => r.recordId)).toEqual([
      old.recordId,
    ]);
  }, 180_000);
});
