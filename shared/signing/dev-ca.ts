/**
 * The development certificate authority: a root made on first use and one certificate per
 * signer (RSA 2048, SHA-256, digital signature and non-repudiation). Only for the local cloud and
 * tests. `issueCertificate` is shared with the KMS backend (kms.ts), whose CA key never leaves KMS.
 */
import { createPrivateKey, type KeyObject, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBufferOf } from './cms.ts';

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
};

export interface Subject {
  commonName: string;
  organization?: string;
  email?: string;
  extendedKeyUsage?: string[];
}

export interface IssuedKey {
  /** DER of the certificate. */
  certificate: Uint8Array;
  /** PKCS #8 DER of the private key (development only). */
  privateKey: Uint8Array;
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  country: '2.5.4.6',
  email: '1.2.840.113549.1.9.1',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  sha256WithRsa: '1.2.840.113549.1.1.11',
};

function name(subject: Subject) {
  const rdn = new pkijs.RelativeDistinguishedNames();
  const add = (type: string, value: pkijs.AttributeTypeAndValue['value']) =>
    rdn.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type, value }));
  add(OID.country, new asn1js.PrintableString({ value: 'VN' }));
  if (subject.organization) add(OID.organization, new asn1js.Utf8String({ value: subject.organization }));
  add(OID.commonName, new asn1js.Utf8String({ value: subject.commonName }));
  if (subject.email) add(OID.email, new asn1js.IA5String({ value: subject.email }));
  return rdn;
}

/** keyUsage bits: digitalSignature (0) + nonRepudiation (1) for signers; keyCertSign (5) + cRLSign (6) for the CA. */
const keyUsage = (ca: boolean) => {
  const bits = ca ? 0b0000_0110 : 0b1100_0000;
  return new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer, unusedBits: ca ? 1 : 6 });
};

/** A positive 16-byte random serial, unique without a counter shared between processes. */
const randomSerial = () => {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return new asn1js.Integer({ valueHex: bytes.buffer });
};

export interface CertificateRequest {
  subject: Subject;
  /** The subject's public key, SubjectPublicKeyInfo DER (what KMS GetPublicKey returns). */
  publicKey: Uint8Array;
  issuer: Subject;
  /** The issuer's RSA PKCS #1 v1.5 SHA-256 signature over the to-be-signed bytes. */
  signTbs: (tbs: Uint8Array) => Promise<Uint8Array>;
  ca: boolean;
  years: number;
}

/**
 * An X.509 certificate whose issuer signs through a callback, so the issuer's key can live in
 * this process (the development CA) or in KMS (a deployment's CA).
 */
export async function issueCertificate(request: CertificateRequest): Promise<Uint8Array> {
  const { subject, ca } = request;
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = randomSerial();
  cert.issuer = name(request.issuer);
  cert.subject = name(subject);
  const now = new Date();
  cert.notBefore.value = new Date(now.getTime() - 60_000);
  cert.notAfter.value = new Date(now.getTime() + request.years * 365 * 86_400_000);
  cert.extensions = [
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: ca }).toSchema().toBER(false),
      parsedValue: new pkijs.BasicConstraints({ cA: ca }),
    }),
    new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: keyUsage(ca).toBER(false) }),
    // RFC 3161 § 2.3: a timestamp authority's certificate has exactly id-kp-timeStamping, critical.
    ...(subject.extendedKeyUsage
      ? [
          new pkijs.Extension({
            extnID: OID.extKeyUsage,
            critical: true,
            extnValue: new pkijs.ExtKeyUsage({ keyPurposes: subject.extendedKeyUsage })
              .toSchema()
              .toBER(false),
          }),
        ]
      : []),
  ];
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(arrayBufferOf(request.publicKey));
  const sha256WithRsa = () =>
    new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() });
  cert.signature = sha256WithRsa();
  cert.signatureAlgorithm = sha256WithRsa();
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs;
  const signature = await request.signTbs(tbs);
  cert.signatureValue = new asn1js.BitString({ valueHex: arrayBufferOf(signature) });
  return new Uint8Array(cert.toSchema(false).toBER(false));
}

const spkiOf = async (key: CryptoKey) => new Uint8Array(await webcrypto.subtle.exportKey('spki', key));
const signWith = (key: CryptoKey) => async (tbs: Uint8Array) =>
  new Uint8Array(await webcrypto.subtle.sign(RSA.name, key, tbs));

const exportKey = async (key: CryptoKey) => new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', key));
const importKey = (pkcs8: Uint8Array) =>
  webcrypto.subtle.importKey('pkcs8', pkcs8, { name: RSA.name, hash: RSA.hash }, true, ['sign']);

export interface DevCa {
  subject: Subject;
  root: IssuedKey;
  issue(subject: Subject): Promise<IssuedKey>;
}

/** A CA from its saved root, or a new one. */
export async function devCa(saved?: IssuedKey): Promise<DevCa> {
  const subject = { commonName: 'VN Edu Cloud Development CA', organization: 'Sở GD&ĐT (phát triển)' };
  let root = saved;
  if (!root) {
    const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
    root = {
      certificate: await issueCertificate({
        subject,
        publicKey: await spkiOf(keys.publicKey),
        issuer: subject,
        signTbs: signWith(keys.privateKey),
        ca: true,
        years: 10,
      }),
      privateKey: await exportKey(keys.privateKey),
    };
  }
  const rootKey = await importKey(root.privateKey);
  return {
    subject,
    root,
    async issue(signer: Subject) {
      const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
      return {
        certificate: await issueCertificate({
          subject: signer,
          publicKey: await spkiOf(keys.publicKey),
          issuer: subject,
          signTbs: signWith(rootKey),
          ca: false,
          years: 2,
        }),
        privateKey: await exportKey(keys.privateKey),
      };
    },
  };
}

/** A Node private key from the PKCS #8 DER. */
export const privateKeyOf = (pkcs8: Uint8Array): KeyObject =>
  createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
