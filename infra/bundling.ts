/**
 * esbuild's options as the CDK stack bundles each function (infra/constructs/functions.ts gives the
 * same to NodejsFunction): what the benchmark measures and the OCR artefact's test builds are the
 * bundles Lambda runs.
 */
import { resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { OCR_EXTERNAL_MODULES } from './ocr-runtime.ts';

/**
 * jsonld's node document loader brings an HTTP client and undici (≈ 420 KB minified) that the
 * credentials never use (their loader never fetches): a stand-in that refuses takes its place.
 */
export const HTTP_CLIENT_ALIAS = {
  '@digitalbazaar/http-client': resolve(import.meta.dirname, '../shared/credentials/no-http-client.ts'),
};

export const LAMBDA_BUNDLING = {
  bundle: true,
  minify: true,
  treeShaking: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  // The OCR workers' runtime ships beside their bundle (infra/ocr-runtime.ts).
  external: OCR_EXTERNAL_MODULES,
  alias: HTTP_CLIENT_ALIAS,
  banner: {
    js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'error',
} satisfies BuildOptions;
