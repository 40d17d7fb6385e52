/**
 * The credentials issuer's key in KMS: an `ECC_NIST_EDWARDS25519` SIGN_VERIFY key signing with
 * `ED25519_SHA_512` over RAW messages — pure Ed25519 (RFC 8032), which eddsa-rdfc-2022 verifiers
 * expect (`ED25519_PH_SHA_512` is the pre-hashed variant they reject). The cryptosuite hands the
 * signer 64 bytes, far under KMS's 4,096-byte RAW limit. The public key is read once a container
 * (GetPublicKey: SPKI DER). Locally the same calls go to the local KMS (infra/local/kms.ts).
 */
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { Ed25519Signer } from './verifiable-credentials.ts';

/** A signer for the verification method `keyUrl` (the key's URL under its issuer) backed by `keyId`. */
export function kmsEd25519Signer(kms: KMSClient, keyId: string, keyUrl: string): Ed25519Signer {
  return {
    id: keyUrl,
    algorithm: 'Ed25519',
    async sign({ data }) {
      const { Signature } = await kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: data,
          MessageType: 'RAW',
          SigningAlgorithm: 'ED25519_SHA_512',
        }),
      );
      if (Signature?.length !== 64) throw new Error(`KMS answered no Ed25519 signature for ${keyId}`);
      return Signature;
    },
  };
}

const publicKeys = new Map<string, Promise<Uint8Array>>();

/** The key's public half as KMS gives it (SPKI DER), read once a container. */
export function kmsPublicKey(kms: KMSClient, keyId: string): Promise<Uint8Array> {
  let key = publicKeys.get(keyId);
  if (!key) {
    key = kms.send(new GetPublicKeyCommand({ KeyId: keyId })).then(({ PublicKey, KeySpec }) => {
      if (!PublicKey || KeySpec !== 'ECC_NIST_EDWARDS25519')
        throw new Error(`${keyId} is not an Ed25519 key (${KeySpec ?? 'no key spec'})`);
      return PublicKey;
    });
    // A failed read is tried again next time, not remembered.
    key.catch(() => publicKeys.delete(keyId));
    publicKeys.set(keyId, key);
  }
  return key;
}

/** The credentials issuer's key, by alias (made by the stack; locally at start). */
export const credentialsKeyAlias = (stage: string) => `alias/vn-edu-${stage}-credentials`;
