/**
 * Learning a BDTX module (functions/courses/learning.ts) against the local cloud: the Department
 * gives a module an outline of repository materials (checked, nothing written on a refusal);
 * teacher1 enrols, watches the video — a jump to the end is not credited, only what the server's
 * clock allows — opens the document, and the module is complete; the share done follows the
 * outline; people outside the module's audience find nothing.
 */
import { get } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedMediaUrl } from '../../shared/storage/media-links.ts';
import { api, cloud, useCloudEnvironment } from '../support/cloud.ts';
import { mp4Bytes, preparedResource } from '../support/resources.ts';

const run = Date.now() % 100000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Item {
  itemId: string;
  kind: string;
  title: string;
  complete: boolean;
  covered?: number;
  position?: number;
}
interface Module {
  moduleId: string;
  revision: number;
  items: number;
  outline?: { chapterId: string; title: string; items: Item[] }[];
}
interface Home {
  module: Module;
  enrolment?: { enrolledAt: string; completedAt?: string };
  rating: { count: number; average: number };
  done: number;
  total: number;
  share: number;
  chapters: { title: string; items: Item[] }[];
}
interface Problem {
  detail: string;
  errors?: { field: string; message: string }[];
}

const createModule = async (code: string, opensAt: number, levels = ['04']) => {
  const res = await api<Module>('/org-units/SGD/course-modules', {
    as: 'admin',
    body: {
      code: `${code}-${run}`,
      title: 'Ứng dụng công nghệ số trong dạy học',
      programme: '03',
      periods: 10,
      opensAt: iso(opensAt),
      closesAt: iso(opensAt + 40 * DAY),
      audience: { roles: ['teacher'], levels, subjects: [] },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const saveOutline = (m: Pick<Module, 'moduleId' | 'revision'>, chapters: unknown[]) =>
  api<Module & Problem>(`/course-modules/${m.moduleId}/outline`, {
    as: 'admin',
    method: 'PUT',
    body: { chapters, expectedRevision: m.revision },
  });
const publish = async (m: Pick<Module, 'moduleId' | 'revision'>) => {
  const res = await api<Module>(`/course-modules/${m.moduleId}/publish`, {
    as: 'admin',
    body: { expectedRevision: m.revision },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const home = async (moduleId: string, as = 'teacher1') => {
  const res = await api<Home>(`/me/courses/${moduleId}`, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const watch = (moduleId: string, itemId: string, stretches: number[][], position = 0) =>
  api<{ covered: number; complete: boolean; dropped: number; done: number; total: number } & Problem>(
    `/me/courses/${moduleId}/items/${itemId}/watched`,
    { as: 'teacher1', body: { stretches, position } },
  );

describe('learning a module', () => {
  let video: string;
  const videoBytes = mp4Bytes(8192);
  let schoolOnly: string;
  let module: Module;
  let videoItem: Item;
  let documentItem: Item;
  // A published open document of the demo repository (a PDF).
  const document = '00000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    video = await preparedResource(
      'teacher1',
      'THPT-TRANPHU',
      { kind: 'video', title: 'Bài giảng: học liệu số', licence: 'city' },
      'published',
      'commune2.admin',
      { fileName: 'bai-giang.mp4', contentType: 'video/mp4', bytes: videoBytes },
    );
    schoolOnly = await preparedResource(
      'teacher1',
      'THPT-TRANPHU',
      { title: 'Tài liệu nội bộ', licence: 'school' },
      'published',
      'principal1',
    );
    module = await createModule('HOC', Date.now() - DAY);
  }, 120_000);

  it('refuses an outline it could not play, writing nothing', async () => {
    const res = await saveOutline(module, [
      {
        title: 'Chương 1',
        items: [
          { kind: 'video', title: 'Không thời lượng', resourceId: video },
          { kind: 'video', title: 'Tài liệu, không phải video', resourceId: document, durationSeconds: 60 },
          { kind: 'document', title: 'Chỉ của một trường', resourceId: schoolOnly },
          { kind: 'document', title: 'Không có', resourceId: 'ffffffff-ffff-4fff-bfff-ffffffffffff' },
        ],
      },
      { title: 'Chương trống', items: [] },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors?.map((e) => e.field).sort()).toEqual([
      'chapters.0.items.0.durationSeconds',
      'chapters.0.items.1.resourceId',
      'chapters.0.items.2.resourceId',
      'chapters.0.items.3.resourceId',
      'chapters.1.items',
    ]);
    const after = await api<Module>(`/course-modules/${module.moduleId}`, { as: 'admin' });
    expect(after.body.revision).toBe(module.revision);
    expect(after.body.outline).toEqual([]);
  });

  it('saves chapters of repository materials, with ids that stay', async () => {
    const res = await saveOutline(module, [
      {
        title: 'Chương 1. Học liệu số',
        items: [
          { kind: 'video', title: 'Bài giảng', resourceId: video, durationSeconds: 10 },
          { kind: 'document', title: 'Tài liệu đọc', resourceId: document },
        ],
      },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items).toBe(2);
    const chapter = res.body.outline![0]!;
    [videoItem, documentItem] = chapter.items as [Item, Item];
    expect(videoItem).toMatchObject({ kind: 'video', fileName: 'bai-giang.mp4', contentType: 'video/mp4' });
    // Renamed, reordered: the ids are kept.
    const again = await saveOutline(res.body, [
      {
        chapterId: chapter.chapterId,
        title: 'Chương 1. Học liệu số trong dạy học',
        items: [
          { itemId: documentItem.itemId, kind: 'document', title: 'Tài liệu đọc', resourceId: document },
          {
            itemId: videoItem.itemId,
            kind: 'video',
            title: 'Bài giảng',
            resourceId: video,
            durationSeconds: 10,
          },
        ],
      },
    ]);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.outline![0]!.items.map((i) => i.itemId)).toEqual([
      documentItem.itemId,
      videoItem.itemId,
    ]);
    const unknown = await saveOutline(again.body, [
      {
        title: 'Chương 1',
        items: [
          {
            itemId: 'ffffffff-ffff-4fff-bfff-ffffffffffff',
            kind: 'document',
            title: 'x',
            resourceId: document,
          },
        ],
      },
    ]);
    expect(unknown.status).toBe(400);
    module = await publish(again.body);
  });

  it('hides the module from people outside its audience, and refuses learning before enrolment', async () => {
    for (const as of ['student2', 'citizen1']) {
      const res = await api(`/me/courses/${module.moduleId}`, { as });
      expect([403, 404]).toContain(res.status);
    }
    const preschool = await createModule('MN', Date.now() - DAY, ['01']);
    await publish(preschool);
    expect((await api(`/me/courses/${preschool.moduleId}`, { as: 'teacher1' })).status).toBe(404);
    expect((await watch(module.moduleId, videoItem.itemId, [])).status).toBe(409);
    const before = await home(module.moduleId);
    expect(before.enrolment).toBeUndefined();
    expect(before).toMatchObject({ done: 0, total: 2, share: 0 });
  });

  it('refuses enrolment before the module opens', async () => {
    const later = await createModule('SAU', Date.now() + 5 * DAY);
    const withOutline = await saveOutline(later, [
      { title: 'Chương 1', items: [{ kind: 'document', title: 'Đọc', resourceId: document }] },
    ]);
    await publish(withOutline.body);
    const res = await api<Problem>(`/me/courses/${later.moduleId}/enrolment`, {
      as: 'teacher1',
      method: 'POST',
      headers: { 'accept-language': 'vi-VN' },
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('Mô-đun chưa mở.');
  });

  it('credits only the video the clock allows: a jump to the end does not complete it', async () => {
    const enrolled = await api<{ enrolledAt: string }>(`/me/courses/${module.moduleId}/enrolment`, {
      as: 'teacher1',
      method: 'POST',
    });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
    const twice = await api<{ enrolledAt: string }>(`/me/courses/${module.moduleId}/enrolment`, {
      as: 'teacher1',
      method: 'POST',
    });
    expect(twice.body.enrolledAt).toBe(enrolled.body.enrolledAt);

    // Play starts (the clock starts), then a seek to the end reports the whole video at once.
    expect((await watch(module.moduleId, videoItem.itemId, [], 0)).status).toBe(200);
    const jump = await watch(module.moduleId, videoItem.itemId, [[0, 10]], 10);
    expect(jump.status, JSON.stringify(jump.body)).toBe(200);
    expect(jump.body).toMatchObject({ covered: 0, complete: false, dropped: 1, done: 0 });

    await sleep(2100);
    const first = await watch(module.moduleId, videoItem.itemId, [[0, 5]], 5);
    expect(first.body).toMatchObject({ covered: 5, complete: false, dropped: 0 });
    await sleep(2100);
    const second = await watch(module.moduleId, videoItem.itemId, [[5, 10]], 10);
    expect(second.body).toMatchObject({ covered: 10, complete: true, done: 1, total: 2 });

    const now = await home(module.moduleId);
    expect(now.share).toBe(0.5);
    const item = now.chapters[0]!.items.find((i) => i.itemId === videoItem.itemId)!;
    expect(item).toMatchObject({ complete: true, covered: 10, position: 10 });
    expect(now.enrolment?.completedAt).toBeUndefined();
  });

  it('serves the video through the portal’s signed path, by ranges, and nothing else it is not signed for', async () => {
    const opened = await api<{ url: string; contentType: string; expiresInSeconds: number; done: number }>(
      `/me/courses/${module.moduleId}/items/${videoItem.itemId}/open`,
      { as: 'teacher1', method: 'POST' },
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ contentType: 'video/mp4', expiresInSeconds: 300 });
    const link = new URL(opened.body.url);
    // The portal's own origin (CloudFront's /resources/* behaviour), not the bucket's.
    expect(link.origin).toBe(new URL(cloud().apiUrl).origin);
    expect(link.pathname).toMatch(new RegExp(`^/resources/${video}/v1/`));
    expect(link.searchParams.get('Hash-Algorithm')).toBe('SHA256');
    const expires = Number(link.searchParams.get('Expires'));
    expect(expires * 1000 - Date.now()).toBeGreaterThan(250_000);
    expect(expires * 1000 - Date.now()).toBeLessThanOrEqual(301_000);

    const part = await fetch(link, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/8192');
    expect(Buffer.from(await part.arrayBuffer()).equals(videoBytes.subarray(100, 200))).toBe(true);
    expect(part.headers.get('content-security-policy')).toContain('sandbox');
    expect(part.headers.get('x-content-type-options')).toBe('nosniff');
    const whole = await fetch(link);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(videoBytes)).toBe(true);

    // The signature covers the path and the time: another file (the demo lecture, which its own
    // link reads), or a longer life, is refused.
    useCloudEnvironment();
    const demoLecture = 'resources/demo/bai-giang-mau.mp4';
    expect(
      (await fetch(await signedMediaUrl(demoLecture, 300), { headers: { range: 'bytes=0-7' } })).status,
    ).toBe(206);
    const other = new URL(link);
    other.pathname = `/${demoLecture}`;
    expect((await fetch(other)).status).toBe(403);
    // A path that resolves elsewhere is not read, whatever its signature.
    // (sent raw: fetch would resolve the dots before sending)
    const raw = await new Promise<number>((resolve, reject) =>
      get(
        { host: link.hostname, port: link.port, path: `/resources/x/../../exams/a.pdf${link.search}` },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      ).on('error', reject),
    );
    expect(raw).toBe(403);
    const longer = new URL(link);
    longer.searchParams.set('Expires', String(expires + 3600));
    expect((await fetch(longer)).status).toBe(403);
    // A link that has expired (signed with the platform's own key ten minutes ago).
    const key = decodeURIComponent(link.pathname.slice(1));
    const stale = await signedMediaUrl(key, 300, undefined, Date.now() - 600_000);
    expect((await fetch(stale)).status).toBe(403);
    const fresh = await signedMediaUrl(key, 300);
    expect((await fetch(fresh, { headers: { range: 'bytes=0-7' } })).status).toBe(206);
    // Without a signature nothing is served.
    expect((await fetch(`${link.origin}${link.pathname}`)).status).toBe(403);
    // Opening the (watched) video completes nothing more: the document is still to open.
    expect(opened.body.done).toBe(1);
  });

  it('completes the document on opening it, and with it the module', async () => {
    const opened = await api<{ url: string; contentType: string; done: number; total: number }>(
      `/me/courses/${module.moduleId}/items/${documentItem.itemId}/open`,
      { as: 'teacher1', method: 'POST' },
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ contentType: 'application/pdf', done: 2, total: 2 });
    const file = await fetch(opened.body.url, { headers: { range: 'bytes=0-3' } });
    expect(file.status).toBe(206);
    expect(await file.text()).toBe('%PDF');
    const done = await home(module.moduleId);
    expect(done.share).toBe(1);
    expect(done.enrolment?.completedAt).toBeTruthy();

    const year = new Date(Date.now() - DAY + 7 * 3600_000).getUTCFullYear();
    const mine = await api<{ items: { moduleId: string; share: number; completedAt?: string }[] }>(
      `/me/courses?year=${year}`,
      { as: 'teacher1' },
    );
    expect(mine.body.items.find((e) => e.moduleId === module.moduleId)).toMatchObject({ share: 1 });
  });

  it('takes one rating per learner, changed at will, counted once; a moderator hides a comment', async () => {
    interface Rating {
      ratingId: string;
      fullName: string;
      stars: number;
      comment?: string;
      hidden: boolean;
    }
    const rate = (stars: number, comment?: string) =>
      api<Rating>(`/me/courses/${module.moduleId}/rating`, {
        as: 'teacher1',
        method: 'PUT',
        body: { stars, ...(comment ? { comment } : {}) },
      });
    expect((await rate(4, 'Bài giảng rõ ràng, ví dụ gần gũi.')).status).toBe(200);
    const again = await rate(2, 'Video hơi ngắn.');
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await home(module.moduleId)).rating).toEqual({ count: 1, average: 2 });
    expect((await rate(6)).status).toBe(400);

    const listed = await api<{ count: number; average: number; mine?: Rating; items: Rating[] }>(
      `/course-modules/${module.moduleId}/ratings`,
      { as: 'teacher1' },
    );
    expect(listed.body).toMatchObject({
      count: 1,
      average: 2,
      mine: { stars: 2, comment: 'Video hơi ngắn.' },
    });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ stars: 2, comment: 'Video hơi ngắn.', hidden: false }),
    ]);

    const hide = (as: string) =>
      api<Rating>(`/module-ratings/${again.body.ratingId}/hide`, {
        as,
        body: { reason: 'Nhận xét không liên quan đến nội dung' },
      });
    expect([403, 404]).toContain((await hide('teacher1')).status);
    const hidden = await hide('admin');
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(200);
    expect(hidden.body).toMatchObject({ hidden: true, stars: 2 });
    expect(hidden.body.comment).toBeUndefined();
    expect((await hide('admin')).status).toBe(409);
    const after = await api<{ count: number; items: Rating[] }>(
      `/course-modules/${module.moduleId}/ratings`,
      {
        as: 'teacher1',
      },
    );
    expect(after.body.count).toBe(1);
    expect(after.body.items[0]).toMatchObject({ hidden: true });
    expect(after.body.items[0]!.comment).toBeUndefined();
    // Outside the module's audience it does not exist.
    expect([403, 404]).toContain(
      (await api(`/course-modules/${module.moduleId}/ratings`, { as: 'student2' })).status,
    );
  });

  it('keeps progress when an item is added, the share following the outline', async () => {
    const m = (await api<Module>(`/course-modules/${module.moduleId}`, { as: 'admin' })).body;
    const chapter = m.outline![0]!;
    const res = await saveOutline(m, [
      {
        chapterId: chapter.chapterId,
        title: chapter.title,
        items: chapter.items.map((i) => ({
          itemId: i.itemId,
          kind: i.kind,
          title: i.title,
          resourceId: (i as unknown as { resourceId: string }).resourceId,
          ...(i.kind === 'video' ? { durationSeconds: 10 } : {}),
        })),
      },
      { title: 'Chương 2', items: [{ kind: 'document', title: 'Đọc thêm', resourceId: document }] },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await home(module.moduleId);
    expect(after).toMatchObject({ done: 2, total: 3 });
    // At once, though the API read the module for the reports a moment ago: the new item opens.
    const added = after.chapters[1]!.items[0]!;
    const opened = await api<{ done: number; total: number }>(
      `/me/courses/${module.moduleId}/items/${added.itemId}/open`,
      { as: 'teacher1', method: 'POST' },
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ done: 3, total: 3 });
  });

  it('counts the periods of completed modules against the plan, and names the ones falling behind', async () => {
    const year = new Date(Date.now() - DAY + 7 * 3600_000).getUTCFullYear();
    interface Mine {
      earned: { '01': number; total: number };
      completedModuleIds: string[];
      behind: string[];
    }
    const mine = async () => (await api<Mine>(`/me/bdtx-plans/${year}`, { as: 'teacher1' })).body;
    const school = async () =>
      (
        await api<{ items: { accountId: string; earned: number; behind: number }[] }>(
          `/org-units/THPT-TRANPHU/bdtx-plans?year=${year}`,
          { as: 'principal1' },
        )
      ).body.items.find((i) => i.accountId === 'teacher1')!;
    const given = async (code: string, programme: string, closesInDays: number) => {
      const res = await api<Module>('/org-units/SGD/course-modules', {
        as: 'admin',
        body: {
          code: `${code}-${run}`,
          title: `Mô-đun giao ${code}`,
          programme,
          periods: 7,
          opensAt: iso(Date.now() - DAY),
          closesAt: iso(Date.now() + closesInDays * DAY),
          audience: { roles: ['teacher'], levels: ['04'], subjects: [] },
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const outlined = await saveOutline(res.body, [
        { title: 'Chương 1', items: [{ kind: 'document', title: 'Đọc', resourceId: document }] },
      ]);
      return publish(outlined.body);
    };
    const before = await mine();
    const beforeSchool = await school();
    const done = await given('GIAO-XONG', '01', 30);
    const soon = await given('GIAO-GAP', '02', 5);
    await api(`/me/courses/${done.moduleId}/enrolment`, { as: 'teacher1', method: 'POST' });
    const item = (await home(done.moduleId)).chapters[0]!.items[0]!;
    const opened = await api(`/me/courses/${done.moduleId}/items/${item.itemId}/open`, {
      as: 'teacher1',
      method: 'POST',
    });
    expect(opened.status).toBe(200);

    const after = await mine();
    expect(after.completedModuleIds).toContain(done.moduleId);
    expect(after.earned['01'] - before.earned['01']).toBe(7);
    expect(after.earned.total - before.earned.total).toBe(7);
    // Closing in 5 days and not completed: behind. Completed: not.
    expect(after.behind).toContain(soon.moduleId);
    expect(after.behind).not.toContain(done.moduleId);
    const listed = await school();
    expect(listed.earned - beforeSchool.earned).toBe(7);
    expect(listed.behind - beforeSchool.behind).toBe(1);
  });
});
