/**
 * The development certificate authority: a root made on first use and one certificate per
 * signer (RSA 2048, SHA-256, digital signature and non-repudiation). Only for the local cloud and
 * tests — on AWS the keys stay in KMS and certificates come from the province's CA.
 */
import { createPrivateKey, type KeyObject, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto });
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

let serial = Date.now();

async function certificate(
  subject: Subject,
  publicKey: CryptoKey,
  issuer: { subject: Subject; key: CryptoKey },
  ca: boolean,
  years: number,
) {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: serial++ });
  cert.issuer = name(issuer.subject);
  cert.subject = name(subject);
  const now = new Date();
  cert.notBefore.value = new Date(now.getTime() - 60_000);
  cert.notAfter.value = new Date(now.getTime() + years * 365 * 86_400_000);
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
  await cert.subjectPublicKeyInfo.importKey(publicKey, engine);
  await cert.sign(issuer.key, 'SHA-256', engine);
  return new Uint8Array(cert.toSchema(true).toBER(false));
}

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
      certificate: await certificate(subject, keys.publicKey, { subject, key: keys.privateKey }, true, 10),
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
        certificate: await certificate(signer, keys.publicKey, { subject, key: rootKey }, false, 2),
        privateKey: await exportKey(keys.privateKey),
      };
    },
  };
}

/** A Node private key from the PKCS #8 DER. */
export const privateKeyOf = (pkcs8: Uint8Array): KeyObject =>
  createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
