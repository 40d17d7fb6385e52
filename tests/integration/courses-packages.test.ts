/**
 * SCORM and cmi5 packages (functions/courses/packages.ts, workers/import-course-package.ts)
 * against the local cloud: the Department announces a zip, uploads it through the form (S3
 * refuses another size), and the worker checks and unpacks it — a sound SCORM 1.2 package's files
 * under the package's prefix (a Vietnamese file name kept), its units recorded; a zip-slip entry,
 * a missing launch file, a file that is not a zip are refused with the reason in the reader's
 * language, and nothing of them is written.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../shared/storage/s3.ts';
import { api, cloud, type UploadLink, useCloudEnvironment } from '../support/cloud.ts';
import { imported, scorm12Manifest, zipOf } from '../support/packages.ts';

const keysOf = async (packageId: string) =>
  (
    (
      await s3().send(
        new ListObjectsV2Command({
          Bucket: cloud().env.BUCKET_MATERIALS,
          Prefix: `packages/${packageId}/`,
        }),
      )
    ).Contents ?? []
  ).map((o) => o.Key!.slice(`packages/${packageId}/`.length));

describe('SCORM and cmi5 packages', () => {
  beforeAll(() => {
    useCloudEnvironment();
  });

  it('unpacks a sound SCORM 1.2 package and records its units', async () => {
    const p = await imported(
      await zipOf({
        'imsmanifest.xml': scorm12Manifest('bai1/index.html'),
        'bai1/index.html': '<!doctype html><title>Bài 1</title><script src="app.js"></script>',
        'bai1/app.js': 'window.parent;',
        'tài liệu/Quy tắc đi đường.txt': 'Đi bên phải theo chiều đi của mình.',
      }),
    );
    expect(p).toMatchObject({
      status: 'ready',
      standard: 'scorm12',
      title: 'An toàn giao thông trong nhà trường',
      files: 4,
      units: [{ id: 'BAI1', title: 'Bài 1. Quy tắc đi đường', launch: 'bai1/index.html', kind: 'sco' }],
    });
    expect((await keysOf(p.packageId)).sort()).toEqual([
      'bai1/app.js',
      'bai1/index.html',
      'imsmanifest.xml',
      'tài liệu/Quy tắc đi đường.txt',
    ]);
  });

  it('refuses a zip-slip entry and writes nothing of the package', async () => {
    const p = await imported(
      await zipOf({
        'imsmanifest.xml': scorm12Manifest('index.html'),
        'index.html': '<!doctype html>',
        '../../portal/index.html': '<script>alert(1)</script>',
      }),
    );
    expect(p.status).toBe('rejected');
    expect(p.problems?.[0]?.code).toBe('courses.package-unsafe-path');
    expect(p.problems?.[0]?.message).toContain('nằm ngoài thư mục của gói');
    expect(await keysOf(p.packageId)).toEqual([]);
  });

  it('refuses a package whose manifest launches a file it does not hold', async () => {
    const p = await imported(
      await zipOf({ 'imsmanifest.xml': scorm12Manifest('bai1/index.html'), 'index.html': '<!doctype html>' }),
    );
    expect(p.status).toBe('rejected');
    expect(p.problems?.map((x) => x.code)).toEqual(['courses.package-file-missing']);
    expect(await keysOf(p.packageId)).toEqual([]);
  });

  it('refuses a file that is not a zip, and a zip without a manifest', async () => {
    const notZip = await imported(new TextEncoder().encode('Đây không phải tệp nén, chỉ là văn bản.'));
    expect(notZip.problems?.map((x) => x.code)).toEqual(['courses.package-not-zip']);
    const bare = await imported(await zipOf({ 'index.html': '<!doctype html>' }));
    expect(bare.problems?.map((x) => x.code)).toEqual(['courses.package-no-manifest']);
  });

  it('takes only the size announced, and only a .zip from the Department', async () => {
    // S3 refuses another size or type by the form's signed policy (the local S3 does not check
    // policies: the conditions are what is checked here).
    const announced = await api<{ upload: UploadLink }>('/org-units/SGD/course-packages', {
      as: 'admin',
      body: { fileName: 'goi.zip', size: 4321 },
    });
    const policy = JSON.parse(
      Buffer.from(announced.body.upload.fields.Policy!, 'base64').toString('utf8'),
    ) as {
      conditions: unknown[];
    };
    expect(policy.conditions).toContainEqual(['content-length-range', 4321, 4321]);
    expect(policy.conditions).toContainEqual({ 'Content-Type': 'application/zip' });
    const notZip = await api<{ errors: { field: string }[] }>('/org-units/SGD/course-packages', {
      as: 'admin',
      body: { fileName: 'goi.rar', size: 100 },
    });
    expect(notZip.status).toBe(400);
    expect(notZip.body.errors.map((e) => e.field)).toEqual(['fileName']);
    const school = await api('/org-units/THPT-TRANPHU/course-packages', {
      as: 'principal1',
      body: { fileName: 'goi.zip', size: 100 },
    });
    expect([403, 404]).toContain(school.status);
  });
});
