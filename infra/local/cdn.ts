/**
 * The portal distribution's `/resources/*` behaviour, locally (infra/constructs/portal.ts): a
 * request is served only with a valid CloudFront signature of one of the trusted keys, checked here
 * as CloudFront documents it — written apart from the signer the functions use
 * (shared/storage/media-links.ts), so a link this accepts is one CloudFront would.
 *
 * Canned policy: the URL as requested without the signing parameters, and `Expires`. Custom
 * policy: `Policy` (its Resource may hold `*`, with DateLessThan and an optional
 * DateGreaterThan). The signature is RSA over the policy's bytes, SHA-1 unless
 * `Hash-Algorithm=SHA256`, in CloudFront's URL-safe base64 (`-` `_` `~` for `+` `=` `/`).
 */
import { createVerify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RESULTS_PREFIX } from '../../functions/admissions/messages.ts';
import { MEDIA_PATH_PREFIX } from '../../shared/storage/media-links.ts';
import { mediaContentSecurityPolicy } from '../csp.ts';

const SIGNING_PARAMS = new Set(['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);

/** Does a request carry CloudFront's signing parameters (a media link rather than an API call)? */
export const isSignedRequest = (url: URL) =>
  url.searchParams.has('Signature') && url.searchParams.has('Key-Pair-Id');

const fromCloudFrontBase64 = (text: string) =>
  Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

/** `*` matches any run of characters, `?` one; the rest literally (CloudFront's custom policy). */
const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

interface PolicyStatement {
  Resource?: string;
  Condition?: {
    DateLessThan?: { 'AWS:EpochTime'?: number };
    DateGreaterThan?: { 'AWS:EpochTime'?: number };
  };
}

/**
 * Why CloudFront would refuse this URL, or undefined when it would serve it. `requested` is the
 * URL exactly as the viewer sent it (scheme, host, raw path and query).
 */
export function refusal(
  requested: string,
  trustedKeys: ReadonlyMap<string, KeyObject>,
  now = Date.now(),
): string | undefined {
  const [withoutQuery, rawQuery = ''] = requested.split(/\?(.*)/s, 2) as [string, string?];
  const params = new URLSearchParams(rawQuery);
  const keyPairId = params.get('Key-Pair-Id');
  const signature = params.get('Signature');
  if (!keyPairId || !signature) return 'Missing Key-Pair-Id query parameter or cookie value';
  const key = trustedKeys.get(keyPairId);
  if (!key) return 'Unknown Key';
  const hash = params.get('Hash-Algorithm') ?? 'SHA1';
  if (hash !== 'SHA1' && hash !== 'SHA256') return 'Invalid Hash-Algorithm';
  // The resource is the URL without the signing parameters, the other parameters as they came.
  let kept: string[];
  try {
    kept = rawQuery
      .split('&')
      .filter((pair) => pair && !SIGNING_PARAMS.has(decodeURIComponent(pair.split('=')[0]!)));
  } catch {
    return 'Malformed query string';
  }
  const resource = kept.length ? `${withoutQuery}?${kept.join('&')}` : withoutQuery;

  let policy: string;
  let statement: PolicyStatement;
  const expires = params.get('Expires');
  const custom = params.get('Policy');
  if (custom) {
    policy = fromCloudFrontBase64(custom).toString('utf8');
    try {
      const statements = (JSON.parse(policy) as { Statement?: PolicyStatement[] }).Statement;
      if (statements?.length !== 1) return 'Malformed Policy';
      statement = statements[0]!;
    } catch {
      return 'Malformed Policy';
    }
    if (statement.Resource && !wildcard(statement.Resource).test(resource))
      return 'Access denied: the policy is for another resource';
  } else if (expires && /^\d+$/.test(expires)) {
    statement = { Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': Number(expires) } } };
    policy = JSON.stringify({ Statement: [statement] });
  } else {
    return 'Missing Expires or Policy';
  }
  const verifier = createVerify(hash === 'SHA256' ? 'RSA-SHA256' : 'RSA-SHA1');
  verifier.update(policy, 'utf8');
  if (!verifier.verify(key, fromCloudFrontBase64(signature)))
    return 'Access denied: the signature does not match';
  const seconds = now / 1000;
  const notAfter = statement.Condition?.DateLessThan?.['AWS:EpochTime'];
  if (notAfter === undefined) return 'Malformed Policy: no DateLessThan';
  if (seconds >= notAfter) return 'Access denied: the link has expired';
  const notBefore = statement.Condition?.DateGreaterThan?.['AWS:EpochTime'];
  if (notBefore !== undefined && seconds <= notBefore) return 'Access denied: the link is not valid yet';
  return undefined;
}

/**
 * Serves a signed request for a material from the materials bucket over S3's HTTP protocol,
 * streamed, ranges and the version passed on; a refused one gets CloudFront's 403.
 */
export async function serveSignedMedia(
  req: IncomingMessage,
  res: ServerResponse,
  options: { bucketUrl: string; trustedKeys: ReadonlyMap<string, KeyObject> },
) {
  const requested = `http://${req.headers.host}${req.url ?? '/'}`;
  const why = refusal(requested, options.trustedKeys);
  const answer = (status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`,
    );
  };
  if (why) return answer(403, why);
  // What was checked is what is read: the raw path, with no dot segment or encoded separator a
  // resolver would turn into another key than the signature named.
  const rawPath = (req.url ?? '/').split('?')[0]!;
  if (!rawPath.startsWith(MEDIA_PATH_PREFIX) || /(^|\/)\.{1,2}(\/|$)|%2e|%2f|%5c|\\/i.test(rawPath))
    return answer(403, 'Access Denied');
  const versionId = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('versionId');
  await forwardObject(
    req,
    res,
    `${options.bucketUrl}${rawPath}${versionId ? `?versionId=${encodeURIComponent(versionId)}` : ''}`,
    { 'content-security-policy': mediaContentSecurityPolicy(), 'x-content-type-options': 'nosniff' },
    // S3 answers CloudFront's origin access 403 for a key that is not there.
    (status) => answer(status === 416 ? 416 : 403, 'Access Denied'),
  );
}

/**
 * An object read from the local S3 over its HTTP protocol as a CloudFront behaviour serves it:
 * the method and range passed on, S3's content headers passed back with the behaviour's own, the
 * body streamed. Anything but 200 or 206 from S3 is the behaviour's to answer (`refused`).
 */
export async function forwardObject(
  req: IncomingMessage,
  res: ServerResponse,
  objectUrl: string,
  headers: Record<string, string>,
  refused: (status: number) => void,
) {
  const upstream = await fetch(objectUrl, {
    method: req.method ?? 'GET',
    headers: req.headers.range ? { range: req.headers.range } : {},
  });
  if (upstream.status !== 200 && upstream.status !== 206) {
    await upstream.body?.cancel();
    return refused(upstream.status);
  }
  res.writeHead(upstream.status, {
    ...Object.fromEntries(
      PASSED_HEADERS.flatMap((h) => (upstream.headers.has(h) ? [[h, upstream.headers.get(h)!]] : [])),
    ),
    ...headers,
  });
  if (!upstream.body) return res.end();
  // A seek aborts the browser's range request: the upstream read ends with it, and a failure of
  // either side ends the response rather than the local cloud.
  await pipeline(Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream), res).catch(
    () => {
      res.destroy();
    },
  );
}

/**
 * The portal distribution's `/admission-results/*` behaviour, locally: published admission
 * results and their release notices (functions/admissions/publication.ts), read from the
 * materials bucket with the caching the objects carry. Anything else under the prefix — a key
 * no result has — is S3's 403 to CloudFront's origin access, as in AWS.
 */
export async function servePublishedResult(req: IncomingMessage, res: ServerResponse, bucketUrl: string) {
  const rawPath = (req.url ?? '/').split('?')[0]!;
  const denied = () => {
    res.writeHead(403, { 'content-type': 'text/xml' });
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    );
  };
  if (!PUBLISHED_RESULT.test(rawPath)) return denied();
  await forwardObject(req, res, `${bucketUrl}${rawPath}`, { 'x-content-type-options': 'nosniff' }, denied);
}

/** A release notice or a sealed result (domain/sealed-result.ts releasePath, resultPath). */
const PUBLISHED_RESULT = new RegExp(
  `^/${RESULTS_PREFIX}[0-9a-f-]{36}/(release\\.json|[0-9a-f]{2}/[0-9a-f]{64}\\.json)$`,
);

/** What S3 says of an object that CloudFront passes on to the viewer. */
const PASSED_HEADERS = [
  'cache-control',
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'etag',
  'last-modified',
];
