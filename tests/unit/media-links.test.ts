/**
 * Signed media links (shared/storage/media-links.ts) against the local CloudFront check
 * (infra/local/cdn.ts), and that check against CloudFront's documented algorithm, computed here by
 * hand: a canned policy signed with SHA-1 and a custom policy with a wildcard, neither made by the
 * signer under test.
 */
import { createPublicKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectKeyOf } from '../../functions/repository/service.ts';
import { refusal } from '../../infra/local/cdn.ts';
import {
  ensureGenerations,
  parseGeneration,
  publicKeyOf,
  readMediaKeys,
} from '../../shared/storage/media-keys.ts';
import { MEDIA_KEY_PREFIX, signedMediaUrl } from '../../shared/storage/media-links.ts';

const KEY_ID = 'K2JCJMDEHXQW5F';
const PORTAL = 'https://d111111abcdef8.cloudfront.net';
const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const trusted = new Map<string, KeyObject>([[KEY_ID, pair.publicKey]]);
const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** CloudFront's URL-safe base64 (its documentation: + → -, = → _, / → ~). */
const cloudFrontBase64 = (bytes: Buffer) =>
  bytes.toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');
const sign = (policy: string, hash: 'sha1' | 'sha256', key = pair.privateKey) =>
  cloudFrontBase64(
    createSign(hash === 'sha1' ? 'RSA-SHA1' : 'RSA-SHA256')
      .update(policy)
      .sign(key),
  );

const saved = { ...process.env };
beforeAll(() => {
  process.env.PUBLIC_PORTAL_URL = PORTAL;
  process.env.MEDIA_KEY_PAIR_ID = KEY_ID;
  process.env.MEDIA_SIGNING_KEY = privatePem;
});
afterAll(() => {
  process.env = saved;
});

