/**
 * A document signed for the public verification page (a course certificate, a copy from the
 * diploma register): PAdES with the deployment's signing backend, the QR code and short code of
 * `/verify` on the stamp, timestamped where a TSA is set; with the hashes the signature registry
 * records of the file signed and the file made.
 */
import type { SignerIdentity } from './backend.ts';
import { sha256 } from './cms.ts';
import { signingBackend, timestampAuthority, verifyUrl } from './index.ts';
import { signPdf } from './pdf.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export async function signVerifiable(
  unsigned: Uint8Array,
  { signer, reason, code, at }: { signer: SignerIdentity; reason: string; code: string; at: Date },
) {
  const signed = await signPdf(
    unsigned,
    {
      signer,
      reason,
      location: 'Hải Phòng',
      verifyUrl: verifyUrl(code),
      verificationCode: code,
      signingTime: at,
    },
    signingBackend(),
    timestampAuthority(),
  );
  return { signed, documentSha256: hex(sha256(unsigned)), signedSha256: hex(sha256(signed)) };
}
