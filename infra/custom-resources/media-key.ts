import { createPublicKey } from 'node:crypto';

/** The public key CloudFront is given (SPKI PEM, its `EncodedKey`) for a stored private key. */
export const publicKeyOf = (privateKeyPem: string): string =>
  createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();

export interface KeyPairEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  ResourceProperties: { SecretId: string; Generation?: string };
  OldResourceProperties?: { SecretId: string; Generation?: string };
}

/**
 * Whether a deploy makes a new key pair: when the secret holds no private key yet (CDK made it
 * with a random password), or when the generation changed (a rotation). Otherwise the stored key
 * is kept, so links signed before the deploy stay valid.
 */
export const makesNewKey = (event: KeyPairEvent, stored: string | undefined): boolean =>
  !stored?.includes('PRIVATE KEY') ||
  (event.RequestType === 'Update' &&
    event.OldResourceProperties?.Generation !== event.ResourceProperties.Generation);
