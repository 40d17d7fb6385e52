/**
 * Completion certificates: a learner who completed a module asks for theirs, once. The request
 * writes the certificate, its pending signature in the platform's registry (with what it attests,
 * for the public page) and its verification code in one transaction, then a worker makes the PDF
 * and signs it in the issuing unit's name (workers/issue-course-certificate.ts).
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { authEntities } from '#shared/auth/store.ts';
import { conflict } from '#shared/http/problem.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { type Attestation, writeWithNewCode } from '#shared/signing/registry.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import { storedFailure } from '#shared/text/texts.ts';
import type { ModuleItem } from './catalogue.ts';
import {
  type CertificateFacts,
  certificateLines,
  certificateTitle,
  tenPointScore,
} from './domain/certificate.ts';
import { outlineItems } from './domain/outline.ts';
import { coursesText } from './domain/texts.ts';
import { type CourseEntities, courseEntities } from './entities.ts';
import type { EnrolmentItem } from './learning.ts';
import { CERTIFICATES_QUEUE, certificateKey, certificateMessage } from './messages.ts';

export interface CertificateItem extends CertificateFacts {
  accountId: string;
  moduleId: string;
  certificateId: string;
  year: number;
  unitId: string;
  signatureId: string;
  code: string;
  status: 'pending' | 'signed' | 'failed';
  requestedAt: string;
  signedAt?: string;
  error?: string;
  errorCode?: string;
  errorParams?: Record<string, unknown>;
}

/** What the public verification page shows of a certificate. */
export const attestationOf = (c: CertificateFacts & { moduleCode: string }): Attestation => ({
  kind: 'course-certificate',
  title: certificateTitle(c.moduleCode),
  holder: c.holderName,
  issuer: c.unitName,
  facts: certificateLines(c),
});

/** The file name a learner's browser saves the certificate as. */
const fileNameOf = (c: CertificateItem) => `chung-nhan-${c.moduleCode}.pdf`;

