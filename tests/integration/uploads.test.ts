/**
 * Files are what was checked: uploads go through presigned POST forms whose policy bounds the
 * key, the type and the size; a file put around the form (straight through the SDK, as a bypass
 * would) is refused by the worker from its size before it is read; the signer signs only bytes
 * whose SHA-256 is the one recorded at submit.
 *
 * What the local cloud cannot show: s3rver stores a POST without checking its policy and keeps no
 * versions, so here the policy is checked as the API hands it out (S3 enforces it in AWS), and an
 * overwrite after submit is caught by the hash (in AWS the signer reads the recorded version, so
 * the overwrite does not even reach it).
 */
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRecordEntities } from '../../functions/records/entities.ts';
import { fileKey, signedKey } from '../../functions/records/messages.ts';
import { sampleLessonPlan } from '../../infra/local/sign-sample.ts';
import { documentClient } from '../../shared/db/client.ts';
import { api, cloud, postUpload, type UploadLink, until, useCloudEnvironment } from '../support/cloud.ts';
import { mp4Bytes, sha256Of, uploadFile } from '../support/resources.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MB = 1024 * 1024;
const RUN = Date.now().toString(36).toUpperCase();

interface Policy {
  expiration: string;
  conditions: unknown[];
}
const policyOf = (upload: UploadLink) =>
  JSON.parse(Buffer.from(upload.fields.Policy!, 'base64').toString('utf8')) as Policy;

interface OrgUnitImport {
  importId: string;
  status: 'awaiting-upload' | 'done' | 'failed';
  imported?: number;
  errors?: { row: number; column?: string; message: string }[];
  upload: UploadLink;
}

