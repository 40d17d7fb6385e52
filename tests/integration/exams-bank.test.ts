/**
 * The question bank and papers through the API: review by someone other than the author, versions
 * kept, personal questions private, papers built from a blueprint into variants whose candidate
 * copies carry no keys.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { api, cloud, postUpload, type UploadLink } from '../support/cloud.ts';

const SCHOOL = 'THPT-TRANPHU';
const subject = `Vật lí ${Date.now() % 100000}`;

const base = { scope: 'school', subject, grade: 11, level: 'recognition' };
const single = (n: number) => ({
  ...base,
  topic: 'Dao động',
  stem: `Câu ${n}: chu kì của con lắc đơn phụ thuộc vào đại lượng nào?`,
  question: {
    type: 'single',
    options: ['A', 'B', 'C', 'D'].map((id) => ({ id, text: `Phương án ${id}` })),
    correct: 'C',
    points: 0.25,
  },
});
const trueFalse = {
  ...base,
  topic: 'Sóng',
  stem: 'Xét các mệnh đề về sóng cơ:',
  question: {
    type: 'true-false-group',
    statements: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: `Mệnh đề ${id}` })),
    correct: { a: true, b: false, c: true, d: true },
    points: 1,
  },
};

interface Question {
  questionId: string;
  version: number;
  status: string;
}

async function create(body: unknown, as = 'teacher1') {
  const res = await api<Question>(`/org-units/${SCHOOL}/questions`, { as, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function approve(q: Question, as = 'groupleader1') {
  const res = await api<Question>(`/questions/${q.questionId}/review`, {
    as,
    body: { expectedVersion: q.version, decision: 'approve' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('question bank and papers', () => {
  it('reviews, versions and keeps personal questions private', async () => {
    const q = await create(single(1));
    expect(q).toMatchObject({ status: 'submitted', version: 1 });
    // The author may not approve their own question (groupleader1 holds both roles).
    const own = await create(single(2), 'groupleader1');
    const self = await api(`/questions/${own.questionId}/review`, {
      as: 'groupleader1',
      body: { expectedVersion: 1, decision: 'approve' },
    });
    expect(self.status).toBe(409);
    // A teacher may not review at all; a bad key never enters the bank.
    expect(
      (
        await api(`/questions/${q.questionId}/review`, {
          as: 'teacher1',
          body: { expectedVersion: 1, decision: 'approve' },
        })
      ).status,
    ).toBe(403);
    const badKey = await api(`/org-units/${SCHOOL}/questions`, {
      as: 'teacher1',
      body: { ...single(3), question: { ...single(3).question, correct: 'E' } },
    });
    expect(badKey.status).toBe(400);

    const approved = await approve(q);
    const edited = await api<Question>(`/questions/${q.questionId}`, {
      as: 'teacher1',
      method: 'PUT',
      body: {
        ...single(1),
        scope: undefined,
        stem: 'Câu 1 (sửa): chu kì con lắc đơn?',
        expectedVersion: approved.version,
      },
    });
    expect(edited.body).toMatchObject({ version: 2, status: 'submitted' });

    const personal = await create({ ...single(4), scope: 'personal' });
    expect(personal.status).toBe('approved');
    expect((await api(`/questions/${personal.questionId}`, { as: 'principal1' })).status).toBe(404);
  });

  it('builds variants that satisfy the blueprint, with candidate copies free of keys', async () => {
    for (let n = 10; n < 14; n++) await approve(await create(single(n)));
    for (let n = 0; n < 2; n++) await approve(await create(trueFalse));
    const blueprint = [
      { topic: 'Dao động', level: 'recognition', count: 2 },
      { topic: 'Sóng', level: 'recognition', count: 1 },
    ];
    const paper = await api<{
      paperId: string;
      maxPoints: number;
      variants: { variant: number; questions: { questionId: string }[] }[];
    }>(`/org-units/${SCHOOL}/exam-papers`, {
      as: 'teacher1',
      body: { title: 'Kiểm tra 15 phút', subject, grade: 11, blueprint, variants: 2 },
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(201);
    expect(paper.body.maxPoints).toBe(1.5);
    expect(paper.body.variants.map((v) => v.questions.length)).toEqual([3, 3]);

    const s3 = new S3Client({
      endpoint: cloud().endpoints.s3,
      forcePathStyle: true,
      region: cloud().env.AWS_REGION,
      credentials: {
        accessKeyId: cloud().env.AWS_ACCESS_KEY_ID!,
        secretAccessKey: cloud().env.AWS_SECRET_ACCESS_KEY!,
      },
    });
    const copy = await s3.send(
      new GetObjectCommand({
        Bucket: cloud().env.BUCKET_MATERIALS,
        Key: `exams/papers/${paper.body.paperId}/variant-1.json`,
      }),
    );
    const text = await copy.Body!.transformToString();
    expect(JSON.parse(text).questions).toHaveLength(3);
    expect(text).not.toContain('"correct"');

    const short = await api<{ title: string; detail: string; shortfalls: unknown[] }>(
      `/org-units/${SCHOOL}/exam-papers`,
      {
        as: 'teacher1',
        headers: { 'accept-language': 'vi' },
        body: {
          title: 'Thiếu câu',
          subject,
          grade: 11,
          blueprint: [{ topic: 'Điện', level: 'application', count: 3 }],
          variants: 1,
        },
      },
    );
    expect(short.status).toBe(422);
    expect(short.body.shortfalls).toHaveLength(1);
    // Said in Vietnamese for the portal, the level by its Vietnamese name.
    expect(short.body.title).toBe('Ngân hàng câu hỏi không đủ câu cho ma trận đề');
    expect(short.body.detail).toMatch(
      /^Ngân hàng chưa đủ câu hỏi đã duyệt cho ma trận đề: Điện × Vận dụng: cần 3 câu, có \d+ câu đã duyệt$/,
    );
  });

  it('takes images only of its own unit, uploaded and not too large', async () => {
    const requested = await api<{ key: string; upload: UploadLink }>(`/org-units/${SCHOOL}/question-media`, {
      as: 'teacher1',
      body: { contentType: 'image/png' },
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    expect(requested.body.key).toMatch(new RegExp(`^exams/media/${SCHOOL}/`));
    const withMedia = (media: string[]) =>
      api<Question & { media?: string[] }>(`/org-units/${SCHOOL}/questions`, {
        as: 'teacher1',
        body: { ...single(90), media },
      });
    const early = await withMedia([requested.body.key]);
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toContain('media.0');
    // A tiny PNG (the signature and an IHDR chunk are enough for the type check here).
    const png = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);
    const put = await postUpload(requested.body.upload, png);
    expect(put.status).toBe(204);
    const created = await withMedia([requested.body.key]);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await withMedia(['exams/media/THPT-KHAC/x.png'])).status).toBe(400);
  });

  it('shares a personal question with the school, and an approved one with the Department', async () => {
    const personal = await create({ ...single(91), scope: 'personal' });
    expect(personal.status).toBe('approved');
    const shared = await api<Question & { scope: string }>(`/questions/${personal.questionId}/share`, {
      as: 'teacher1',
      body: { to: 'school', expectedVersion: 1 },
    });
    expect(shared.body).toMatchObject({ scope: 'school', status: 'submitted' });
    const approved = await approve(shared.body);
    const proposed = await api<Question & { ownerUnitId: string; scope: string }>(
      `/questions/${approved.questionId}/share`,
      { as: 'teacher1', body: { to: 'department', expectedVersion: approved.version } },
    );
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    expect(proposed.body).toMatchObject({ ownerUnitId: 'SGD', scope: 'department', status: 'submitted' });
    expect(proposed.body.questionId).not.toBe(approved.questionId);
    const twice = await api(`/questions/${approved.questionId}/share`, {
      as: 'teacher1',
      body: { to: 'department', expectedVersion: approved.version },
    });
    expect(twice.status).toBe(409);
    // The Department's reviewers decide; the school's cannot.
    expect(
      (
        await api(`/questions/${proposed.body.questionId}/review`, {
          as: 'principal1',
          body: { expectedVersion: 1, decision: 'approve' },
        })
      ).status,
    ).toBe(403);
  });
});
