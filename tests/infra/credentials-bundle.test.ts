/**
 * The credentials code as the stack bundles it (infra/bundling.ts: jsonld's HTTP client and undici
 * replaced by a stand-in that refuses): run from a directory outside the repository, the bundle
 * issues a digital diploma, verifies it, fails it once revoked, and still refuses a context it does
 * not bundle — nothing it needs was left out with the HTTP client.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLING } from '../../infra/bundling.ts';

const ROOT = join(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'vn-edu-credentials-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the credentials in a Lambda bundle', () => {
  it('issue, verify, revoke and refuse unbundled contexts without the HTTP client', async () => {
    await build({
      stdin: {
        contents: `
          import { generateKeyPairSync } from 'node:crypto';
          import * as vc from './shared/credentials/verifiable-credentials.ts';
          import { diplomaCredential } from './functions/diplomas/domain/digital-diploma.ts';
          const issuer = 'https://portal.example/api/credentials/issuer';
          const key = issuer + '/keys/1';
          const list = 'https://portal.example/api/credentials/status/1';
          const { privateKey, publicKey } = generateKeyPairSync('ed25519');
          const signer = vc.localSigner(key, privateKey);
          const docs = await vc.issuerDocuments(issuer, key, publicKey);
          const resolve = (url) => docs.get(url);
          const publish = async (revoked) => docs.set(list, await vc.revocationList({ id: list, issuer, validFrom: '2025-07-28T00:00:00Z', revoked }, signer, resolve));
          await publish([]);
          const credential = await vc.issueCredential(diplomaCredential(
            { type: 'upper-secondary', fullName: 'Đỗ Thị Hà', graduationYear: 2025, school: 'Trường THPT Ngô Quyền', serial: 'B 2500001', issuedOn: '2025-07-28' },
            { id: issuer, name: 'Sở Giáo dục và Đào tạo', achievementsBase: issuer + '/achievements' },
            { id: 'urn:uuid:00000000-0000-4000-8000-000000000001', salt: 's', status: vc.revocationEntry(list, 3) },
          ), signer, resolve);
          const before = await vc.verifyCredential(credential, resolve);
          await publish([3]);
          const after = await vc.verifyCredential(credential, resolve);
          const foreign = await vc.verifyCredential({ ...credential, '@context': [...credential['@context'], 'https://evil.example/ctx'] }, resolve);
          console.log(JSON.stringify({ before, after: after.revoked && !after.verified, foreign: foreign.verified }));`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      outfile: join(out, 'index.mjs'),
      ...LAMBDA_BUNDLING,
    });
    const bundle = readFileSync(join(out, 'index.mjs'), 'utf8');
    // undici's own identifiers are not in it.
    expect(bundle).not.toContain('UND_ERR_');
    const printed = execFileSync(process.execPath, [join(out, 'index.mjs')], {
      cwd: out,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(printed)).toEqual({
      before: { verified: true, revoked: false, problems: [] },
      after: true,
      foreign: false,
    });
  }, 90_000);
});
