/**
 * Learning resources for tests: files whose first bytes are those of their type, and a resource
 * taken through the API to the state a test needs (uploaded and checked, submitted).
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { api, postUpload, type UploadLink, until } from './cloud.ts';

/** An MP4-looking file (an ISO media `ftyp` box, then noise) of `size` bytes. */
export const mp4Bytes = (size = 4096) =>
  Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), randomBytes(size - 12)]);

export const pdfBytes = () =>
  Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(1024), Buffer.from('\n%%EOF\n')]);

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Version {
  version: number;
  status: string;
  problem?: string;
}

/** Announces a file, POSTs it to the upload link, and waits for the check; returns the version. */
export async function uploadFile(
  resourceId: string,
  as: string,
  file: { fileName: string; contentType: string; bytes: Buffer; sha256?: string },
): Promise<Version> {
  const link = await api<{ version: Version; upload: UploadLink }>(`/resources/${resourceId}/uploads`, {
    as,
    body: {
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.bytes.length,
      sha256: file.sha256 ?? sha256Of(file.bytes),
    },
  });
  expect(link.status, JSON.stringify(link.body)).toBe(201);
  const put = await postUpload(link.body.upload, new Uint8Array(file.bytes));
  expect(put.status).toBeLessThan(300);
  const version = link.body.version.version;
  return until(async () => {
    const versions = await api<{ items: Version[] }>(`/resources/${resourceId}/versions`, { as });
    const v = versions.body.items.find((x) => x.version === version);
    return v && v.status !== 'uploading' ? v : undefined;
  });
}

/** A resource of `unit` by `as`, with a checked file (a PDF unless told), in state draft, submitted or published. */
export async function preparedResource(
  as: string,
  unit: string,
  meta: Record<string, unknown>,
  state: 'draft' | 'submitted' | 'published',
  /** Who approves it when it is to be published (the reviewer its licence names). */
  reviewer?: string,
  file = { fileName: 'tai-lieu.pdf', contentType: 'application/pdf', bytes: pdfBytes() },
): Promise<string> {
  const created = await api<{ resourceId: string }>(`/org-units/${unit}/resources`, {
    as,
    body: { kind: 'document', creators: ['Nguyễn Thị Lan'], licence: 'open', ...meta },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { resourceId } = created.body;
  const v = await uploadFile(resourceId, as, file);
  expect(v.status, v.problem).toBe('ready');
  if (state !== 'draft') {
    const submitted = await api(`/resources/${resourceId}/submit`, { as, method: 'POST' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  }
  if (state === 'published') {
    const approved = await api(`/resources/${resourceId}/review`, {
      as: reviewer!,
      body: { decision: 'approve' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  }
  return resourceId;
}