export function makeCertificates(entities: () => CourseEntities = courseEntities) {
  const get = async (accountId: string, moduleId: string) => {
    const { data } = await entities().courseCertificate.get({ accountId, moduleId }).go();
    return (data as CertificateItem | null) ?? undefined;
  };

  /** The test's score on the 10-point scale, when the module has a test (kept with its progress). */
  async function testScoreOf(m: ModuleItem, accountId: string) {
    const test = outlineItems(m.outline).find((i) => i.kind === 'test');
    if (!test) return undefined;
    const { data } = await entities()
      .itemProgress.get({ accountId, moduleId: m.moduleId, itemId: test.itemId })
      .go({ attributes: ['score'] });
    const score = (data as { score?: number } | null)?.score;
    return score === undefined ? undefined : tenPointScore(score, 1);
  }

  const queue = (c: Pick<CertificateItem, 'accountId' | 'moduleId'>) =>
    sendMessage(CERTIFICATES_QUEUE, certificateMessage, { accountId: c.accountId, moduleId: c.moduleId });

  /**
   * Asked for again: a pending certificate is queued again (its message may have been lost; the
   * worker makes a certificate once), a failed one goes back to pending with its signature first.
   */
  async function again(c: CertificateItem): Promise<CertificateItem> {
    if (c.status === 'failed') {
      const result = await entities()
        .service.transaction.write(({ courseCertificate, recordSignature }) => [
          courseCertificate
            .patch({ accountId: c.accountId, moduleId: c.moduleId })
            .set({ status: 'pending' })
            .remove(['error', 'errorCode', 'errorParams'])
            .where((x, op) => op.eq(x.status, 'failed'))
            .commit(),
          recordSignature
            .patch({ signatureId: c.signatureId })
            .set({ status: 'pending' })
            .remove(['error', 'errorCode', 'errorParams'])
            .commit(),
        ])
        .go();
      // Two taps at once: the other one put it back.
      if (result.canceled) return (await get(c.accountId, c.moduleId)) ?? c;
    }
    await queue(c);
    const { error: _e, errorCode: _c, errorParams: _p, ...rest } = c;
    return { ...rest, status: 'pending' };
  }

  return {
    get,

    /**
     * What the learner's screen shows: the state, the code, a short link once signed, and why it
     * failed (the API renders the coded reason in the caller's language).
     */
    async view(c: CertificateItem) {
      return {
        certificateId: c.certificateId,
        status: c.status,
        code: formatVerificationCode(c.code),
        requestedAt: c.requestedAt,
        ...(c.signedAt ? { signedAt: c.signedAt } : {}),
        ...(c.status === 'signed'
          ? {
              downloadUrl: await presignDownload(
                'documents',
                certificateKey(c.certificateId),
                300,
                fileNameOf(c),
              ),
            }
          : {}),
        ...(c.status === 'failed' ? storedFailure(c) : {}),
      };
    },

    /**
     * Asks for the certificate of a completed module (again: the one there is, queued again if
     * not yet signed). Written with its signature and code in one transaction, then queued.
     */
    async request(
      m: ModuleItem,
      enrolment: EnrolmentItem,
      actor: { accountId: string; homeOrgUnitId?: string | undefined; requestId: string },
    ): Promise<CertificateItem> {
      if (!enrolment.completedAt) throw conflict(coursesText('certificate-not-completed'));
      const existing = await get(enrolment.accountId, m.moduleId);
      if (existing?.status === 'signed') return existing;
      if (existing) return again(existing);
      const [units, testScore, issuing] = await Promise.all([
        authEntities()
          .orgUnit.get(
            [...new Set([m.unitId, actor.homeOrgUnitId ?? m.unitId])].map((orgUnitId) => ({ orgUnitId })),
          )
          .go({ attributes: ['orgUnitId', 'name'] }),
        testScoreOf(m, enrolment.accountId),
        orgTree()(m.unitId),
      ]);
      const names = new Map(
        units.data.map((u: { orgUnitId: string; name: string }) => [u.orgUnitId, u.name]),
      );
      const workplace = actor.homeOrgUnitId ? names.get(actor.homeOrgUnitId) : undefined;
      const at = new Date().toISOString();
      const facts: CertificateFacts = {
        holderName: enrolment.fullName,
        ...(workplace && actor.homeOrgUnitId !== m.unitId ? { workplace } : {}),
        moduleCode: m.code,
        moduleTitle: m.title,
        programme: m.programme,
        periods: m.periods,
        completedAt: enrolment.completedAt,
        ...(testScore !== undefined ? { testScore } : {}),
        unitName: names.get(m.unitId) ?? m.unitId,
      };
      const signatureId = randomUUID();
      const certificate = (code: string): CertificateItem => ({
        ...facts,
        accountId: enrolment.accountId,
        moduleId: m.moduleId,
        certificateId: randomUUID(),
        year: m.year,
        unitId: m.unitId,
        signatureId,
        code,
        status: 'pending',
        requestedAt: at,
      });
      let made: CertificateItem | undefined;
      const result = await writeWithNewCode(
        (code) =>
          entities()
            .service.transaction.write(
              ({ courseCertificate, recordSignature, verificationCode, auditEntry: audit }) => {
                made = certificate(code);
                return [
                  courseCertificate.create(made as never).commit(),
                  recordSignature
                    .create({
                      signatureId,
                      signerId: `unit:${m.unitId}`,
                      signerName: facts.unitName,
                      reason: certificateTitle(m.code),
                      code,
                      status: 'pending',
                      documentSha256: '',
                      attests: attestationOf(facts),
                    })
                    .commit(),
                  verificationCode.create({ code, signatureId }).commit(),
                  audit
                    .create(
                      auditEntry({
                        actorId: actor.accountId,
                        action: 'course-certificate.request',
                        targetType: 'course-module',
                        targetId: m.moduleId,
                        orgUnit: issuing!,
                        requestId: actor.requestId,
                        changes: { certificateId: made.certificateId, code },
                      }),
                    )
                    .commit(),
                ];
              },
            )
            .go(),
        2,
      );
      if (result.canceled) {
        // Two taps at once: the other one asked for it.
        const other = await get(enrolment.accountId, m.moduleId);
        if (other) return other;
        throw conflict(coursesText('progress-changed'));
      }
      await queue(made!);
      return made!;
    },
  };
}

export type Certificates = ReturnType<typeof makeCertificates>;
