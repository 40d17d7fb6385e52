/**
 * Stands in for `@digitalbazaar/http-client` in the Lambda bundles (infra/bundling.ts): the
 * credentials' document loader never fetches (shared/credentials/verifiable-credentials.ts), so
 * jsonld's node loader — the only user of the HTTP client, and of the 400 KB undici it brings —
 * is left without a network: anything that calls it fails.
 */
const refuse = () => {
  throw new Error('No network for JSON-LD documents: only bundled contexts and known documents are read');
};
export const httpClient = new Proxy({}, { get: () => refuse });
export const DEFAULT_HEADERS = {};
