/**
 * CAdES detached signatures (CMS SignedData) as PAdES baseline B-B needs them: content-type and
 * message-digest, plus the ESS signing-certificate-v2 attribute that binds the signer's
 * certificate to the signature (strict validators refuse a PAdES signature without it); no
 * signing-time attribute (PAdES carries the time in the signature dictionary). The private key
 * is never here: `sign` is the backend's (a local key, or KMS), given the DER of the signed
 * attributes to sign with RSA PKCS #1 v1.5 and SHA-256.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const OID = {
  data: '1.2.840.113549.1.7.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

export const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());

/** The bytes as their own ArrayBuffer (what pkijs and asn1js take). */
export const arrayBufferOf = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const buffer = arrayBufferOf;

export function parseCertificate(der: Uint8Array) {
  return pkijs.Certificate.fromBER(buffer(der));
}

/** ESSCertIDv2 with SHA-256 (the default, so the algorithm is left out) and the issuer/serial. */
function signingCertificateV2(der: Uint8Array, certificate: pkijs.Certificate) {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          // GeneralName directoryName [4] EXPLICIT Name
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 4 },
            value: [certificate.issuer.toSchema()],
          }),
        ],
      }),
      certificate.serialNumber,
    ],
  });
  const essCertId = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: buffer(sha256(der)) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

/** Asks a timestamp authority to stamp the signature value: RFC 3161, the token's DER. */
export type Timestamper = (signatureValue: Uint8Array) => Promise<Uint8Array>;

/**
 * The CMS signature over content whose SHA-256 is `contentDigest`. `chain` is the signer's
 * certificate first, then its issuers (embedded so a verifier can build the path). With a
 * `timestamp`, the signature value is stamped by a timestamp authority and the token added as an
 * unsigned attribute (PAdES B-T).
 */
export function cadesDetached(
  contentDigest: Uint8Array,
  chain: Uint8Array[],
  sign: (toBeSigned: Uint8Array) => Promise<Uint8Array>,
  timestamp?: Timestamper,
): Promise<Uint8Array> {
  return signedData({ contentDigest, chain, sign, ...(timestamp ? { timestamp } : {}) });
}

/** A CMS SignedData, detached or (for a timestamp token) with its content encapsulated. */
export async function signedData(options: {
  contentDigest: Uint8Array;
  chain: Uint8Array[];
  sign: (toBeSigned: Uint8Array) => Promise<Uint8Array>;
  /** Encapsulated content and its type (a TSTInfo); without, a detached signature of data. */
  eContent?: { type: string; bytes: Uint8Array };
  timestamp?: Timestamper;
}): Promise<Uint8Array> {
  const { contentDigest, chain, sign } = options;
  const contentType = options.eContent?.type ?? OID.data;
  const certificates = chain.map(parseCertificate);
  const signer = certificates[0]!;
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({
        type: OID.contentType,
        values: [new asn1js.ObjectIdentifier({ value: contentType })],
      }),
      new pkijs.Attribute({
        type: OID.messageDigest,
        values: [new asn1js.OctetString({ valueHex: buffer(contentDigest) })],
      }),
      new pkijs.Attribute({
        type: OID.signingCertificateV2,
        values: [signingCertificateV2(chain[0]!, signer)],
      }),
    ],
  });
  // The signature covers the attributes DER-encoded as a SET (tag 0x31), not as the [0] field.
  const encoded = new Uint8Array(signedAttrs.toSchema().toBER(false));
  encoded[0] = 0x31;
  const signature = await sign(encoded);
  const token = options.timestamp ? await options.timestamp(signature) : undefined;

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID.sha256WithRsa,
      algorithmParams: new asn1js.Null(),
    }),
    signature: new asn1js.OctetString({ valueHex: buffer(signature) }),
    ...(token
      ? {
          unsignedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 1,
            attributes: [
              new pkijs.Attribute({
                type: OID.signatureTimeStampToken,
                values: [asn1js.fromBER(buffer(token)).result],
              }),
            ],
          }),
        }
      : {}),
  });
  const signed = new pkijs.SignedData({
    version: options.eContent ? 3 : 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: contentType,
      ...(options.eContent
        ? { eContent: new asn1js.OctetString({ valueHex: buffer(options.eContent.bytes) }) }
        : {}),
    }),
    certificates,
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

export { OID as CMS_OIDS };
