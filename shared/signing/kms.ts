/**
 * The signing backend for AWS: every private key is an asymmetric KMS key (RSA 2048,
 * SIGN_VERIFY) and never leaves KMS. The deployment's issuing CA is one KMS key made by the
 * stack; each signer gets their own KMS key on their first signature, and a certificate for it
 * signed by the CA key through KMS. Certificates and key ids are kept in a `SignerKeys` store
 * (a table item each), so every Lambda finds the same ones; two first signatures racing for one
 * signer keep the key stored first and schedule the other for deletion.
 */
import {
  CreateKeyCommand,
  GetPublicKeyCommand,
  type KMSClient,
  ScheduleKeyDeletionCommand,
  SignCommand,
} from '@aws-sdk/client-kms';
import type { SignerIdentity, SigningBackend } from './backend.ts';
import { sha256 } from './cms.ts';
import { issueCertificate, type Subject } from './dev-ca.ts';

export interface SignerKey {
  /** The KMS key id or ARN. */
  keyId: string;
  /** DER of the certificate for that key. */
  certificate: Uint8Array;
}

export interface SignerKeys {
  get(name: string): Promise<SignerKey | undefined>;
  /** Stores `key` under `name` unless a key is there already; returns the stored one. */
  putFirst(name: string, key: SignerKey): Promise<SignerKey>;
}

export interface KmsBackendOptions {
  kms: KMSClient;
  keys: SignerKeys;
  /** The issuing CA's KMS key (id, ARN or alias). */
  caKeyId: string;
  caSubject?: Subject;
}

/** The alias of a deployment's issuing CA key (the stack makes it; the local cloud too). */
export const signingCaAlias = (stage: string) => `alias/vn-edu-${stage}-signing-ca`;

/** Tags that let IAM scope the signers' keys: only keys tagged so can be used to sign. */
export const SIGNER_KEY_TAG = { TagKey: 'vn-edu:purpose', TagValue: 'signer' } as const;
/** KMS keeps a key pending deletion for at least 7 days: the shortest wait for an unused key. */
const PENDING_DAYS = 7;

export function kmsSigningBackend(options: KmsBackendOptions): SigningBackend {
  const { kms, keys, caKeyId } = options;
  const caSubject = options.caSubject ?? {
    commonName: 'VN Edu Cloud Signing CA',
    organization: 'Sở Giáo dục và Đào tạo',
  };
  const signWithKey = (keyId: string) => async (data: Uint8Array) => {
    const { Signature } = await kms.send(
      new SignCommand({
        KeyId: keyId,
        Message: sha256(data),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      }),
    );
    return new Uint8Array(Signature!);
  };
  const publicKeyOf = async (keyId: string) =>
    new Uint8Array((await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!);

  let ca: Promise<SignerKey> | undefined;
  const authority = () => {
    ca ??= (async () => {
      // One certificate per CA key: a CA key replaced by the stack gets its own.
      const name = `ca#${caKeyId}`;
      const stored = await keys.get(name);
      if (stored) return stored;
      const certificate = await issueCertificate({
        subject: caSubject,
        publicKey: await publicKeyOf(caKeyId),
        issuer: caSubject,
        signTbs: signWithKey(caKeyId),
        ca: true,
        years: 10,
      });
      return keys.putFirst(name, { keyId: caKeyId, certificate });
    })();
    ca.catch(() => {
      ca = undefined;
    });
    return ca;
  };

  const signers = new Map<string, Promise<SignerKey>>();
  const newSignerKey = async (signer: SignerIdentity): Promise<SignerKey> => {
    const name = `signer#${signer.accountId}`;
    const { KeyMetadata } = await kms.send(
      new CreateKeyCommand({
        KeySpec: 'RSA_2048',
        KeyUsage: 'SIGN_VERIFY',
        Description: `Signing key of ${signer.accountId}`,
        Tags: [SIGNER_KEY_TAG, { TagKey: 'vn-edu:account', TagValue: signer.accountId }],
      }),
    );
    const keyId = KeyMetadata!.Arn ?? KeyMetadata!.KeyId!;
    const issuer = await authority();
    const certificate = await issueCertificate({
      subject: {
        commonName: signer.fullName,
        ...(signer.organization ? { organization: signer.organization } : {}),
        ...(signer.email ? { email: signer.email } : {}),
        ...(signer.extendedKeyUsage ? { extendedKeyUsage: signer.extendedKeyUsage } : {}),
      },
      publicKey: await publicKeyOf(keyId),
      issuer: caSubject,
      signTbs: signWithKey(issuer.keyId),
      ca: false,
      years: 2,
    });
    const kept = await keys.putFirst(name, { keyId, certificate });
    if (kept.keyId !== keyId)
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: PENDING_DAYS }));
    return kept;
  };
  const keyOf = (signer: SignerIdentity) => {
    let key = signers.get(signer.accountId);
    if (!key) {
      key = keys.get(`signer#${signer.accountId}`).then((stored) => stored ?? newSignerKey(signer));
      key.catch(() => signers.delete(signer.accountId));
      signers.set(signer.accountId, key);
    }
    return key;
  };

  return {
    async chain(signer) {
      const [own, issuer] = await Promise.all([keyOf(signer), authority()]);
      return [own.certificate, issuer.certificate];
    },
    async sign(signer, data) {
      return signWithKey((await keyOf(signer)).keyId)(data);
    },
  };
}
