/**
 * The signing service without AWS: a development CA issues the signer's certificate, a sample
 * lesson plan is signed PAdES B-B, and an independent verifier (poppler's pdfsig) says the
 * signature is valid — and that a tampered copy is not. The CMS carries the ESS
 * signing-certificate-v2 attribute and no signing-time attribute, as PAdES baseline requires.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleLessonPlan } from '../../infra/local/sign-sample.ts';
import { devSigningBackend } from '../../shared/signing/backend.ts';
import { signPdf } from '../../shared/signing/pdf.ts';

const dir = mkdtempSync(join(tmpdir(), 'signing-'));
/** pdfsig exits 0 whether or not the signature holds: its “Signature Validation:” line says. */
const validation = (file: string) =>
  /Signature Validation: (.*)/.exec(execFileSync('pdfsig', [file], { encoding: 'utf8' }))?.[1];

let signed: Uint8Array;

describe('PDF signatures', () => {
  beforeAll(async () => {
    signed = await signPdf(
      await sampleLessonPlan(),
      {
        signer: {
          accountId: 'groupleader1',
          fullName: 'Ngô Đức Mạnh',
          organization: 'Trường THPT chuyên Trần Phú',
        },
        reason: 'Phê duyệt kế hoạch bài dạy',
        location: 'Hải Phòng',
        verifyUrl: 'https://hoctap.example.gov.vn/verify/abc',
      },
      devSigningBackend(join(dir, 'ca')),
    );
  }, 30_000);

  it('validates in pdfsig, naming the signer, as ETSI.CAdES.detached', () => {
    writeFileSync(join(dir, 'signed.pdf'), signed);
    const report = execFileSync('pdfsig', [join(dir, 'signed.pdf')], { encoding: 'utf8' });
    expect(validation(join(dir, 'signed.pdf'))).toBe('Signature is Valid.');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Ngô Đức Mạnh');
    expect(report).toContain('Total document signed');
  });

  it('fails in pdfsig when one signed byte changes', () => {
    const tampered = Uint8Array.from(signed);
    // A byte of the document's metadata, inside the first signed range.
    const at = Buffer.from(tampered).indexOf('/Title') + 8;
    tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41;
    writeFileSync(join(dir, 'tampered.pdf'), tampered);
    expect(validation(join(dir, 'tampered.pdf'))).not.toBe('Signature is Valid.');
  });

  it('carries signing-certificate-v2 and no signing-time in the signed attributes', () => {
    const text = Buffer.from(signed).toString('latin1');
    const hex = /\/Contents\s*<([0-9A-Fa-f]+)>/.exec(text)![1]!.replace(/(00)+$/, '');
    const der = Buffer.from(hex, 'hex');
    const content = pkijs.ContentInfo.fromBER(
      der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength),
    );
    const signedData = new pkijs.SignedData({ schema: content.content });
    const types = signedData.signerInfos[0]!.signedAttrs!.attributes.map((a) => a.type);
    expect(types).toContain('1.2.840.113549.1.9.16.2.47');
    expect(types).not.toContain('1.2.840.113549.1.9.5');
    expect(signedData.certificates).toHaveLength(2);
  });
});
