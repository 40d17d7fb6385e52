/**
 * A school library's desk over HTTP: copies with barcodes, lending to the school's students and
 * staff from the education database (by card), limits and overdue rules, returns, renewals, the
 * fair hold queue (a returned copy is kept for the first borrower waiting), the union catalogue's
 * "held by", and personal loans kept to the school's own people.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { makeLibraryEntities } from '../../functions/library/entities.ts';
import { documentClient } from '../../shared/db/client.ts';
import { api, cloud, until, useCloudEnvironment } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

const SCHOOL = 'THPT-TRANPHU';
const RUN = Date.now() % 100_000;
const code = (n: number) => `TP${RUN}-${n}`;

/** An approved person of Trần Phú in the education database: what a library card names. */
const person = (kind: 'student' | 'staff', data: Record<string, unknown>) =>
  approvedPerson(kind, data, SCHOOL);

interface Loan {
  loanId: string;
  dueOn: string;
  renewals: number;
  state: string;
  borrowerName: string;
}

describe('library circulation', () => {
  let titleId: string;
  const student = makePersonalId('031', 2010, 'female', 700_000 + (RUN % 99_000));
  const student2 = makePersonalId('031', 2010, 'male', 600_000 + (RUN % 99_000));
  const staffCode = `GV${RUN}`;

  beforeAll(async () => {
    await person('student', {
      personalId: student,
      fullName: 'Phạm Thu Hà',
      gender: 'female',
      dateOfBirth: '2010-05-02',
      grade: 10,
    });
    await person('student', {
      personalId: student2,
      fullName: 'Đỗ Minh Khang',
      gender: 'male',
      dateOfBirth: '2010-08-19',
      grade: 10,
    });
    await person('staff', {
      staffCode,
      fullName: 'Lương Thị Mai',
      gender: 'female',
      dateOfBirth: '1985-01-20',
      position: 'teacher',
      employment: 'civil-servant',
    });
    const title = await api<{ titleId: string }>(`/org-units/${SCHOOL}/library-titles`, {
      as: 'librarian1',
      body: { title: `Nhật ký trong tù ${RUN}`, authors: ['Hồ Chí Minh'] },
    });
    expect(title.status, JSON.stringify(title.body)).toBe(201);
    titleId = title.body.titleId;
  });

  it('adds copies with barcodes unique in the school, and shows who holds the title', async () => {
    const added = await api(`/org-units/${SCHOOL}/library-copies`, {
      as: 'librarian1',
      body: { titleId, copies: [1, 2, 3, 4].map((n) => ({ barcode: code(n), location: 'Kệ A2' })) },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const again = await api(`/org-units/${SCHOOL}/library-copies`, {
      as: 'librarian1',
      body: { titleId, copies: [{ barcode: code(4) }, { barcode: code(5) }] },
    });
    expect(again.status).toBe(409);
    // Nothing of the refused batch was written: barcode 5 is still free.
    expect(
      (
        await api(`/org-units/${SCHOOL}/library-copies`, {
          as: 'librarian1',
          body: { titleId, copies: [{ barcode: code(5) }] },
        })
      ).status,
    ).toBe(201);
    const held = await api<{
      items: { schoolId: string; name: string; copies: number; available: number }[];
    }>(`/library/titles/${titleId}/holdings`);
    expect(held.body.items).toEqual([
      {
        schoolId: SCHOOL,
        name: expect.stringContaining('Trần Phú'),
        commune: 'Phường Ngô Quyền',
        copies: 5,
        available: 5,
        shelves: ['Kệ A2'],
      },
    ]);
  });

  it('searches the titles one school holds', async () => {
    const search = async (school: string) =>
      (
        await api<{ items: { titleId: string }[] }>(
          `/library/search?q=${encodeURIComponent(`nhat ky trong tu ${RUN}`)}&school=${school}`,
        )
      ).body.items.map((i) => i.titleId);
    expect(await search(SCHOOL)).toContain(titleId);
    expect(await search('THCS-LECHAN')).not.toContain(titleId);
  });

  it('lends by barcode and card, within the student’s limit, and never one copy twice', async () => {
    const lend = (barcode: string, card: string) =>
      api<Loan & { code?: string }>(`/org-units/${SCHOOL}/library-loans`, {
        as: 'librarian1',
        body: { barcode, card },
      });
    const first = await lend(code(1), student);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ borrowerName: 'Phạm Thu Hà', state: 'open', renewals: 0 });
    expect((await lend(code(1), student2)).body).toMatchObject({ code: 'copy-on-loan' });
    expect((await lend(code(2), student)).status).toBe(201);
    expect((await lend(code(3), student)).status).toBe(201);
    const fourth = await lend(code(4), student);
    expect(fourth.status).toBe(409);
    expect(fourth.body.code).toBe('limit');
    // Staff borrow more, for longer.
    const staffLoan = await lend(code(4), staffCode);
    expect(staffLoan.status).toBe(201);
    expect(staffLoan.body.dueOn > first.body.dueOn).toBe(true);
    // Someone who is not of this school has no card here.
    const stranger = await lend(code(5), makePersonalId('031', 2011, 'male', 123_456));
    expect(stranger.status).toBe(400);
    const holding = await api<{ holding: { available: number } }>(
      `/org-units/${SCHOOL}/library-titles/${titleId}`,
      {
        as: 'librarian1',
      },
    );
    expect(holding.body.holding.available).toBe(1);
  });

  it('keeps a returned copy for the first borrower waiting, and lends it only to them', async () => {
    const hold = await api<{ position: number }>(`/org-units/${SCHOOL}/library-holds`, {
      as: 'librarian1',
      body: { titleId, card: student2 },
    });
    expect(hold.status, JSON.stringify(hold.body)).toBe(201);
    expect(hold.body.position).toBe(1);
    expect(
      (
        await api(`/org-units/${SCHOOL}/library-holds`, {
          as: 'librarian1',
          body: { titleId, card: student2 },
        })
      ).status,
    ).toBe(409);

    // With someone waiting, the loan cannot be renewed.
    const loans = await api<{ loans: Loan[] }>(`/org-units/${SCHOOL}/library-borrower-loans`, {
      as: 'librarian1',
      body: { card: student },
    });
    const renew = await api<{ code: string }>(
      `/org-units/${SCHOOL}/library-loans/${loans.body.loans[0]!.loanId}/renewals`,
      {
        as: 'librarian1',
        method: 'POST',
      },
    );
    expect(renew.status).toBe(409);
    expect(renew.body.code).toBe('held');

    const back = await api<{ copyStatus: string; keptFor?: string; late: boolean }>(
      `/org-units/${SCHOOL}/library-returns`,
      {
        as: 'librarian1',
        body: { barcode: code(1) },
      },
    );
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ copyStatus: 'on-hold-shelf', keptFor: 'Đỗ Minh Khang', late: false });
    // Kept for Khang: the staff member cannot take it, Khang can.
    expect(
      (
        await api<{ code: string }>(`/org-units/${SCHOOL}/library-loans`, {
          as: 'librarian1',
          body: { barcode: code(1), card: staffCode },
        })
      ).body.code,
    ).toBe('copy-kept');
    const khang = await api<Loan>(`/org-units/${SCHOOL}/library-loans`, {
      as: 'librarian1',
      body: { barcode: code(1), card: student2 },
    });
    expect(khang.status).toBe(201);
    const at = await api<{ holds: unknown[] }>(`/org-units/${SCHOOL}/library-titles/${titleId}`, {
      as: 'librarian1',
    });
    expect(at.body.holds).toEqual([]);
  });

  it('renews when nobody waits, and lists a borrower’s loans open first', async () => {
    const loans = await api<{ borrower: { borrowerName: string }; loans: Loan[] }>(
      `/org-units/${SCHOOL}/library-borrower-loans`,
      {
        as: 'librarian1',
        body: { card: student },
      },
    );
    expect(loans.body.borrower.borrowerName).toBe('Phạm Thu Hà');
    expect(loans.body.loans.map((l) => l.state)).toEqual(['open', 'open', 'closed']);
    const renewed = await api<Loan>(
      `/org-units/${SCHOOL}/library-loans/${loans.body.loans[0]!.loanId}/renewals`,
      {
        as: 'librarian1',
        method: 'POST',
      },
    );
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.renewals).toBe(1);
    expect(
      (await api<{ items: unknown[] }>(`/org-units/${SCHOOL}/library-overdue`, { as: 'librarian1' })).status,
    ).toBe(200);
  });

  it('says on the public title page where each school shelves it and when a copy is back — no borrower, no id', async () => {
    interface Held {
      schoolId: string;
      name: string;
      commune?: string;
      copies: number;
      available: number;
      shelves: string[];
      nextDueOn?: string;
    }
    const made = await api<{ titleId: string }>(`/org-units/${SCHOOL}/library-titles`, {
      as: 'librarian1',
      body: { title: `Tuyển tập thơ Tố Hữu ${RUN}`, authors: ['Tố Hữu'] },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.titleId;
    // Trần Phú: two copies on shelves C3 and C4, one lent out; Kiến An (added by the Department):
    // two copies on shelves "Kệ 10" and "Kệ 9".
    expect(
      (
        await api(`/org-units/${SCHOOL}/library-copies`, {
          as: 'librarian1',
          body: {
            titleId: id,
            copies: [
              { barcode: `TH${RUN}-1`, location: 'Kệ C3' },
              { barcode: `TH${RUN}-2`, location: 'Kệ C4' },
            ],
          },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api(`/org-units/THCS-KIENAN/library-copies`, {
          as: 'admin',
          body: {
            titleId: id,
            copies: [
              { barcode: `KA${RUN}-1`, location: 'Kệ 10' },
              { barcode: `KA${RUN}-2`, location: 'Kệ 9' },
            ],
          },
        })
      ).status,
    ).toBe(201);
    const loan = await api<Loan>(`/org-units/${SCHOOL}/library-loans`, {
      as: 'librarian1',
      body: { barcode: `TH${RUN}-1`, card: student2 },
    });
    expect(loan.status, JSON.stringify(loan.body)).toBe(201);
    const held = async () => (await api<{ items: Held[] }>(`/library/titles/${id}/holdings`)).body.items;
    // More on the shelf first; shelves in shelf order (9 before 10); one still on the shelf: no due day.
    expect(await held()).toEqual([
      {
        schoolId: 'THCS-KIENAN',
        name: expect.stringContaining('Kiến An'),
        commune: 'Phường Kiến An',
        copies: 2,
        available: 2,
        shelves: ['Kệ 9', 'Kệ 10'],
      },
      {
        schoolId: SCHOOL,
        name: expect.stringContaining('Trần Phú'),
        commune: 'Phường Ngô Quyền',
        copies: 2,
        available: 1,
        shelves: ['Kệ C3', 'Kệ C4'],
      },
    ]);
    const patch = (barcode: string, body: Record<string, unknown>) =>
      api(`/org-units/${SCHOOL}/library-copies/${encodeURIComponent(barcode)}`, {
        as: 'librarian1',
        method: 'PATCH',
        body,
      });
    // The copy on the shelf withdrawn: its shelf goes, and the page says when the other is due back.
    expect((await patch(`TH${RUN}-2`, { status: 'withdrawn', reason: 'Rách' })).status).toBe(200);
    const out = await held();
    expect(out[1]).toEqual({
      schoolId: SCHOOL,
      name: expect.stringContaining('Trần Phú'),
      commune: 'Phường Ngô Quyền',
      copies: 1,
      available: 0,
      shelves: ['Kệ C3'],
      nextDueOn: loan.body.dueOn,
    });
    expect(JSON.stringify(out)).not.toContain('Đỗ Minh Khang');
    expect(JSON.stringify(out)).not.toContain(loan.body.loanId);
    // The lent copy moved to another shelf: the shelves follow.
    expect((await patch(`TH${RUN}-1`, { location: 'Kệ D1' })).status).toBe(200);
    expect((await held()).map((h) => [h.schoolId, h.shelves, h.available])).toEqual([
      ['THCS-KIENAN', ['Kệ 9', 'Kệ 10'], 2],
      [SCHOOL, ['Kệ D1'], 0],
    ]);
    // Returned: nothing is due any more, the copy is on the shelf.
    expect(
      (
        await api(`/org-units/${SCHOOL}/library-returns`, {
          as: 'librarian1',
          body: { barcode: `TH${RUN}-1` },
        })
      ).status,
    ).toBe(200);
    const back = (await held()).find((h) => h.schoolId === SCHOOL);
    expect(back).toMatchObject({ available: 1, shelves: ['Kệ D1'] });
    expect(back?.nextDueOn).toBeUndefined();
  });

  it('lists a late loan as overdue, refuses a new loan to its borrower, and the morning reminder finds it', async () => {
    useCloudEnvironment();
    const entities = makeLibraryEntities({ client: documentClient(), table: cloud().env.TABLE_NAME! });
    const loans = await api<{ loans: (Loan & { barcode: string })[] }>(
      `/org-units/${SCHOOL}/library-borrower-loans`,
      {
        as: 'librarian1',
        body: { card: staffCode },
      },
    );
    const open = loans.body.loans.find((l) => l.state === 'open')!;
    // The loan was due last week: its due day moved back, as time would have.
    const { data: item } = await entities.libLoan.get({ loanId: open.loanId }).go();
    await entities.libLoan
      .patch({ loanId: open.loanId })
      .set({
        dueOn: '2026-01-05',
        schoolId: SCHOOL,
        state: 'open',
        borrowerId: item!.borrowerId,
        loanedAt: item!.loanedAt,
      })
      .go();
    const overdue = await api<{ items: { loanId: string }[] }>(`/org-units/${SCHOOL}/library-overdue`, {
      as: 'librarian1',
    });
    expect(overdue.body.items.map((l) => l.loanId)).toContain(open.loanId);
    const refused = await api<{ code: string }>(`/org-units/${SCHOOL}/library-loans`, {
      as: 'librarian1',
      body: { barcode: code(5), card: staffCode },
    });
    expect(refused.body.code).toBe('overdue');
    const fired = await fetch(`${cloud().apiUrl}/_local/fire/library-remind-library-loans`, {
      method: 'POST',
    });
    const result = ((await fired.json()) as { result: { sent: number; overdue: number } }).result;
    expect(result.overdue).toBeGreaterThanOrEqual(1);
    expect(result.sent).toBeGreaterThanOrEqual(result.overdue);
  });

  it('keeps borrowers’ loans to the school: the commune and the Department do not open the desk', async () => {
    for (const as of ['commune2.admin', 'admin']) {
      const res = await api(`/org-units/${SCHOOL}/library-overdue`, { as });
      expect(res.status, as).toBe(403);
      expect(
        (await api(`/org-units/${SCHOOL}/library-borrower-loans`, { as, body: { card: student } })).status,
      ).toBe(403);
    }
    // A teacher of the school is not the library.
    expect((await api(`/org-units/${SCHOOL}/library-overdue`, { as: 'teacher1' })).status).toBe(403);
  });

  it('counts the school’s library for the statistics; the commune and the city see counts, not borrowers', async () => {
    interface Counts {
      copies: number;
      titles: number;
      loansOpen: number;
      overdue: number;
      loansYear: number;
      loansPerLearner: number;
    }
    interface Stats {
      total: Counts;
      rows: (Counts & { orgUnitId: string; schools: number })[];
      computedAt?: string;
    }
    // Recounted a few seconds after each desk change, and nightly: the late loan above was made
    // late in the table directly, so the nightly run is what counts it.
    await fetch(`${cloud().apiUrl}/_local/fire/library-tally-all-libraries`, { method: 'POST' });
    const school = await until(async () => {
      const res = await api<Stats>(`/org-units/${SCHOOL}/library-statistics`, { as: 'librarian1' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.total.loansYear >= 2 && res.body.total.overdue >= 1 ? res.body : undefined;
    }, 30_000);
    expect(school.total.copies).toBeGreaterThanOrEqual(4);
    expect(school.total.titles).toBeGreaterThanOrEqual(1);
    expect(school.total.loansOpen).toBeGreaterThanOrEqual(1);
    // Other test files lend at the same school meanwhile, and each desk change is recounted a few
    // seconds later: the commune's row is compared with the school read at the same moment.
    const { commune, city } = await until(async () => {
      const [own, commune, city] = await Promise.all([
        api<Stats>(`/org-units/${SCHOOL}/library-statistics`, { as: 'librarian1' }),
        api<Stats>('/org-units/P-NGOQUYEN/library-statistics', { as: 'commune2.admin' }),
        api<Stats>('/org-units/SGD/library-statistics', { as: 'leader1' }),
      ]);
      expect(commune.status).toBe(200);
      const row = commune.body.rows.find((r) => r.orgUnitId === SCHOOL);
      const communeRow = city.body.rows.find((r) => r.orgUnitId === 'P-NGOQUYEN');
      return row?.loansYear === own.body.total.loansYear &&
        communeRow?.loansYear === commune.body.total.loansYear
        ? { commune, city }
        : undefined;
    }, 30_000);
    expect(commune.body.total.loansYear).toBeGreaterThanOrEqual(school.total.loansYear);
    for (const body of [commune.body, city.body])
      for (const name of ['Phạm Thu Hà', 'Đỗ Minh Khang', 'Lương Thị Mai', student, staffCode])
        expect(JSON.stringify(body)).not.toContain(name);
    // Another commune's officers see their own schools only.
    expect((await api('/org-units/P-NGOQUYEN/library-statistics', { as: 'commune1.admin' })).status).toBe(
      403,
    );
  });
});
