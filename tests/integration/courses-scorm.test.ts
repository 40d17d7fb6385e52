/**
 * A SCORM unit in a module (functions/courses/learning.ts launch and commitRuntime) against the
 * local cloud: the Department puts an imported package's unit in an outline (an unknown unit or a
 * package not ready refused on its field); the portal's origin serves the unit's files under
 * /packages/ with the packages' own policy (and nothing outside a package); teacher1 launches it,
 * commits as scorm-again does, resumes where they left it, completes the unit — and with it the
 * module — by passing; a later failed attempt or an older commit does not undo it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, cloud, useCloudEnvironment } from '../support/cloud.ts';
import { imported, type Package, scorm12Manifest, zipOf } from '../support/packages.ts';

const run = Date.now() % 100000;
const DAY = 86_400_000;

interface Launch {
  seq?: number;
  standard: string;
  unitKind: string;
  launchUrl: string;
  learner?: { id: string; name: string };
  cmi?: { core?: Record<string, unknown>; suspend_data?: string };
  complete?: boolean;
  done: number;
  total: number;
}
interface Committed {
  complete: boolean;
  status: string;
  score?: number;
  done: number;
  total: number;
  moduleCompletedAt?: string;
}
interface Problem {
  detail: string;
  errors?: { field: string; message: string }[];
}

/** A commit as scorm-again's JSON format sends it (`cmi` of SCORM 1.2). */
const cmi12 = (core: Record<string, unknown>, suspend_data = '') => ({
  suspend_data,
  launch_data: '',
  comments: '',
  core: { student_id: 'teacher1', lesson_mode: 'normal', session_time: '00:01:10', ...core },
  objectives: {},
  interactions: {},
});

const deep = (levels: number): Record<string, unknown> => (levels === 0 ? {} : { a: deep(levels - 1) });