describe('signed media links', () => {
  const key = objectKeyOf('3f0c9a52-6a7e-4a39-9d0e-2b8f1c7d5e10', 2, 'Bài giảng số 1.mp4');

  it('names a published material under the portal’s /resources/ path, the key being the path', async () => {
    expect(key.startsWith(MEDIA_KEY_PREFIX)).toBe(true);
    const url = new URL(await signedMediaUrl(key, 300));
    expect(url.origin).toBe(PORTAL);
    expect(url.pathname).toBe(`/${key}`);
    expect(url.searchParams.get('Key-Pair-Id')).toBe(KEY_ID);
    await expect(signedMediaUrl('exams/papers/de-thi.pdf', 300)).rejects.toThrow(/published material/);
  });

  it('is accepted as CloudFront would until it expires, and refused after', async () => {
    const now = Date.parse('2026-12-05T08:00:00Z');
    const url = await signedMediaUrl(key, 300, undefined, now);
    expect(refusal(url, trusted, now + 1000)).toBeUndefined();
    expect(refusal(url, trusted, now + 299_000)).toBeUndefined();
    expect(refusal(url, trusted, now + 301_000)).toMatch(/expired/);
  });

  it('signs the version: the same file in another version is refused', async () => {
    const url = await signedMediaUrl(key, 300, 'v3.Lp0kQ_x');
    expect(new URL(url).searchParams.get('versionId')).toBe('v3.Lp0kQ_x');
    expect(refusal(url, trusted)).toBeUndefined();
    expect(refusal(url.replace('versionId=v3.Lp0kQ_x', 'versionId=older'), trusted)).toMatch(/signature/);
  });

  it('refuses another path, another expiry, another key and a missing signature', async () => {
    const url = await signedMediaUrl(key, 300);
    expect(refusal(url.replace('/v2/', '/v1/'), trusted)).toMatch(/signature/);
    const later = new URL(url);
    later.searchParams.set('Expires', String(Number(later.searchParams.get('Expires')) + 60));
    expect(refusal(later.toString(), trusted)).toMatch(/signature/);
    expect(refusal(url, new Map([[KEY_ID, stranger.publicKey]]))).toMatch(/signature/);
    expect(refusal(url, new Map([['KOTHER', pair.publicKey]]))).toMatch(/Unknown Key/);
    expect(refusal(`${PORTAL}/${key}`, trusted)).toMatch(/Missing/);
    // A malformed escape is a refusal, not a failure.
    expect(refusal(`${url}&%E0%A4%A=1`, trusted)).toMatch(/Malformed/);
  });

  it('follows CloudFront’s documented canned policy (SHA-1, no Hash-Algorithm) computed by hand', () => {
    const resource = `${PORTAL}/resources/a/v1/clip.mp4?versionId=abc`;
    const expires = 1_900_000_000;
    const policy = `{"Statement":[{"Resource":"${resource}","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
    const url = `${resource}&Expires=${expires}&Signature=${sign(policy, 'sha1')}&Key-Pair-Id=${KEY_ID}`;
    expect(refusal(url, trusted, Date.parse('2026-12-05T08:00:00Z'))).toBeUndefined();
    // The same signature offered as SHA-256 does not verify.
    expect(refusal(`${url}&Hash-Algorithm=SHA256`, trusted, Date.parse('2026-12-05T08:00:00Z'))).toMatch(
      /signature/,
    );
  });

  it('follows a custom policy: a wildcard resource, and a start time', () => {
    const now = Date.parse('2026-12-05T08:00:00Z');
    const policy = JSON.stringify({
      Statement: [
        {
          Resource: `${PORTAL}/resources/a/v1/*`,
          Condition: {
            DateLessThan: { 'AWS:EpochTime': now / 1000 + 3600 },
            DateGreaterThan: { 'AWS:EpochTime': now / 1000 - 60 },
          },
        },
      ],
    });
    const query = `Policy=${cloudFrontBase64(Buffer.from(policy))}&Signature=${sign(policy, 'sha256')}&Key-Pair-Id=${KEY_ID}&Hash-Algorithm=SHA256`;
    expect(refusal(`${PORTAL}/resources/a/v1/hls/seg-001.ts?${query}`, trusted, now)).toBeUndefined();
    expect(refusal(`${PORTAL}/resources/b/v1/clip.mp4?${query}`, trusted, now)).toMatch(/another resource/);
    expect(refusal(`${PORTAL}/resources/a/v1/clip.mp4?${query}`, trusted, now - 120_000)).toMatch(
      /not valid yet/,
    );
  });

  it('keeps one key per generation: made once, found again by a later deploy or a rollback', () => {
    let made = 0;
    const make = () => `-----BEGIN PRIVATE KEY-----\nkey ${++made}\n-----END PRIVATE KEY-----\n`;
    // CDK's first value is a random password: no keys.
    expect(readMediaKeys('Xk3!r9-password-cdk-made')).toEqual({ keys: {} });
    const first = ensureGenerations(readMediaKeys(undefined), 1, make);
    expect(first.changed).toBe(true);
    expect(Object.keys(first.stored.keys)).toEqual(['1']);
    const again = ensureGenerations(readMediaKeys(JSON.stringify(first.stored)), 1, make);
    expect(again).toEqual({ stored: first.stored, changed: false });
    // The rotation adds generation 2 and keeps 1 (CloudFront trusts both for this deploy).
    const rotated = ensureGenerations(readMediaKeys(JSON.stringify(first.stored)), 2, make);
    expect(rotated.changed).toBe(true);
    expect(rotated.stored.keys['1']).toBe(first.stored.keys['1']);
    expect(rotated.stored.keys['2']).toBeDefined();
    // A rollback to generation 1 finds its key as it was: nothing is written.
    const rolledBack = ensureGenerations(readMediaKeys(JSON.stringify(rotated.stored)), 1, make);
    expect(rolledBack.changed).toBe(false);
    expect(rolledBack.stored.keys['1']).toBe(first.stored.keys['1']);
    expect(made).toBe(2);
    // Starting at generation 3 makes 2 and 3.
    expect(Object.keys(ensureGenerations({ keys: {} }, 3, make).stored.keys).sort()).toEqual(['2', '3']);
    expect(parseGeneration(undefined)).toBe(1);
    expect(parseGeneration('2')).toBe(2);
    expect(() => parseGeneration('0')).toThrow(/whole number/);
    expect(() => parseGeneration('1.5')).toThrow(/whole number/);
  });

  it('gives CloudFront the public key of the private key kept in the secret', () => {
    const pem = publicKeyOf(privatePem);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(createPublicKey(pem).export({ type: 'spki', format: 'der' })).toEqual(
      pair.publicKey.export({ type: 'spki', format: 'der' }),
    );
  });
});
