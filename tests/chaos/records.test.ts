/**
 * Signatures under chaos: teachers' plans approved by the group leader are signed by the signing
 * worker while a share of its DynamoDB, S3 and SQS calls fail. Each record ends with one signed
 * file that is the uploaded one signed once, and the public verification page agrees.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleLessonPlan } from '../../infra/local/sign-sample.ts';
import { call, putUpload, underChaos, waitFor } from '../support/chaos.ts';
import type { UploadLink } from '../support/cloud.ts';

const SCHOOL = 'THPT-TRANPHU';
const PLANS = 3;

interface Record_ {
  recordId: string;
  status: string;
  revision: number;
  signatures: { signatureId: string }[];
  files?: { version: number; sha256: string; signedUrl?: string }[];
}

describe('signatures under chaos', () => {
  it('signs every approved plan once, the file it was given', async () => {
    const file = await sampleLessonPlan();
    const sha256 = createHash('sha256').update(file).digest('hex');
    const base = 2100 + (Date.now() % 500) * 4;
    await underChaos(`records: ${PLANS} plans approved and signed`, async () => {
      const signed = await Promise.all(
        Array.from({ length: PLANS }, async (_, n) => {
          const created = await call<Record_>(`/org-units/${SCHOOL}/professional-records`, {
            as: 'teacher1',
            body: {
              kind: 'teacher-plan',
              schoolYear: `${base + n}-${base + n + 1}`,
              title: `Kế hoạch giáo dục – Toán ${n + 1}`,
              groupId: 'THPT-TRANPHU.TOAN',
              subject: 'toan',
              lessons: [{ lessonId: 'L1', title: 'Mệnh đề', week: 1, periods: 2 }],
            },
          });
          expect(created.status, JSON.stringify(created.body)).toBe(201);
          const link = await call<{
            version: number;
            upload: UploadLink;
          }>(`/professional-records/${created.body.recordId}/uploads`, {
            as: 'teacher1',
            body: { fileName: 'ke-hoach.pdf', contentType: 'application/pdf' },
          });
          expect(link.status, JSON.stringify(link.body)).toBe(201);
          await putUpload(link.body.upload, file);
          const submitted = await call<Record_>(`/professional-records/${created.body.recordId}/submit`, {
            as: 'teacher1',
            body: { version: link.body.version, expectedRevision: created.body.revision },
          });
          expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
          const approved = await call<Record_>(`/professional-records/${created.body.recordId}/decisions`, {
            as: 'groupleader1',
            body: { decision: 'approve', expectedRevision: submitted.body.revision },
          });
          expect(approved.status, JSON.stringify(approved.body)).toBe(200);
          expect(approved.body.signatures).toHaveLength(1);
          const done = await waitFor<Record_>(
            `/professional-records/${created.body.recordId}`,
            'teacher1',
            (r) => Boolean(r.files?.[0]?.signedUrl),
          );
          return { record: done, signatureId: approved.body.signatures[0]!.signatureId };
        }),
      );
      for (const { record, signatureId } of signed) {
        expect(record.status).toBe('approved');
        expect(record.signatures).toHaveLength(1);
        expect(record.files).toHaveLength(1);
        expect(record.files![0]!.sha256).toBe(sha256);
        const signedBytes = Buffer.from(await (await fetch(record.files![0]!.signedUrl!)).arrayBuffer());
        // Signed once: one signature dictionary in the PDF.
        expect(signedBytes.toString('latin1').match(/\/Type \/Sig\b/g)).toHaveLength(1);
        const verified = await waitFor<{ status: string; documentSha256: string; signedSha256: string }>(
          `/verify/${signatureId}`,
          'teacher1',
          (v) => v.status === 'signed',
        );
        expect(verified.documentSha256).toBe(sha256);
        expect(verified.signedSha256).toBe(createHash('sha256').update(signedBytes).digest('hex'));
      }
    });
  });
});