let s3: S3Client;
beforeAll(() => {
  s3 = new S3Client({
    endpoint: cloud().endpoints.s3,
    forcePathStyle: true,
    region: cloud().env.AWS_REGION,
    credentials: {
      accessKeyId: cloud().env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: cloud().env.AWS_SECRET_ACCESS_KEY!,
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
});

/** Writes straight to a key of an upload link, around its form: what a bypass would do. */
const putAround = (upload: UploadLink, body: Uint8Array, contentType: string) =>
  s3.send(
    new PutObjectCommand({
      Bucket: upload.fields.bucket,
      Key: upload.fields.key,
      Body: body,
      ContentType: contentType,
    }),
  );

const requestOrgUnitImport = async () => {
  const requested = await api<OrgUnitImport>('/org-units/P-HONGBANG/imports', {
    as: 'commune1.admin',
    method: 'POST',
  });
  expect(requested.status, JSON.stringify(requested.body)).toBe(201);
  return requested.body;
};

const finishedImport = (importId: string) =>
  until(async () => {
    const res = await api<OrgUnitImport>(`/org-unit-imports/${importId}`, { as: 'commune1.admin' });
    return res.body.status === 'awaiting-upload' ? undefined : res.body;
  }, 60_000);

describe('an import upload', () => {
  it('is a POST form whose signed policy fixes the key, the exact type and 1 byte to the sheet limit', async () => {
    const { upload } = await requestOrgUnitImport();
    expect(upload.method).toBe('POST');
    expect(upload.maxBytes).toBe(5 * MB);
    expect(upload.fields['Content-Type']).toBe(XLSX);
    expect(upload.fields.key).toMatch(/^imports\/org-units\/.+\.xlsx$/);
    expect(upload.url.endsWith(`/${upload.fields.bucket}`)).toBe(true);
    const policy = policyOf(upload);
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 5 * MB]);
    expect(policy.conditions).toContainEqual({ 'Content-Type': XLSX });
    expect(policy.conditions).toContainEqual({ key: upload.fields.key });
    expect(policy.conditions).toContainEqual({ bucket: upload.fields.bucket });
    // Signed now, for the link's lifetime (10 minutes for org-unit sheets).
    const expires = Date.parse(policy.expiration) - Date.now();
    expect(expires).toBeGreaterThan(8 * 60_000);
    expect(expires).toBeLessThanOrEqual(10 * 60_000);
    expect(upload.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sent as the portal sends it (fields first, file last) is imported', async () => {
    const job = await requestOrgUnitImport();
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Đơn vị');
    ws.addRow(['Mã định danh', 'Mã đơn vị', 'Tên đơn vị', 'Loại đơn vị', 'Mã định danh đơn vị cấp trên']);
    ws.addRow([`MN-UP-${RUN}`, `3199${RUN}`, 'Trường Mầm non Hoa Sen', 'Trường', 'P-HONGBANG']);
    const posted = await postUpload(job.upload, new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(posted.status).toBe(204);
    expect(await finishedImport(job.importId)).toMatchObject({ status: 'done', imported: 1 });
  });

  it('put around the form over the limit is refused by the worker, unread, with a clear error', async () => {
    const job = await requestOrgUnitImport();
    await putAround(job.upload, new Uint8Array(6 * MB), XLSX);
    const result = await finishedImport(job.importId);
    expect(result.status).toBe('failed');
    expect(result.imported).toBeUndefined();
    expect(result.errors).toEqual([
      {
        row: 1,
        code: 'job.too-large',
        params: { size: { vi: '6 MB', en: '6 MB' }, limit: { vi: '5 MB', en: '5 MB' } },
        message: 'The file (6 MB) is over the limit of 5 MB: it was not read',
      },
    ]);
    const inVietnamese = await api<OrgUnitImport>(`/org-unit-imports/${job.importId}`, {
      as: 'commune1.admin',
      headers: { 'accept-language': 'vi' },
    });
    expect(inVietnamese.body.errors?.[0]?.message).toBe('Tệp 6 MB vượt giới hạn 5 MB: tệp không được đọc');
  });
});

describe('a repository upload', () => {
  const createVideo = async () => {
    const created = await api<{ resourceId: string }>('/org-units/THPT-TRANPHU/resources', {
      as: 'teacher1',
      body: {
        kind: 'video',
        title: `Video kiểm tra tải lên ${RUN}`,
        creators: ['Nguyễn Thị Lan'],
        licence: 'open',
        curriculum: [{ subject: 'toan', grade: 10, lessonId: 'TOAN10-B21' }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.resourceId;
  };

  it('is a POST form for exactly the announced size, and the checked file opens', async () => {
    const resourceId = await createVideo();
    const video = mp4Bytes(8192);
    const version = await uploadFile(resourceId, 'teacher1', {
      fileName: 'bai-giang.mp4',
      contentType: 'video/mp4',
      bytes: video,
    });
    expect(version.status).toBe('ready');
    const opened = await api<{ url: string }>(`/resources/${resourceId}/content?version=${version.version}`, {
      as: 'teacher1',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const bytes = new Uint8Array(await (await fetch(opened.body.url)).arrayBuffer());
    expect(sha256Of(bytes)).toBe(sha256Of(video));
  });

  it('put around the form at another size than announced is refused unread and deleted', async () => {
    const resourceId = await createVideo();
    const announced = mp4Bytes(4096);
    const link = await api<{ version: { version: number }; upload: UploadLink }>(
      `/resources/${resourceId}/uploads`,
      {
        as: 'teacher1',
        body: {
          fileName: 'bai-giang.mp4',
          contentType: 'video/mp4',
          size: 4096,
          sha256: sha256Of(announced),
        },
      },
    );
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    expect(policyOf(link.body.upload).conditions).toContainEqual(['content-length-range', 4096, 4096]);
    await putAround(link.body.upload, mp4Bytes(2 * MB), 'video/mp4');
    const checked = await until(async () => {
      const versions = await api<{ items: { version: number; status: string; problem?: string }[] }>(
        `/resources/${resourceId}/versions`,
        { as: 'teacher1' },
      );
      const v = versions.body.items.find((x) => x.version === link.body.version.version);
      return v && v.status !== 'uploading' ? v : undefined;
    });
    expect(checked).toMatchObject({
      status: 'rejected',
      problem: 'The file has 2,097,152 bytes, not the 4,096 bytes announced: it was not read',
      problemCode: 'repository.size-differs-unread',
    });
    // The author's portal reads it in Vietnamese.
    const vi = await api<{ items: { version: number; problem?: string }[] }>(
      `/resources/${resourceId}/versions`,
      { as: 'teacher1', headers: { 'accept-language': 'vi' } },
    );
    expect(vi.body.items.find((x) => x.version === link.body.version.version)?.problem).toBe(
      'Kích thước 2.097.152 byte khác với 4.096 byte đã khai báo: tệp không được đọc',
    );
    await expect(
      s3.send(
        new HeadObjectCommand({ Bucket: link.body.upload.fields.bucket, Key: link.body.upload.fields.key }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});

describe('the records signer', () => {
  it('refuses a file whose bytes are no longer those submitted, and signs nothing', async () => {
    useCloudEnvironment();
    const year = 2090 + (Date.now() % 9);
    const created = await api<{ recordId: string; revision: number }>(
      '/org-units/THPT-TRANPHU/professional-records',
      {
        as: 'teacher1',
        body: {
          kind: 'teacher-plan',
          schoolYear: `${year}-${year + 1}`,
          title: `Kế hoạch giáo dục – kiểm tra chữ ký ${RUN}`,
          groupId: 'THPT-TRANPHU.TOAN',
          subject: 'toan',
          lessons: [{ lessonId: 'L1', title: 'Mệnh đề', week: 1, periods: 2 }],
        },
      },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { recordId } = created.body;
    const link = await api<{ version: number; upload: UploadLink }>(
      `/professional-records/${recordId}/uploads`,
      {
        as: 'teacher1',
        body: { fileName: 'ke-hoach.pdf', contentType: 'application/pdf' },
      },
    );
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    expect(policyOf(link.body.upload).conditions).toContainEqual(['content-length-range', 1, 20 * MB]);
    const posted = await postUpload(
      link.body.upload,
      new Blob([new Uint8Array(await sampleLessonPlan())], { type: 'application/pdf' }),
    );
    expect(posted.status).toBe(204);
    const submitted = await api<{ revision: number }>(`/professional-records/${recordId}/submit`, {
      as: 'teacher1',
      body: { version: link.body.version, expectedRevision: created.body.revision },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    // After submit, other bytes over the same key (the local S3 keeps no versions).
    const other = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2048), Buffer.from('\n%%EOF\n')]);
    await s3.send(
      new PutObjectCommand({
        Bucket: cloud().env.BUCKET_DOCUMENTS,
        Key: fileKey(recordId, link.body.version),
        Body: other,
        ContentType: 'application/pdf',
      }),
    );

    const approved = await api<{ signatures: { signatureId: string }[] }>(
      `/professional-records/${recordId}/decisions`,
      { as: 'groupleader1', body: { decision: 'approve', expectedRevision: submitted.body.revision } },
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const signatureId = approved.body.signatures[0]!.signatureId;
    const verified = await until(async () => {
      const res = await api<{ status: string }>(`/verify/${signatureId}`);
      return res.body.status === 'pending' ? undefined : res.body;
    }, 60_000);
    expect(verified.status).toBe('failed');
    const entities = makeRecordEntities({ client: documentClient(), table: cloud().env.TABLE_NAME! });
    const { data: signature } = await entities.recordSignature.get({ signatureId }).go();
    expect(signature).toMatchObject({
      status: 'failed',
      error: `The file of version ${link.body.version} is no longer the file submitted (its SHA-256 differs from the one recorded then): not signed`,
      errorCode: 'records.file-changed',
      errorParams: { version: link.body.version },
    });
    // The public verification page says why, in the reader's language.
    expect(verified).toMatchObject({ errorCode: 'records.file-changed', error: signature?.error });
    const inVietnamese = await api<{ error: string }>(`/verify/${signatureId}`, {
      headers: { 'accept-language': 'vi' },
    });
    expect(inVietnamese.body.error).toBe(
      `Tệp của phiên bản ${link.body.version} không còn đúng tệp đã nộp (SHA-256 khác với lúc nộp): không ký`,
    );
    expect(signature?.cms).toBeUndefined();
    expect(signature?.signedSha256).toBeUndefined();
    await expect(
      s3.send(
        new HeadObjectCommand({
          Bucket: cloud().env.BUCKET_DOCUMENTS,
          Key: signedKey(recordId, link.body.version),
        }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});
