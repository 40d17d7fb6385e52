/** SCORM packages for the tests: a manifest, a zip of files, a zip imported through the API. */
import JSZip from 'jszip';
import { expect } from 'vitest';
import { api, postUpload, type UploadLink, until } from './cloud.ts';

export interface Package {
  packageId: string;
  status: string;
  standard?: string;
  title?: string;
  units?: { id: string; title: string; launch: string; kind: string }[];
  files?: number;
  problems?: { code: string; message: string }[];
}

export const scorm12Manifest = (launch: string) => `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="ATGT-01" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>An toàn giao thông trong nhà trường</title>
      <item identifier="BAI1" identifierref="RES1"><title>Bài 1. Quy tắc đi đường</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES1" type="webcontent" adlcp:scormtype="sco" href="${launch}">
      <file href="${launch}"/>
    </resource>
  </resources>
</manifest>`;

export async function zipOf(files: Record<string, string>) {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text, { createFolders: false });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Announces, uploads and waits for the worker: the package as it ends. */
export async function imported(bytes: Uint8Array, fileName = 'goi-scorm.zip') {
  const announced = await api<{ package: Package; upload: UploadLink }>('/org-units/SGD/course-packages', {
    as: 'admin',
    body: { fileName, size: bytes.length },
  });
  expect(announced.status, JSON.stringify(announced.body)).toBe(201);
  const put = await postUpload(announced.body.upload, bytes);
  expect(put.status).toBeLessThan(300);
  return until(async () => {
    const res = await api<Package>(`/course-packages/${announced.body.package.packageId}`, {
      as: 'admin',
      headers: { 'accept-language': 'vi-VN' },
    });
    return res.body.status === 'uploading' ? undefined : res.body;
  }, 60_000);
}
