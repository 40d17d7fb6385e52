/**
 * The portal's Content-Security-Policy, written once for CloudFront (infra/constructs/portal.ts)
 * and the local cloud that serves the same build (infra/local/cloud.ts), so the browser tests run
 * under the policy production sends.
 *
 * The built portal has no inline script or style (Vite emits one module script and one stylesheet;
 * Preact sets `style` through the CSSOM, which CSP does not govern), so nothing is 'unsafe-inline'.
 * What the page reaches beyond its own origin: the OpenID provider (discovery, token and refresh
 * requests) and the two buckets it uses through presigned URLs — uploads go to documents and
 * materials, and exam papers, question images and audio, and the repository's videos come from
 * materials.
 */
export interface PortalCspSources {
  /** The OIDC issuer URL (its origin is what the browser fetches). */
  issuer: string;
  /** Origins the portal PUTs uploads to and fetches presigned files from. */
  uploadOrigins: readonly string[];
  /** Origins presigned images, audio and video are read from. */
  mediaOrigins: readonly string[];
  /** More origins the browser may call (a provider whose token endpoint is on another host). */
  extraConnectOrigins?: readonly string[];
}

/** `https://host` from a URL; a value holding a CDK token (resolved at deploy time) passes as is. */
const originOf = (url: string) =>
  !url.includes('${Token[') && URL.canParse(url) ? new URL(url).origin : url;

export function portalContentSecurityPolicy(sources: PortalCspSources): string {
  const list = (...items: readonly string[]) => [...new Set(items)].join(' ');
  const connect = list(
    "'self'",
    originOf(sources.issuer),
    ...sources.uploadOrigins.map(originOf),
    ...sources.mediaOrigins.map(originOf),
    ...(sources.extraConnectOrigins ?? []).map(originOf),
  );
  const media = list("'self'", ...sources.mediaOrigins.map(originOf));
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${media} data:`,
    `media-src ${media}`,
    `connect-src ${connect}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The policy of the SCORM and cmi5 packages the portal's origin serves under /packages/ (their
 * files unpacked into materials by the courses context). Authoring tools write inline scripts and
 * styles and some evaluate code, so those are allowed here and only here; the content may be
 * framed by the portal alone, talks only to its own origin (the runtime in the parent window, the
 * API under /api), and may load media from itself. Packages are imported by the Department's
 * catalogue managers and checked before they are served: being on the portal's origin (so a unit
 * finds the runtime in its parent window, as SCORM requires) makes them as trusted as the portal.
 */
export function packageContentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * The policy of the learning materials served under /resources/ (videos, signed links): a file
 * opened on its own is a sandboxed document that runs nothing and reaches nothing but itself, so
 * an upload that is not what it says cannot act as the portal, whose origin it shares.
 */
export function mediaContentSecurityPolicy(): string {
  return ["default-src 'none'", "media-src 'self'", "img-src 'self'", 'sandbox'].join('; ');
}
