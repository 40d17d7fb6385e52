/**
 * The media links' key pair, made at deploy (infra/constructs/media-keys.ts): a custom resource
 * of the CDK provider framework. The private key is written into its Secrets Manager secret and
 * never leaves it; the public key is the resource's answer, which CloudFront's key group
 * trusts. A later deploy finds the key there and answers the same public key, so links signed
 * before it stay valid. A new `Generation` (the context value mediaKeyGeneration) makes a new pair:
 * the rotation (docs/courses.md).
 */
import { generateKeyPairSync } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type KeyPairEvent, makesNewKey, publicKeyOf } from './media-key.ts';

const secrets = new SecretsManagerClient({});

async function storedKey(secretId: string): Promise<string | undefined> {
  try {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    return SecretString;
  } catch (error) {
    // The secret is made without a value: no version exists until the first key is written.
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

export async function handler(event: KeyPairEvent) {
  const secretId = event.ResourceProperties.SecretId;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? secretId };
  let privateKey = await storedKey(secretId);
  if (!privateKey || makesNewKey(event, privateKey)) {
    privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    await secrets.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: privateKey }));
  }
  return { PhysicalResourceId: secretId, Data: { PublicKey: publicKeyOf(privateKey) } };
}
