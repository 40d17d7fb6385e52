/**
 * The media links' keys as the secret keeps them: one private key per generation, as JSON
 * (`{"keys": {"1": "-----BEGIN PRIVATE KEY-----…"}}`). A generation's key is made once and never
 * replaced, so a rollback finds the key it had and the functions of either side of a rotation each
 * find theirs. The key-pair resource (infra/custom-resources/media-key-pair.ts) and the signer
 * (media-links.ts) both read the secret through here.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';

export interface StoredMediaKeys {
  keys: Record<string, string>;
}

/** The secret's value as stored keys; anything else (CDK's first random password) holds none. */
export function readMediaKeys(secret: string | undefined): StoredMediaKeys {
  try {
    const parsed = JSON.parse(secret ?? '') as { keys?: unknown };
    if (parsed && typeof parsed.keys === 'object' && parsed.keys !== null) {
      const keys = Object.fromEntries(
        Object.entries(parsed.keys).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && e[1].includes('PRIVATE KEY'),
        ),
      );
      return { keys };
    }
  } catch {
    // not JSON: no keys yet
  }
  return { keys: {} };
}

/** The public key CloudFront is given (SPKI PEM, its `EncodedKey`) for a stored private key. */
export const publicKeyOf = (privateKeyPem: string): string =>
  createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();

const newPrivateKey = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

/**
 * The keys a deploy of `generation` needs — its own and the previous generation's (CloudFront
 * trusts both, so links and functions of the last generation keep working through the rotation)
 * — made where missing. `changed` says whether the secret must be written.
 */
export function ensureGenerations(
  stored: StoredMediaKeys,
  generation: number,
  make: () => string = newPrivateKey,
): { stored: StoredMediaKeys; changed: boolean } {
  const keys = { ...stored.keys };
  let changed = false;
  for (const g of generation > 1 ? [generation - 1, generation] : [generation]) {
    if (keys[g]) continue;
    keys[g] = make();
    changed = true;
  }
  return { stored: { keys }, changed };
}

/** A generation as the stack passes it: a whole number from 1. */
export function parseGeneration(value: unknown): number {
  const generation = Number(value ?? 1);
  if (!Number.isInteger(generation) || generation < 1)
    throw new Error(`mediaKeyGeneration must be a whole number from 1 (was ${value})`);
  return generation;
}
