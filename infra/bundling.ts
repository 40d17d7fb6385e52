/**
 * esbuild's options as the CDK stack bundles each function (infra/constructs/functions.ts gives the
 * same to NodejsFunction): what the benchmark measures and the OCR artefact's test builds are the
 * bundles Lambda runs.
 */
import type { BuildOptions } from 'esbuild';
import { OCR_EXTERNAL_MODULES } from './ocr-runtime.ts';

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
  banner: {
    js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'error',
} satisfies BuildOptions;
