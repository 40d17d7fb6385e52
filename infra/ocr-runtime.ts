/**
 * The OCR runtime a worker with `bundleOcr` ships beside its bundle, in node_modules (paths under
 * the repository's node_modules): tesseract.js spawns its worker thread from its own files and the
 * core reads its .wasm beside it, so neither can be bundled. Trimmed to what runs on Lambda's Node
 * 24 (docs/diplomas-ocr-plan.md, measured offline): the (relaxed-)SIMD cores, the integer "best"
 * Vietnamese model, and sharp on libvips compiled to WebAssembly — the one build npm installs on
 * every platform, so the artefact is the same from any machine that synthesises it (≈ 26 MB).
 */
export const OCR_EXTERNAL_MODULES = ['tesseract.js', 'sharp'];

export const OCR_RUNTIME_FILES = [
  'tesseract.js/package.json',
  'tesseract.js/LICENSE.md',
  'tesseract.js/src',
  'tesseract.js-core/package.json',
  'tesseract.js-core/LICENSE',
  'tesseract.js-core/tesseract-core-relaxedsimd.js',
  'tesseract.js-core/tesseract-core-relaxedsimd.wasm',
  'tesseract.js-core/tesseract-core-relaxedsimd-lstm.js',
  'tesseract.js-core/tesseract-core-relaxedsimd-lstm.wasm',
  'tesseract.js-core/tesseract-core-simd.js',
  'tesseract.js-core/tesseract-core-simd.wasm',
  'tesseract.js-core/tesseract-core-simd-lstm.js',
  'tesseract.js-core/tesseract-core-simd-lstm.wasm',
  '@tesseract.js-data/vie/package.json',
  '@tesseract.js-data/vie/4.0.0_best_int',
  'bmp-js',
  'is-url',
  'regenerator-runtime',
  'wasm-feature-detect',
  'sharp/package.json',
  'sharp/LICENSE',
  'sharp/dist',
  '@img/colour',
  'detect-libc',
  'semver',
  // With its own node_modules (@emnapi/runtime).
  '@img/sharp-wasm32',
  'tslib',
] as const;

/**
 * The shell commands that copy the runtime into a bundle's output directory. Through a file, not
 * a pipe: a missing path fails the synth (a pipe's status is only its last command's).
 */
export const copyOcrRuntime = (nodeModules: string, output: string) => [
  `mkdir -p ${output}/node_modules`,
  `tar -cf ${output}/ocr-runtime.tar -C ${nodeModules} --exclude='*/browser' ${OCR_RUNTIME_FILES.join(' ')}`,
  `tar -xf ${output}/ocr-runtime.tar -C ${output}/node_modules`,
  `rm ${output}/ocr-runtime.tar`,
];
