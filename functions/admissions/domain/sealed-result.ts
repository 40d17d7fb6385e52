/**
 * A family's published result, sealed (pure; Web Crypto, so the worker that writes it and the
 * portal page that opens it share this one module).
 *
 * Every family's result is written to public storage before the minute, encrypted: its path is a
 * hash of the family's own token (never the token), its key is derived from the token and the
 * campaign's release secret. The secret exists only on the table until the minute, when one small
 * public object (the release notice) carries it: from then on each family — and only the holder of
 * that family's token — can find and open their own result, with nothing but static files.
 * AES-256-GCM with the object's path as associated data: a result copied to another path opens no more.
 */

export interface SealedResult {
  /** The format: 1. */
  v: 1;
  iv: string;
  data: string;
}

/** The small public object released at the minute: before it, `released` is false and no secret. */
export interface ReleaseNotice {
  campaignId: string;
  name: string;
  publishAt: string;
  confirmUntil?: string;
  released: boolean;
  secret?: string;
}

const encoder = new TextEncoder();
const subtle = () => globalThis.crypto.subtle;

export function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const random = (n: number) => toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(n)));
/** A campaign's release secret: 256 bits. */
export const newReleaseSecret = () => random(32);
/** A family's result token (an application's): 128 bits, unguessable. */
export const newResultToken = () => random(16);
/** Tokens as `newResultToken` writes them: what the result page accepts from its link. */
export const RESULT_TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** Where a token's result lies: hex SHA-256, under the campaign's prefix. Reveals nothing of the token. */
export async function resultLocator(token: string): Promise<string> {
  const digest = await subtle().digest('SHA-256', encoder.encode(`admission-result-locator\n${token}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function resultKey(secret: string, token: string, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const hmac = await subtle().importKey(
    'raw',
    fromBase64Url(secret) as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const raw = await subtle().sign('HMAC', hmac, encoder.encode(`admission-result-key\n${token}`));
  return subtle().importKey('raw', raw, { name: 'AES-GCM' }, false, [usage]);
}

export async function sealResult(payload: unknown, secret: string, token: string): Promise<SealedResult> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const data = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(await resultLocator(token)) },
    await resultKey(secret, token, 'encrypt'),
    encoder.encode(JSON.stringify(payload)),
  );
  return { v: 1, iv: toBase64Url(iv), data: toBase64Url(new Uint8Array(data)) };
}

/** Opens a sealed result; a wrong token or secret, or a result moved or altered, throws. */
export async function openResult<T>(sealed: SealedResult, secret: string, token: string): Promise<T> {
  const plain = await subtle().decrypt(
    {
      name: 'AES-GCM',
      iv: fromBase64Url(sealed.iv) as Uint8Array<ArrayBuffer>,
      additionalData: encoder.encode(await resultLocator(token)),
    },
    await resultKey(secret, token, 'decrypt'),
    fromBase64Url(sealed.data) as Uint8Array<ArrayBuffer>,
  );
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}

/** One family's published result, in both languages (the page shows the reader's). */
export interface PublishedResult {
  campaignId: string;
  campaignName: string;
  schoolYear: string;
  grade: number;
  childName: string;
  candidateNumber?: string;
  /** Hundredths: the papers (or "absent"), the points counted at preference 1. */
  papers?: { code: string; name: string; score: number | 'absent' }[];
  points?: number;
  status: 'admitted' | 'not-admitted' | 'not-a-candidate';
  admitted?: { schoolName: string; kind: string; paperName?: string; preference: number; direct?: boolean };
  disqualified?: Localized;
  preferences: {
    preference: number;
    schoolName: string;
    outcome: 'admitted' | 'rejected' | 'not-considered';
    reason?: Localized;
  }[];
  /** Why there was no candidacy (the application not verified when the run was made). */
  note?: Localized;
  confirmUntil?: string;
}

export interface Localized {
  vi: string;
  en: string;
}

/** The release notice's and results' paths under the portal (and keys under the bucket prefix). */
export const releasePath = (campaignId: string) => `${campaignId}/release.json`;
export const resultPath = (campaignId: string, locator: string) =>
  `${campaignId}/${locator.slice(0, 2)}/${locator}.json`;
