/**
 * The signing service without AWS: a development CA issues the signer's certificate, a sample
 * lesson plan is signed PAdES B-B, and an independent verifier (poppler's pdfsig) says the
 * signature is valid — and that a tampered copy is not. The CMS carries the ESS
 * signing-certificate-v2 attribute and no signing-time attribute, as PAdES baseline requires.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerTimestampRequest } from '../../infra/local/dev-tsa.ts';
import { sampleLessonPlan } from '../../infra/local/sign-sample.ts';
import { devSigningBackend } from '../../shared/signing/backend.ts';
import { signPdf } from '../../shared/signing/pdf.ts';
import { timestamper, tstInfoOf } from '../../shared/signing/timestamp.ts';

const dir = mkdtempSync(join(tmpdir(), 'signing-'));
/** pdfsig exits 0 whether or not the signature holds: its “Signature Validation:” line says. */
const validation = (file: string) =>
  /Signature Validation: (.*)/.exec(execFileSync('pdfsig', [file], { encoding: 'utf8' }))?.[1];

let signed: Uint8Array;

/**
 * A signed PDF's CMS: the placeholder is padded with zeros after it, so it is cut at the DER's own
 * length (stripping trailing zeros would also cut a signature that happens to end in a zero byte).
 */
function signedDataOf(pdf: Uint8Array) {
  const text = Buffer.from(pdf).toString('latin1');
  const padded = Buffer.from(/\/Contents\s*<([0-9A-Fa-f]+)>/.exec(text)![1]!, 'hex');
  const lengthBytes = padded[1]! & 0x80 ? padded[1]! & 0x7f : 0;
  const length = lengthBytes ? padded.readUIntBE(2, lengthBytes) : padded[1]!;
  const der = padded.subarray(0, 2 + lengthBytes + length);
  const content = pkijs.ContentInfo.fromBER(
    der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength),
  );
  return new pkijs.SignedData({ schema: content.content });
}

/** The first SignerInfo of a signed PDF's CMS. */
const signerInfoOf = (pdf: Uint8Array) => signedDataOf(pdf).signerInfos[0]!;

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
    const signedData = signedDataOf(signed);
    const types = signedData.signerInfos[0]!.signedAttrs!.attributes.map((a) => a.type);
    expect(types).toContain('1.2.840.113549.1.9.16.2.47');
    expect(types).not.toContain('1.2.840.113549.1.9.5');
    expect(signedData.certificates).toHaveLength(2);
  });

  it('adds an RFC 3161 timestamp of the signature value when a timestamp authority is configured (B-T)', async () => {
    const backend = devSigningBackend(join(dir, 'ca'));
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
      res.end(Buffer.from(await answerTimestampRequest(backend, new Uint8Array(Buffer.concat(chunks)))));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
    try {
      const stamped = await signPdf(
        await sampleLessonPlan(),
        {
          signer: { accountId: 'groupleader1', fullName: 'Ngô Đức Mạnh' },
          reason: 'Phê duyệt kế hoạch bài dạy',
          location: 'Hải Phòng',
          verifyUrl: 'https://hoctap.example.gov.vn/verify/def',
        },
        backend,
        timestamper(url),
      );
      writeFileSync(join(dir, 'stamped.pdf'), stamped);
      expect(validation(join(dir, 'stamped.pdf'))).toBe('Signature is Valid.');
      const info = signerInfoOf(stamped);
      const token = info.unsignedAttrs!.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.14')!;
      expect(token).toBeDefined();
      const tst = tstInfoOf(new Uint8Array(token.values[0]!.toBER(false)));
      const signatureValue = new Uint8Array(info.signature.getValue());
      expect(Buffer.from(tst.messageImprint.hashedMessage.getValue()).toString('hex')).toBe(
        createHash('sha256').update(signatureValue).digest('hex'),
      );
      expect(Math.abs(tst.genTime.getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      server.close();
    }
  });
});