describe('a SCORM unit in a module', () => {
  let pkg: Package;
  let moduleId: string;
  let itemId: string;
  let unitPath: string;
  const commit = (body: unknown, as = 'teacher1') =>
    api<Committed & Problem>(`${unitPath}/runtime`, { as, method: 'PUT', body });
  const launch = async () => {
    const res = await api<Launch>(`${unitPath}/launch`, { as: 'teacher1', method: 'POST' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    useCloudEnvironment();
    pkg = await imported(
      await zipOf({
        'imsmanifest.xml': scorm12Manifest('bài 1/index.html'),
        'bài 1/index.html': '<!doctype html><title>Bài 1</title><script src="app.js"></script>',
        'bài 1/app.js': 'window.parent.API.LMSInitialize("");',
      }),
      'an-toan-giao-thong.zip',
    );
    expect(pkg.status).toBe('ready');
    const created = await api<{ moduleId: string; revision: number }>('/org-units/SGD/course-modules', {
      as: 'admin',
      body: {
        code: `SCORM-${run}`,
        title: 'An toàn giao thông trong nhà trường (tương tác)',
        programme: '03',
        periods: 5,
        opensAt: new Date(Date.now() - DAY).toISOString(),
        closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
        audience: { roles: ['teacher'], levels: ['04'], subjects: [] },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    moduleId = created.body.moduleId;
  }, 120_000);

  it('refuses a unit the package does not hold, and a package that is not ready, on their fields', async () => {
    const announced = await api<{ package: Package }>('/org-units/SGD/course-packages', {
      as: 'admin',
      body: { fileName: 'chua-tai-len.zip', size: 1000 },
    });
    const res = await api<Problem>(`/course-modules/${moduleId}/outline`, {
      as: 'admin',
      method: 'PUT',
      headers: { 'accept-language': 'vi-VN' },
      body: {
        expectedRevision: 1,
        chapters: [
          {
            title: 'Chương 1',
            items: [
              { kind: 'package', title: 'Bài 1', packageId: pkg.packageId, unitRef: 'KHONG-CO' },
              {
                kind: 'package',
                title: 'Bài 2',
                packageId: announced.body.package.packageId,
                unitRef: 'BAI1',
              },
            ],
          },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        field: 'chapters.0.items.0.unitRef',
        message: expect.stringContaining('Gói không có học phần này'),
      }),
      expect.objectContaining({
        field: 'chapters.0.items.1.packageId',
        message: expect.stringContaining('sẵn sàng'),
      }),
    ]);
    const unchanged = await api<{ revision: number; items: number }>(`/course-modules/${moduleId}`, {
      as: 'admin',
    });
    expect(unchanged.body).toMatchObject({ revision: 1, items: 0 });
  });

  it('puts the unit in the outline and launches it from the portal’s origin, for the enrolled', async () => {
    const saved = await api<{ revision: number; outline: { items: { itemId: string; launch: string }[] }[] }>(
      `/course-modules/${moduleId}/outline`,
      {
        as: 'admin',
        method: 'PUT',
        body: {
          expectedRevision: 1,
          chapters: [
            {
              title: 'Chương 1. Quy tắc đi đường',
              items: [
                { kind: 'package', title: 'Bài 1 (tương tác)', packageId: pkg.packageId, unitRef: 'BAI1' },
              ],
            },
          ],
        },
      },
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.outline[0]!.items[0]).toMatchObject({
      kind: 'package',
      standard: 'scorm12',
      launch: 'bài 1/index.html',
      unitKind: 'sco',
    });
    itemId = saved.body.outline[0]!.items[0]!.itemId;
    unitPath = `/me/courses/${moduleId}/items/${itemId}`;
    const published = await api(`/course-modules/${moduleId}/publish`, {
      as: 'admin',
      body: { expectedRevision: saved.body.revision },
    });
    expect(published.status).toBe(200);

    // Not enrolled yet: no launch; outside the audience (a pupil): nothing at all.
    expect((await api(`${unitPath}/launch`, { as: 'teacher1', method: 'POST' })).status).toBe(409);
    expect([403, 404]).toContain(
      (await api(`${unitPath}/launch`, { as: 'student2', method: 'POST' })).status,
    );
    expect((await api(`/me/courses/${moduleId}/enrolment`, { as: 'teacher1', method: 'POST' })).status).toBe(
      200,
    );

    const first = await launch();
    expect(first).toMatchObject({
      standard: 'scorm12',
      unitKind: 'sco',
      launchUrl: `/packages/${pkg.packageId}/b%C3%A0i%201/index.html`,
      learner: { id: 'teacher1' },
      cmi: { core: { entry: '' } },
      complete: false,
      done: 0,
      total: 1,
    });
    expect(first.learner!.name).toMatch(/\p{L}+ \p{L}+/u);

    // The unit's files, as CloudFront serves them from materials: framed by the portal only.
    const page = await fetch(`${cloud().apiUrl}${first.launchUrl}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await page.text()).toContain('<title>Bài 1</title>');
    const script = await fetch(`${cloud().apiUrl}/packages/${pkg.packageId}/b%C3%A0i%201/app.js`);
    expect(await script.text()).toContain('LMSInitialize');
    for (const outside of [
      `/packages/${pkg.packageId}/khong-co.html`,
      `/packages/${pkg.packageId}/..%2F..%2Fimports%2Fx`,
      `/packages/${pkg.packageId}/bai%5c..%5c..%5cx`,
    ])
      expect((await fetch(`${cloud().apiUrl}${outside}`)).status, outside).toBe(404);
  });

  it('keeps what the unit saved and resumes there; passing completes the unit and the module', async () => {
    const left = await commit({
      cmi: cmi12({ lesson_status: 'incomplete', lesson_location: 'trang-2', exit: 'suspend' }, 'da-xem=1,2'),
      seq: 10,
    });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(left.body).toMatchObject({ complete: false, status: 'incomplete', done: 0, total: 1 });

    const again = await launch();
    expect(again.cmi).toEqual({
      core: { lesson_location: 'trang-2', lesson_status: 'incomplete', entry: 'resume' },
      suspend_data: 'da-xem=1,2',
    });

    const failed = await commit({
      cmi: cmi12({ lesson_status: 'failed', score: { raw: '40', min: '0', max: '100' } }, 'da-xem=1,2,3'),
      seq: 20,
    });
    expect(failed.body).toMatchObject({ complete: false, status: 'failed', score: 0.4 });

    const passed = await commit({
      cmi: cmi12({ lesson_status: 'passed', score: { raw: '85', min: '0', max: '100' } }, 'da-xem=1,2,3'),
      seq: 30,
    });
    expect(passed.body).toMatchObject({ complete: true, status: 'passed', score: 0.85, done: 1, total: 1 });
    expect(passed.body.moduleCompletedAt).toBeTruthy();

    // A later attempt that fails keeps the unit completed.
    const retaken = await commit({ cmi: cmi12({ lesson_status: 'failed' }), seq: 40 });
    expect(retaken.body).toMatchObject({ complete: true, status: 'failed', done: 1 });
    const home = await api<{ enrolment: { completedAt?: string } }>(`/me/courses/${moduleId}`, {
      as: 'teacher1',
    });
    expect(home.body.enrolment.completedAt).toBe(passed.body.moduleCompletedAt);
  });

  it('keeps the newest of two commits arriving together or out of order', async () => {
    // The page's last commit (keepalive) overtakes the one still in flight: both are answered.
    const [older, newer] = await Promise.all([
      commit({ cmi: cmi12({ lesson_location: 'trang-3', exit: 'suspend' }), seq: 50 }),
      commit({ cmi: cmi12({ lesson_location: 'trang-4', exit: 'suspend' }), seq: 60 }),
    ]);
    expect([older.status, newer.status]).toEqual([200, 200]);
    const late = await commit({ cmi: cmi12({ lesson_location: 'trang-1' }), seq: 55 });
    expect(late.status).toBe(200);
    const next = await launch();
    expect(next.cmi?.core).toMatchObject({ lesson_location: 'trang-4', entry: 'resume' });
    // The runtime numbers its commits above the one kept (a device whose clock is behind counts).
    expect(next.seq).toBe(60);
  });

  it('refuses runtime data too large, a commit to another kind of item, or by someone not enrolled', async () => {
    const large = await commit({ cmi: cmi12({}, 'x'.repeat(100_000)), seq: 70 });
    expect(large.status).toBe(400);
    expect(large.body.errors?.map((e) => e.field)).toEqual(['cmi']);
    expect([403, 404]).toContain((await commit({ cmi: cmi12({}), seq: 80 }, 'student2')).status);
    // What DynamoDB could not keep as sent is a 400 on the field, not a 500.
    for (const cmi of [{ ...cmi12({}), n: 2 ** 60 }, { ...cmi12({}), '': 1 }, deep(20)]) {
      const unstorable = await commit({ cmi, seq: 90 });
      expect(unstorable.status, JSON.stringify(cmi).slice(0, 60)).toBe(400);
      expect(unstorable.body.errors?.map((e) => e.field)).toEqual(['cmi']);
    }
    const noSeq = await commit({ cmi: cmi12({}) });
    expect(noSeq.status).toBe(400);
    expect(noSeq.body.errors?.map((e) => e.field)).toEqual(['seq']);
    const video = await api<Problem>(`/me/courses/${moduleId}/items/${itemId}/watched`, {
      as: 'teacher1',
      body: { stretches: [], position: 0 },
    });
    expect(video.status).toBe(400);
  });
});
