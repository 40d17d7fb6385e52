/**
 * The media links' key pairs, made at deploy (infra/constructs/media-keys.ts): a custom resource
 * of the CDK provider framework. The private keys are written into their Secrets Manager secret,
 * one per generation (media-key.ts), and never leave it; the answer is the public keys of the
 * deploy's generation and the one before (attributes `G<n>`), which CloudFront's key group trusts. A later deploy, or
 * a rollback, finds its generation's key there and answers the same public key. A new generation
 * (the context value mediaKeyGeneration) is the rotation (docs/courses.md).
 */
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  ensureGenerations,
  parseGeneration,
  publicKeyOf,
  readMediaKeys,
} from '../../shared/storage/media-keys.ts';

interface KeyPairEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  ResourceProperties: { SecretId: string; Generation?: string };
}

const secrets = new SecretsManagerClient({});

export async function handler(event: KeyPairEvent) {
  const secretId = event.ResourceProperties.SecretId;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? secretId };
  const generation = parseGeneration(event.ResourceProperties.Generation);
  // CDK makes the secret with a random password: it holds no key until the first deploy writes one.
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
  const { stored, changed } = ensureGenerations(readMediaKeys(SecretString), generation);
  if (changed)
    await secrets.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(stored) }),
    );
  // One attribute per generation (`G2`): a public key's resource reads the same attribute in every
  // deploy, so CloudFormation never asks CloudFront to change a key in place (it cannot).
  const generations = generation > 1 ? [generation - 1, generation] : [generation];
  return {
    PhysicalResourceId: secretId,
    Data: Object.fromEntries(generations.map((g) => [`G${g}`, publicKeyOf(stored.keys[g]!)])),
  };
}
