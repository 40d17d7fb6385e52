/**
 * The learning repository's story over HTTP (issue 9's "done when"): a teacher's lesson video is
 * uploaded (checked against its SHA-256), sent for review, returned, approved by the commune;
 * then the public search finds it typed without diacritics, the coverage of its lesson moves,
 * an OAI-PMH harvest returns it, and it plays through a short-lived link with range requests.
 * Withdrawn, it leaves the search and coverage and stays in OAI-PMH as a deleted record.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRepositoryEntities } from '../../functions/repository/entities.ts';
import { demoResourceId } from '../../infra/local/demo-repository.ts';
import { documentClient } from '../../shared/db/client.ts';
import { api, cloud, until, useCloudEnvironment } from '../support/cloud.ts';
import { mp4Bytes, pdfBytes, preparedResource, sha256Of, uploadFile } from '../support/resources.ts';

const RUN = Date.now() % 100_000;
const SCHOOL = 'THPT-TRANPHU';

interface Resource {
  resourceId: string;
  state: string;
  reviewUnitId: string;
  latestVersion: number;
  revision: number;
}
interface Coverage {
  grades: { subject: string; grade: number; lessons: number; covered: number }[];
  subjects: { subject: string; share: number }[];
  share: number;
}

const toan10 = async () => {
  const c = await api<Coverage>('/library/coverage');
  expect(c.status).toBe(200);
  return c.body.grades.find((g) => g.subject === 'toan' && g.grade === 10)!;
};
const search = async (q: string) =>
  (await api<{ items: { titleId: string; type: string }[] }>(`/library/search?q=${encodeURIComponent(q)}`))
    .body.items;
const oai = async (query: string) => {
  const res = await api<string>(`/oai?${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/xml');
  return res.body;
};

describe('the learning repository', () => {
  let resourceId: string;
  let coveredBefore: number;
  const video = mp4Bytes(64 * 1024);
  const title = `Video bài giảng Đường tròn trong mặt phẳng tọa độ ${RUN}`;

  beforeAll(async () => {
    // The demo's published resources are seeded in the background: coverage settles once they are in.
    // Alone this takes about a minute; beside the whole integration suite on two cores, longer.
    await until(
      async () => ((await api(`/library/resources/${demoResourceId(0)}`)).status === 200 ? true : undefined),
      240_000,
    );
    // …and their syncs: the demo covers lessons 1–20 of Toán 10.
    coveredBefore = (
      await until(async () => {
        const t = await toan10();
        return t.covered >= 20 ? t : undefined;
      }, 60_000)
    ).covered;
  }, 320_000);

  it('starts a resource and refuses files that do not fit its kind', async () => {
    const created = await api<Resource>(`/org-units/${SCHOOL}/resources`, {
      as: 'teacher1',
      body: {
        kind: 'video',
        title,
        creators: ['Nguyễn Thị Lan'],
        description: 'Phương trình đường tròn, tiếp tuyến của đường tròn.',
        subjects: ['Hình học'],
        licence: 'open',
        // Lesson 21 of Toán 10: the demo covers lessons 1–20.
        curriculum: [{ subject: 'toan', grade: 10, lessonId: 'TOAN10-B21' }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ state: 'draft', latestVersion: 0, reviewUnitId: 'P-NGOQUYEN' });
    resourceId = created.body.resourceId;

    const wrongType = await api<{ errors: { field: string }[] }>(`/resources/${resourceId}/uploads`, {
      as: 'teacher1',
      body: { fileName: 'bai.pdf', contentType: 'application/pdf', size: 1000, sha256: sha256Of(video) },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.headers.get('content-type')).toContain('application/problem+json');
    expect(wrongType.body.errors.map((e) => e.field)).toContain('contentType');
    const tooBig = await api<{ errors: { field: string }[] }>(`/resources/${resourceId}/uploads`, {
      as: 'teacher1',
      body: { fileName: 'bai.mp4', contentType: 'video/mp4', size: 3 * 1024 ** 3, sha256: sha256Of(video) },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors.map((e) => e.field)).toContain('size');
    // Somebody else's resource: not theirs to upload to.
    expect(
      (
        await api(`/resources/${resourceId}/uploads`, {
          as: 'groupleader1',
          body: { fileName: 'a.mp4', contentType: 'video/mp4', size: 10, sha256: sha256Of(video) },
        })
      ).status,
    ).toBe(403);
  });

  it('checks each upload against its announcement: a corrupted file is rejected and deleted', async () => {
    const corrupted = await uploadFile(resourceId, 'teacher1', {
      fileName: 'bai-giang.mp4',
      contentType: 'video/mp4',
      bytes: video,
      sha256: sha256Of(Buffer.from('something else')),
    });
    expect(corrupted.status).toBe('rejected');
    expect(corrupted.problem).toContain('SHA-256');
    const disguised = await uploadFile(resourceId, 'teacher1', {
      fileName: 'bai-giang.mp4',
      contentType: 'video/mp4',
      bytes: pdfBytes(),
    });
    expect(disguised.status).toBe('rejected');
    const good = await uploadFile(resourceId, 'teacher1', {
      fileName: 'bai-giang.mp4',
      contentType: 'video/mp4',
      bytes: video,
    });
    expect(good.status, good.problem).toBe('ready');
    const r = await api<Resource>(`/resources/${resourceId}`, { as: 'teacher1' });
    expect(r.body.latestVersion).toBe(good.version);
  });

  it('is reviewed at the commune: returned with a reason, then approved — never by its author', async () => {
    const submitted = await api<Resource>(`/resources/${resourceId}/submit`, {
      as: 'teacher1',
      method: 'POST',
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.state).toBe('submitted');
    const queue = await api<{ items: Resource[] }>('/org-units/P-NGOQUYEN/resource-reviews', {
      as: 'commune2.admin',
    });
    expect(queue.body.items.map((r) => r.resourceId)).toContain(resourceId);
    // The school's leader reviews school-only resources; an open one goes to the commune.
    expect(
      (await api(`/resources/${resourceId}/review`, { as: 'principal1', body: { decision: 'approve' } }))
        .status,
    ).toBe(403);
    expect(
      (await api(`/resources/${resourceId}/review`, { as: 'commune1.admin', body: { decision: 'approve' } }))
        .status,
    ).toBe(403);
    expect(
      (await api(`/resources/${resourceId}/review`, { as: 'teacher1', body: { decision: 'approve' } }))
        .status,
    ).toBe(403);
    const noReason = await api(`/resources/${resourceId}/review`, {
      as: 'commune2.admin',
      body: { decision: 'return' },
    });
    expect(noReason.status).toBe(400);
    const returned = await api<Resource>(`/resources/${resourceId}/review`, {
      as: 'commune2.admin',
      body: { decision: 'return', comment: 'Bổ sung phần tiếp tuyến' },
    });
    expect(returned.body.state).toBe('returned');
    // Not public while under review.
    expect((await api(`/library/resources/${resourceId}`)).status).toBe(404);
    expect((await api(`/resources/${resourceId}/submit`, { as: 'teacher1', method: 'POST' })).status).toBe(
      200,
    );
    const approved = await api<Resource & { published: { version: number } }>(
      `/resources/${resourceId}/review`,
      {
        as: 'commune2.admin',
        body: { decision: 'approve' },
      },
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.state).toBe('published');
  });

  it('is found by a search typed without diacritics, and plays through a short-lived link with range requests', async () => {
    const hit = await until(async () => {
      const items = await search(`duong tron mat phang toa do ${RUN}`);
      return items.find((i) => i.titleId === `res-${resourceId}`);
    });
    expect(hit.type).toBe('video');
    const page = await api<{ access: string; dublinCore: Record<string, string[]> }>(
      `/library/resources/${resourceId}`,
    );
    expect(page.status).toBe(200);
    expect(page.body.access).toBe('open');
    expect(page.body.dublinCore.type).toEqual(['MovingImage']);
    const link = await api<{ url: string; expiresInSeconds: number }>(
      `/library/resources/${resourceId}/content`,
    );
    expect(link.status).toBe(200);
    expect(link.body.expiresInSeconds).toBeLessThanOrEqual(300);
    const part = await fetch(link.body.url, { headers: { range: 'bytes=4-11' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('ftypmp42');
  });

  it('moves the coverage of its lesson', async () => {
    const after = await until(async () => {
      const t = await toan10();
      return t.covered > coveredBefore ? t : undefined;
    });
    expect(after.covered).toBe(coveredBefore + 1);
    expect(after.lessons).toBe(27);
  });

  it('lists a subject and grade’s lessons in teaching order: Bài 2 before Bài 10', async () => {
    const lessons = await api<{ items: { lessonId: string; title: string }[] }>(
      '/curriculum/toan/10/lessons',
    );
    expect(lessons.status).toBe(200);
    const numbers = lessons.body.items.map((l) => Number(/^Bài (\d+)\./.exec(l.title)?.[1]));
    expect(numbers).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
  });

  it('is harvested over OAI-PMH (ListRecords, GetRecord) with Dublin Core', async () => {
    const identifier = `oai:haiphong.edu.vn:${resourceId}`;
    const records = await until(async () => {
      const xml = await oai('verb=ListRecords&metadataPrefix=oai_dc&set=subject.toan');
      return xml.includes(identifier) ? xml : undefined;
    });
    expect(records).toContain('<dc:title>');
    expect(records).toContain(title);
    expect(records).toContain('<dc:type>MovingImage</dc:type>');
    const one = await oai(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifier)}`,
    );
    expect(one).toContain(`<identifier>${identifier}</identifier>`);
    expect(one).toContain('<setSpec>kind.video</setSpec>');
    const identify = await oai('verb=Identify');
    expect(identify).toContain('<protocolVersion>2.0</protocolVersion>');
    expect(identify).toContain('<deletedRecord>persistent</deletedRecord>');
    expect(await oai('verb=Harvest')).toContain('code="badVerb"');
    expect(await oai('verb=ListRecords')).toContain('code="badArgument"');
    expect(await oai('verb=ListRecords&metadataPrefix=marc21')).toContain('code="cannotDisseminateFormat"');
    expect(await oai('verb=ListRecords&metadataPrefix=oai_dc&from=2001-01-01&until=2001-12-31')).toContain(
      'code="noRecordsMatch"',
    );
    // POST with a form body works the same.
    const posted = await api<string>('/oai', {
      method: 'POST',
      body: `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifier)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.body).toContain(title);
  });

  it('when withdrawn, leaves the search and the coverage, and stays in OAI-PMH as deleted', async () => {
    const withdrawn = await api<Resource>(`/resources/${resourceId}/withdraw`, {
      as: 'teacher1',
      body: { reason: 'Sẽ thay bằng bản quay lại' },
    });
    expect(withdrawn.body.state).toBe('withdrawn');
    expect((await api(`/library/resources/${resourceId}`)).status).toBe(404);
    await until(async () => ((await toan10()).covered === coveredBefore ? true : undefined));
    await until(async () =>
      (await search(`duong tron mat phang toa do ${RUN}`)).some((i) => i.titleId === `res-${resourceId}`)
        ? undefined
        : true,
    );
    const deleted = await until(async () => {
      const xml = await oai(
        `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(`oai:haiphong.edu.vn:${resourceId}`)}`,
      );
      return xml.includes('status="deleted"') ? xml : undefined;
    });
    expect(deleted).not.toContain('<dc:title>');
  });

  it('keeps school-only resources to the school: reviewed by its leaders, opened by its people only', async () => {
    const id = await preparedResource(
      'teacher1',
      SCHOOL,
      { title: `Đề cương ôn tập nội bộ ${RUN}`, licence: 'school' },
      'submitted',
    );
    const r = await api<Resource>(`/resources/${id}`, { as: 'teacher1' });
    expect(r.body.reviewUnitId).toBe(SCHOOL);
    const approved = await api<Resource>(`/resources/${id}/review`, {
      as: 'principal1',
      body: { decision: 'approve' },
    });
    expect(approved.body.state).toBe('published');
    expect((await api(`/resources/${id}/content`, { as: 'student1' })).status).toBe(200);
    expect((await api(`/resources/${id}/content`, { as: 'student2' })).status).toBe(403);
    expect((await api(`/resources/${id}/content`, { as: 'citizen1' })).status).toBe(403);
    expect((await api(`/library/resources/${id}`)).status).toBe(404);
    expect((await api(`/resources/${id}`, { as: 'student1' })).status).toBe(403);
  });

  it('pages a long harvest with resumption tokens until an empty one', async () => {
    useCloudEnvironment();
    const entities = makeRepositoryEntities({ client: documentClient(), table: cloud().env.TABLE_NAME! });
    // 150 entries dated in 2020 (a year nothing else is dated in) in the audio set.
    const ids = Array.from({ length: 150 }, (_, i) => `run${RUN}-${String(i).padStart(3, '0')}`);
    await entities.oaiEntry
      .put(
        ids.map((resourceId, i) => ({
          setSpec: 'kind.audio',
          stamp: `2020-03-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00Z`,
          resourceId,
          sets: ['kind.audio'],
          deleted: false,
        })),
      )
      .go();
    const seen: string[] = [];
    let xml = await oai(
      'verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind.audio&from=2020-01-01&until=2020-12-31',
    );
    let pages = 1;
    for (;;) {
      seen.push(
        ...[...xml.matchAll(/<identifier>oai:haiphong\.edu\.vn:([^<]+)<\/identifier>/g)].map((m) => m[1]!),
      );
      const token = /<resumptionToken[^>]*>([^<]*)<\/resumptionToken>/.exec(xml)?.[1];
      if (!token) break;
      xml = await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`);
      pages++;
    }
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id.startsWith(`run${RUN}-`)).sort()).toEqual(ids);
    // The last page says the list is complete with an empty token.
    expect(xml).toMatch(/<resumptionToken cursor="100"><\/resumptionToken>/);
  });
});
