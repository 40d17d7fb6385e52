/**
 * A school library's own rules and housekeeping over HTTP: loan rules set by the school, the
 * hold shelf (the borrower is told; a copy left past its day passes to the next in the queue),
 * condition and withdrawal of copies, a stock-taking with a scanner, and an inter-school loan
 * from request to close with its trail. At Trường THCS Lê Chân, whose leader the test appoints
 * (the other library tests use Trần Phú's default rules).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { makeCirculation } from '../../functions/library/circulation.ts';
import { addDays, cityDay } from '../../functions/library/domain/circulation.ts';
import { makeLibraryEntities } from '../../functions/library/entities.ts';
import { makeNotificationEntity } from '../../functions/notifications/store.ts';
import { documentClient } from '../../shared/db/client.ts';
import { api, cloud, until, useCloudEnvironment } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

// A school no other test lists accounts or people of.
const SCHOOL = 'THCS-LECHAN';
const RUN = Date.now() % 100_000;
const leader = `lc.leader${RUN}`;
const code = (n: number) => `LC${RUN}-${n}`;

interface Holding {
  copies: number;
  available: number;
}

describe('a school library’s rules, hold shelf, copies, stock-taking and inter-school loans', () => {
  let titleId: string;
  const cards = [1, 2, 3, 4, 5].map((n) =>
    makePersonalId('031', 2012, n % 2 ? 'female' : 'male', 500_000 + n * 1_000 + (RUN % 999)),
  );
  const names = ['Bùi Thị Ngân', 'Lý Văn Sơn', 'Mai Thu Trang', 'Tạ Minh Đức', 'Hà Thị Yến'];
  const holding = async () =>
    (await api<{ holding: Holding }>(`/org-units/${SCHOOL}/library-titles/${titleId}`, { as: leader })).body
      .holding;

  beforeAll(async () => {
    const account = await api(`/org-units/${SCHOOL}/accounts`, {
      as: 'admin',
      body: { accountId: leader, fullName: 'Đinh Thị Hồng', email: `${leader}@lechan.example.vn` },
    });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    const role = await api(`/org-units/${SCHOOL}/role-assignments`, {
      as: 'admin',
      body: { accountId: leader, role: 'school-leader' },
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    for (const [i, personalId] of cards.entries())
      await approvedPerson(
        'student',
        {
          personalId,
          fullName: names[i],
          gender: i % 2 ? 'male' : 'female',
          dateOfBirth: '2012-03-03',
          grade: 8,
        },
        SCHOOL,
        { author: leader, approver: 'admin' },
      );
    const title = await api<{ titleId: string }>(`/org-units/${SCHOOL}/library-titles`, {
      as: leader,
      body: { title: `Đất rừng phương Nam ${RUN}`, authors: ['Đoàn Giỏi'] },
    });
    expect(title.status, JSON.stringify(title.body)).toBe(201);
    titleId = title.body.titleId;
    const copies = await api(`/org-units/${SCHOOL}/library-copies`, {
      as: leader,
      body: { titleId, copies: [1, 2, 3].map((n) => ({ barcode: code(n), location: 'Kệ D1' })) },
    });
    expect(copies.status, JSON.stringify(copies.body)).toBe(201);
  }, 60_000);

  it('lends by the school’s own rules', async () => {
    const defaults = await api<{ student: { loanDays: number } }>(`/org-units/${SCHOOL}/library-rules`, {
      as: leader,
    });
    expect(defaults.body.student.loanDays).toBe(14);
    // Students: a week, one book, no renewals; the hold shelf two days.
    const setRules = (loanDays: number) =>
      api(`/org-units/${SCHOOL}/library-rules`, {
        as: leader,
        method: 'PUT',
        body: {
          student: { loanDays, maxLoans: 1, maxRenewals: 0 },
          staff: { loanDays: 30, maxLoans: 10, maxRenewals: 3 },
          holdShelfDays: 2,
        },
      });
    expect((await setRules(0)).status).toBe(400);
    const set = await setRules(7);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    // Trần Phú's librarian does not set Lê Chân's rules.
    expect(
      (await api(`/org-units/${SCHOOL}/library-rules`, { as: 'librarian1', method: 'PUT', body: set.body }))
        .status,
    ).toBe(403);
    const loan = await api<{ loanId: string; dueOn: string }>(`/org-units/${SCHOOL}/library-loans`, {
      as: leader,
      body: { barcode: code(1), card: cards[0] },
    });
    expect(loan.status, JSON.stringify(loan.body)).toBe(201);
    expect(loan.body.dueOn).toBe(addDays(cityDay(), 7));
    const second = await api<{ code: string }>(`/org-units/${SCHOOL}/library-loans`, {
      as: leader,
      body: { barcode: code(2), card: cards[0] },
    });
    expect(second.body.code).toBe('limit');
    const renewed = await api<{ code: string }>(
      `/org-units/${SCHOOL}/library-loans/${loan.body.loanId}/renewals`,
      {
        as: leader,
        method: 'POST',
      },
    );
    expect(renewed.body.code).toBe('renewals');
  });

  it('tells the first borrower waiting, and passes a copy left on the hold shelf to the next', async () => {
    // Every copy is out (one each: the school's limit), so the next two readers place holds.
    for (const [barcode, card] of [
      [code(2), cards[1]],
      [code(3), cards[2]],
    ] as const) {
      const lent = await api(`/org-units/${SCHOOL}/library-loans`, { as: leader, body: { barcode, card } });
      expect(lent.status, JSON.stringify(lent.body)).toBe(201);
    }
    for (const card of [cards[3], cards[4]]) {
      const hold = await api(`/org-units/${SCHOOL}/library-holds`, { as: leader, body: { titleId, card } });
      expect(hold.status, JSON.stringify(hold.body)).toBe(201);
    }
    const back = await api<{ copyStatus: string; keptFor: string }>(`/org-units/${SCHOOL}/library-returns`, {
      as: leader,
      body: { barcode: code(1) },
    });
    expect(back.body).toMatchObject({ copyStatus: 'on-hold-shelf', keptFor: names[3] });
    useCloudEnvironment();
    const deps = { client: documentClient(), table: cloud().env.TABLE_NAME! };
    const notices = makeNotificationEntity(deps);
    const entities = makeLibraryEntities(deps);
    const { data: copy } = await entities.libCopy.get({ schoolId: SCHOOL, barcode: code(1) }).go();
    const notice = await until(async () => {
      const { data } = await notices.query.byRecipient({ recipientId: `edu:${copy!.keptFor}` }).go();
      return data.find((n) => n.template === 'library-hold-ready');
    });
    expect(notice.data).toMatchObject({ title: `Đất rừng phương Nam ${RUN}` });
    // Three days on (the school keeps copies two days), the morning run passes it to the next.
    const circulation = makeCirculation(() => entities);
    const { expired } = await circulation.expireHolds(SCHOOL, addDays(cityDay(), 3));
    expect(expired).toBe(1);
    const { data: after } = await entities.libCopy.get({ schoolId: SCHOOL, barcode: code(1) }).go();
    expect(after!.status).toBe('on-hold-shelf');
    expect(after!.keptFor).not.toBe(copy!.keptFor);
    // Nobody is left waiting: the next expiry puts it back on the shelf, available.
    expect((await circulation.expireHolds(SCHOOL, addDays(cityDay(), 9))).expired).toBe(1);
    const { data: free } = await entities.libCopy.get({ schoolId: SCHOOL, barcode: code(1) }).go();
    expect(free!.status).toBe('available');
    expect(await holding()).toEqual(expect.objectContaining({ copies: 3, available: 1 }));
  });

  it('changes a copy’s condition and status with the school’s counts', async () => {
    const onLoan = await api<{ code: string }>(`/org-units/${SCHOOL}/library-copies/${code(2)}`, {
      as: leader,
      method: 'PATCH',
      body: { status: 'withdrawn' },
    });
    expect(onLoan.status).toBe(409);
    const worn = await api<{ condition: string; location: string }>(
      `/org-units/${SCHOOL}/library-copies/${code(1)}`,
      {
        as: leader,
        method: 'PATCH',
        body: { condition: 'worn', location: 'Kệ D2' },
      },
    );
    expect(worn.body).toMatchObject({ condition: 'worn', location: 'Kệ D2' });
    const lost = await api(`/org-units/${SCHOOL}/library-copies/${code(1)}`, {
      as: leader,
      method: 'PATCH',
      body: { status: 'lost', reason: 'Không tìm thấy khi kiểm kê' },
    });
    expect(lost.status, JSON.stringify(lost.body)).toBe(200);
    expect(await holding()).toEqual(expect.objectContaining({ copies: 2, available: 0 }));
    await api(`/org-units/${SCHOOL}/library-copies/${code(1)}`, {
      as: leader,
      method: 'PATCH',
      body: { status: 'available' },
    });
    expect(await holding()).toEqual(expect.objectContaining({ copies: 3, available: 1 }));
  });

  it('takes stock with a scanner and reports what is missing, out, or unknown', async () => {
    const added = await api(`/org-units/${SCHOOL}/library-copies`, {
      as: leader,
      body: { titleId, copies: [{ barcode: code(4), location: 'Kệ D9' }] },
    });
    expect(added.status).toBe(201);
    const started = await api<{ stocktakeId: string }>(`/org-units/${SCHOOL}/library-stocktakes`, {
      as: leader,
      method: 'POST',
    });
    expect(started.status).toBe(201);
    const id = started.body.stocktakeId;
    const scan = (barcode: string) =>
      api<{ known: boolean; status?: string; title?: string }>(`/library-stocktakes/${id}/scans`, {
        as: leader,
        body: { barcode },
      });
    expect((await scan(code(1))).body).toMatchObject({
      known: true,
      status: 'available',
      title: `Đất rừng phương Nam ${RUN}`,
    });
    expect((await scan(code(1))).body.known).toBe(true);
    expect((await scan(code(2))).body.status).toBe('on-loan');
    expect((await scan(`NOPE${RUN}`)).body.known).toBe(false);
    expect((await api<{ scanned: number }>(`/library-stocktakes/${id}`, { as: leader })).body.scanned).toBe(
      3,
    );
    expect(
      (await api(`/library-stocktakes/${id}/scans`, { as: 'librarian1', body: { barcode: code(3) } })).status,
    ).toBe(403);
    expect((await api(`/library-stocktakes/${id}/finish`, { as: leader, method: 'POST' })).status).toBe(202);
    const report = await until(async () => {
      const s = await api<{
        status: string;
        report?: Record<string, unknown> & { lists: Record<string, unknown[]> };
      }>(`/library-stocktakes/${id}`, { as: leader });
      return s.body.status === 'done' ? s.body.report : undefined;
    });
    expect(report.lists.onShelfButOut).toContain(code(2));
    expect(report.lists.unknown).toContain(`NOPE${RUN}`);
    // A copy on the shelf by the books that nobody scanned: missing.
    expect(report.lists.missing).toContainEqual(
      expect.objectContaining({ barcode: code(4), location: 'Kệ D9' }),
    );
    // Each missing copy is listed by its title's name and authors, for the librarian to look for.
    const missing = (report.lists.missing as { barcode: string; title: string; authors: string[] }[]).find(
      (c) => c.barcode === code(4),
    );
    expect(missing).toMatchObject({ title: `Đất rừng phương Nam ${RUN}`, authors: ['Đoàn Giỏi'] });
    expect(report.found as number).toBeGreaterThanOrEqual(1);
    expect((await scan(code(3))).status).toBe(409);
  });

  it('lends a copy to another school, step by step, with the trail', async () => {
    const asked = await api<{ requestId: string; status: string }>(
      '/org-units/THPT-TRANPHU/interlibrary-loans',
      {
        as: 'librarian1',
        body: { titleId, lenderSchoolId: SCHOOL, note: 'Cho câu lạc bộ đọc sách' },
      },
    );
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const id = asked.body.requestId;
    const step = (as: string, action: string, extra: Record<string, unknown> = {}) =>
      api<{ status: string; trail: { status: string }[] }>(`/interlibrary-loans/${id}/steps`, {
        as,
        body: { action, ...extra },
      });
    const incoming = await api<{ items: { requestId: string }[] }>(
      `/org-units/${SCHOOL}/interlibrary-loans?side=lender`,
      { as: leader },
    );
    expect(incoming.body.items.map((r) => r.requestId)).toContain(id);
    // Only the lending school accepts; a stranger does not see the request.
    expect((await step('librarian1', 'accept')).status).toBe(409);
    expect((await step('teacher2', 'accept')).status).toBe(403);
    expect((await step(leader, 'accept')).body.status).toBe('accepted');
    expect((await step(leader, 'ship', { barcode: code(2) })).status).toBe(409);
    expect((await step(leader, 'ship', { barcode: code(1) })).body.status).toBe('shipped');
    expect(await holding()).toEqual(expect.objectContaining({ copies: 4, available: 1 }));
    expect((await step('librarian1', 'receive')).body.status).toBe('received');
    expect((await step('librarian1', 'return')).body.status).toBe('returned');
    const closed = await step(leader, 'close');
    expect(closed.body.status).toBe('closed');
    expect(closed.body.trail.map((t) => t.status)).toEqual([
      'requested',
      'accepted',
      'shipped',
      'received',
      'returned',
      'closed',
    ]);
    expect(await holding()).toEqual(expect.objectContaining({ copies: 4, available: 2 }));
  });

  it('prints label sheets whose Code 128 and QR codes read back as the copies’ barcodes', async () => {
    const render = async (body: Record<string, unknown>) => {
      const asked = await api<{ jobId: string }>(`/org-units/${SCHOOL}/library-labels`, { as: leader, body });
      expect(asked.status, JSON.stringify(asked.body)).toBe(202);
      const done = await until(async () => {
        const job = await api<{ status: string; labels: number; downloadUrl?: string }>(
          `/library-label-jobs/${asked.body.jobId}`,
          { as: leader },
        );
        return job.body.status === 'pending' ? undefined : job.body;
      });
      expect(done.status).toBe('done');
      const dir = mkdtempSync(join(tmpdir(), 'labels-'));
      const file = join(dir, 'labels.pdf');
      writeFileSync(file, Buffer.from(await (await fetch(done.downloadUrl!)).arrayBuffer()));
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      execFileSync('pdftoppm', ['-r', '300', '-png', file, join(dir, 'page')]);
      const pages = readdirSync(dir).filter((f) => f.endsWith('.png'));
      // zbarimg exits 4 when a page has no code; the output is what it read.
      const read = pages.flatMap((p) => {
        try {
          return execFileSync('zbarimg', ['--quiet', join(dir, p)], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          })
            .trim()
            .split('\n');
        } catch (error) {
          return String((error as { stdout?: string }).stdout ?? '')
            .trim()
            .split('\n');
        }
      });
      return { labels: done.labels, text, read: read.filter(Boolean) };
    };
    // Every copy of the title, as Code 128 bars.
    const bars = await render({ titleId, code: 'code128' });
    expect(bars.labels).toBe(4);
    expect(bars.text).toContain(`Đất rừng phương Nam ${RUN}`);
    expect(bars.read.sort()).toEqual([1, 2, 3, 4].map((n) => `CODE-128:${code(n)}`).sort());
    // Chosen copies, as QR codes.
    const qr = await render({ barcodes: [code(2), code(4)], code: 'qr' });
    expect(qr.labels).toBe(2);
    expect(qr.read.sort()).toEqual([`QR-Code:${code(2)}`, `QR-Code:${code(4)}`].sort());
    // Another school's desk cannot print this school's labels.
    expect(
      (await api(`/org-units/${SCHOOL}/library-labels`, { as: 'librarian1', body: { titleId } })).status,
    ).toBe(403);
  });
});
