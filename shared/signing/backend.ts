/**
 * Who signs and with which key, behind one interface: the document code asks for a signer's
 * certificate chain and for a signature over bytes, and never sees a private key. Locally the
 * development CA issues each signer a certificate on first use (kept in a folder so signatures
 * keep the same signer across restarts); on AWS a KMS-backed backend implements the same two
 * calls (next step of issue 8).
 */
import { createSign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DevCa, devCa, type IssuedKey, privateKeyOf } from './dev-ca.ts';

export interface SignerIdentity {
  accountId: string;
  fullName: string;
  organization?: string;
  email?: string;
  /** Extended key usages for the certificate (a timestamp authority's: id-kp-timeStamping). */
  extendedKeyUsage?: string[];
}

export interface SigningBackend {
  /** The signer's certificate first, then its issuers (DER). */
  chain(signer: SignerIdentity): Promise<Uint8Array[]>;
  /** RSA PKCS #1 v1.5 with SHA-256 over `data`, by the signer's key. */
  sign(signer: SignerIdentity, data: Uint8Array): Promise<Uint8Array>;
}

const toJson = (k: IssuedKey) =>
  JSON.stringify({
    certificate: Buffer.from(k.certificate).toString('base64'),
    privateKey: Buffer.from(k.privateKey).toString('base64'),
  });
const fromJson = (text: string): IssuedKey => {
  const raw = JSON.parse(text) as { certificate: string; privateKey: string };
  return {
    certificate: new Uint8Array(Buffer.from(raw.certificate, 'base64')),
    privateKey: new Uint8Array(Buffer.from(raw.privateKey, 'base64')),
  };
};

/** The development backend; `folder` keeps the CA and the issued keys (memory only without one). */
export function devSigningBackend(folder?: string): SigningBackend & { ca(): Promise<DevCa> } {
  let ca: Promise<DevCa> | undefined;
  const keys = new Map<string, Promise<IssuedKey>>();
  const file = (name: string) => join(folder!, `${name.replace(/[^\w.-]/g, '_')}.json`);
  const load = (name: string) =>
    folder && existsSync(file(name)) ? fromJson(readFileSync(file(name), 'utf8')) : undefined;
  const save = (name: string, key: IssuedKey) => {
    if (!folder) return;
    mkdirSync(folder, { recursive: true });
    writeFileSync(file(name), toJson(key), { mode: 0o600 });
  };
  const authority = () => {
    ca ??= devCa(load('ca')).then((made) => {
      if (!load('ca')) save('ca', made.root);
      return made;
    });
    return ca;
  };
  const keyOf = (signer: SignerIdentity) => {
    let key = keys.get(signer.accountId);
    if (!key) {
      key = (async () => {
        const saved = load(`signer-${signer.accountId}`);
        if (saved) return saved;
        const issued = await (await authority()).issue({
          commonName: signer.fullName,
          ...(signer.organization ? { organization: signer.organization } : {}),
          ...(signer.email ? { email: signer.email } : {}),
          ...(signer.extendedKeyUsage ? { extendedKeyUsage: signer.extendedKeyUsage } : {}),
        });
        save(`signer-${signer.accountId}`, issued);
        return issued;
      })();
      keys.set(signer.accountId, key);
    }
    return key;
  };
  return {
    ca: authority,
    async chain(signer) {
      return [(await keyOf(signer)).certificate, (await authority()).root.certificate];
    },
    async sign(signer, data) {
      const key = privateKeyOf((await keyOf(signer)).privateKey);
      return new Uint8Array(createSign('sha256').update(data).sign(key));
    },
  };
}
