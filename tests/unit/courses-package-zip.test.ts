/**
 * Reading a package's zip (functions/courses/package-zip.ts) without AWS: zips made here with
 * JSZip, read with yauzl as the import worker reads them.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, inspectPackage } from '../../functions/courses/package-zip.ts';

const cmi5 = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://edu.example.gov.vn/courses/cds">
    <title><langstring lang="vi-VN">Chuyển đổi số</langstring></title>
  </course>
  <au id="https://edu.example.gov.vn/au/intro" moveOn="Completed">
    <title><langstring lang="vi-VN">Giới thiệu</langstring></title>
    <url>intro/index.html</url>
  </au>
</courseStructure>`;

async function zipOf(files: Record<string, string>) {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text, { createFolders: false });
  return Buffer.from(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

describe('a package zip', () => {
  it('lists a sound cmi5 package’s files, each readable', async () => {
    const result = await inspectPackage(
      await zipOf({ 'cmi5.xml': cmi5, 'intro/index.html': '<!doctype html><p>Xin chào</p>' }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.manifest).toMatchObject({ standard: 'cmi5', title: 'Chuyển đổi số' });
    expect(result.files.map((f) => f.path).sort()).toEqual(['cmi5.xml', 'intro/index.html']);
    const page = result.files.find((f) => f.path === 'intro/index.html')!;
    expect((await page.read()).toString('utf8')).toBe('<!doctype html><p>Xin chào</p>');
    expect(result.unpackedBytes).toBe(
      Buffer.byteLength(cmi5) + Buffer.byteLength('<!doctype html><p>Xin chào</p>'),
    );
    result.close();
  });

  it('names a path that climbs out of the package', async () => {
    const result = await inspectPackage(await zipOf({ 'cmi5.xml': cmi5, '../intro/index.html': 'x' }));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([
        expect.objectContaining({
          code: 'courses.package-unsafe-path',
          params: { path: '../intro/index.html' },
        }),
      ]);
  });

  it('refuses what is not a zip, and a launch file that is missing', async () => {
    const notZip = await inspectPackage(Buffer.from('PK? không phải'));
    expect(notZip.ok ? [] : notZip.problems.map((p) => p.code)).toEqual(['courses.package-not-zip']);
    const missing = await inspectPackage(await zipOf({ 'cmi5.xml': cmi5 }));
    expect(missing.ok ? [] : missing.problems.map((p) => p.code)).toEqual(['courses.package-file-missing']);
  });

  it('serves each file with the type its extension says', () => {
    expect(contentTypeOf('bai1/index.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('js/scorm.min.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('video/bai-giang.mp4')).toBe('video/mp4');
    expect(contentTypeOf('README')).toBe('application/octet-stream');
  });
});
