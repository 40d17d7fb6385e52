/**
 * Links to published learning materials through the portal's CloudFront distribution: its
 * `/resources/*` behaviour reads the materials bucket and trusts one key group, so only a URL
 * signed here is served. A video is then fetched by ranges from the edge cache near the school
 * (20,000 teachers watching the same lecture read it from S3 once per edge), and a link passed
 * around stops working within minutes; the player asks for a new one when it does.
 *
 * The private key: on AWS in the Secrets Manager secret MEDIA_SIGNING_SECRET_ARN, one per
 * generation (media-keys.ts; this deploy's is MEDIA_KEY_GENERATION), made at deploy with its
 * public key (infra/constructs/media-keys.ts) and read once per container; locally the
 * local cloud gives its key in MEDIA_SIGNING_KEY and checks the same signatures (infra/local/cdn.ts).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { observeClient } from '../observability/aws-calls.ts';
import { parseGeneration, readMediaKeys } from './media-keys.ts';

/** The materials bucket's prefix of published files (the repository's `RESOURCE_PREFIX`). */
export const MEDIA_KEY_PREFIX = 'resources/';
/** CloudFront serves that prefix under the same path: the key is the path. */
export const MEDIA_PATH_PREFIX = `/${MEDIA_KEY_PREFIX}`;

let cached: { source: string; key: Promise<string> } | undefined;

function signingKey(): Promise<string> {
  const local = process.env.MEDIA_SIGNING_KEY;
  const secretArn = process.env.MEDIA_SIGNING_SECRET_ARN;
  const source = local ?? secretArn;
  if (!source) throw new Error('Media links are not configured: MEDIA_SIGNING_SECRET_ARN is not set');
  if (cached?.source !== source) {
    const key = local
      ? Promise.resolve(local)
      : observeClient(new SecretsManagerClient({}))
          .send(new GetSecretValueCommand({ SecretId: secretArn }))
          .then((answer) => {
            const generation = parseGeneration(process.env.MEDIA_KEY_GENERATION);
            const key = readMediaKeys(answer.SecretString).keys[generation];
            if (!key) throw new Error(`The media signing secret holds no key of generation ${generation}`);
            return key;
          });
    // A failed read is tried again by the next request rather than remembered.
    key.catch(() => {
      if (cached?.key === key) cached = undefined;
    });
    cached = { source, key };
  }
  return cached.key;
}

/**
 * A signed URL (canned policy, SHA-256) for an object under the materials bucket's `resources/`
 * prefix, living `seconds`. The object's version is part of what is signed, so the link reads the
 * version that was published even if the key is written again.
 */
export async function signedMediaUrl(
  objectKey: string,
  seconds: number,
  versionId?: string,
  now = Date.now(),
): Promise<string> {
  if (!objectKey.startsWith(MEDIA_KEY_PREFIX))
    throw new Error(`Not a published material's key: ${objectKey}`);
  const base = process.env.PUBLIC_PORTAL_URL;
  const keyPairId = process.env.MEDIA_KEY_PAIR_ID;
  if (!base || !keyPairId)
    throw new Error('Media links are not configured: PUBLIC_PORTAL_URL, MEDIA_KEY_PAIR_ID');
  const path = objectKey.split('/').map(encodeURIComponent).join('/');
  const url = `${base.replace(/\/$/, '')}/${path}${versionId ? `?versionId=${encodeURIComponent(versionId)}` : ''}`;
  return getSignedUrl({
    url,
    keyPairId,
    privateKey: await signingKey(),
    dateLessThan: new Date(now + seconds * 1000),
    algorithm: 'SHA256',
  });
}
