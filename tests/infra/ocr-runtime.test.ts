/**
 * The OCR workers' artefact as the stack builds it: bundled with tesseract.js and sharp left out,
 * the runtime files of infra/ocr-runtime.ts copied beside it. Run from a directory outside the
 * repository (so nothing resolves to its node_modules), it reads a diploma: the trimmed list is
 * enough, the model is read from the files, and sharp runs on its WebAssembly build (the artefact
 * carries no native one).
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLING } from '../../infra/bundling.ts';
import { copyOcrRuntime, OCR_RUNTIME_FILES } from '../../infra/ocr-runtime.ts';
import { renderDiplomaScan, sampleDiploma } from '../support/diploma-scans.ts';

const ROOT = join(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'vn-edu-ocr-artefact-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the OCR runtime shipped with the OCR workers', () => {
  it('names only files the install has', () => {
    for (const path of OCR_RUNTIME_FILES)
      expect(existsSync(join(ROOT, 'node_modules', path)), path).toBe(true);
  });

  it('reads a diploma from a bundle and its runtime alone', async () => {
    await build({
      stdin: {
        contents: `
          import { readFileSync } from 'node:fs';
          import { readPage, closeOcr } from './functions/diplomas/ocr.ts';
          import { readDiploma } from './functions/diplomas/domain/scan-reading.ts';
          const page = await readPage(readFileSync(process.argv[2]));
          console.log(JSON.stringify(readDiploma(page.words).values));
          await closeOcr();`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      outfile: join(out, 'index.mjs'),
      ...LAMBDA_BUNDLING,
    });
    for (const command of copyOcrRuntime(join(ROOT, 'node_modules'), out))
      execSync(command, { shell: '/bin/sh' });
    expect(existsSync(join(out, 'node_modules/@img/sharp-linux-x64'))).toBe(false);
    const truth = sampleDiploma(4);
    writeFileSync(join(out, 'scan.jpg'), await renderDiplomaScan(truth, { rotate: 0.7, blur: 0.5 }));
    const printed = execFileSync(process.execPath, [join(out, 'index.mjs'), join(out, 'scan.jpg')], {
      cwd: out,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(printed)).toMatchObject({
      'holder.fullName': truth.fullName,
      serial: truth.serial,
      registerNumber: truth.registerNumber,
    });
  }, 90_000);
});
