/**
 * The KMS signing backend, through the real KMS client against the local cloud's KMS stand-in
 * and the signer-key items in DynamoDB Local: every key stays in KMS, signers racing for their
 * first certificate end up with one key (the others scheduled for deletion), certificates chain
 * to the CA key, and a PDF signed this way validates in pdfsig.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleLessonPlan } from '../../infra/local/sign-sample.ts';
import { documentClient } from '../../shared/db/client.ts';
import { kmsSigningBackend, signingCaAlias } from '../../shared/signing/kms.ts';
import { signPdf } from '../../shared/signing/pdf.ts';
import { makeSignerKeyStore } from '../../shared/signing/store.ts';
import { cloud, useCloudEnvironment } from '../support/cloud.ts';

describe('KMS signing backend', () => {
  let kms: KMSClient;
  const backend = () =>
    kmsSigningBackend({
      kms,
      keys: makeSignerKeyStore({ client: documentClient(), table: cloud().env.TABLE_NAME! }),
      caKeyId: signingCaAlias('local'),
    });
  beforeAll(() => {
    useCloudEnvironment();
    kms = new KMSClient({});
  });

  it('gives a new signer one KMS key even when several Lambdas sign for them at once', async () => {
    const signer = {
      accountId: `kms-${randomUUID()}`,
      fullName: 'Nguyễn Thị Hồng Nhung',
      organization: 'THPT Trần Phú',
    };
    // Five cold Lambdas: five backends with no shared memory, one table.
    const chains = await Promise.all(Array.from({ length: 5 }, () => backend().chain(signer)));
    const certificates = new Set(chains.map(([own]) => Buffer.from(own!).toString('base64')));
    expect(certificates.size).toBe(1);

    const [own, ca] = chains[0]!.map((der) => new X509Certificate(Buffer.from(der)));
    expect(own!.subject).toContain('CN=Nguyễn Thị Hồng Nhung');
    expect(own!.checkIssued(ca!)).toBe(true);
    expect(own!.verify(ca!.publicKey)).toBe(true);
    expect(ca!.verify(ca!.publicKey)).toBe(true);

    // The CA certificate's key is the stack's CA key, as KMS holds it.
    const caKey = await kms.send(new DescribeKeyCommand({ KeyId: signingCaAlias('local') }));
    expect(caKey.KeyMetadata?.KeySpec).toBe('RSA_2048');

    // Signatures verify with the certificate, from any Lambda.
    const data = new TextEncoder().encode('Kế hoạch giáo dục của giáo viên');
    const signature = await backend().sign(signer, data);
    expect(verify('sha256', data, own!.publicKey, Buffer.from(signature))).toBe(true);
    expect(
      verify('sha256', new TextEncoder().encode('tampered'), own!.publicKey, Buffer.from(signature)),
    ).toBe(false);
  });

  it('keeps exactly one key per signer enabled and retires the keys that lost the race', async () => {
    const signer = { accountId: `kms-${randomUUID()}`, fullName: 'Trần Văn Bình' };
    // The keys CreateKey made, seen on the client: KMS is then asked for each one's state.
    const made: string[] = [];
    const watching = new KMSClient({});
    watching.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        const keyId = (out.output as { KeyMetadata?: { Arn?: string } }).KeyMetadata?.Arn;
        if ((args.input as { KeySpec?: string }).KeySpec && keyId) made.push(keyId);
        return out;
      },
      { step: 'initialize' },
    );
    const racing = () =>
      kmsSigningBackend({
        kms: watching,
        keys: makeSignerKeyStore({ client: documentClient(), table: cloud().env.TABLE_NAME! }),
        caKeyId: signingCaAlias('local'),
      });
    const chains = await Promise.all(Array.from({ length: 4 }, () => racing().chain(signer)));
    expect(new Set(chains.map(([own]) => Buffer.from(own!).toString('hex'))).size).toBe(1);
    expect(made.length).toBeGreaterThan(1); // they did race
    const states = await Promise.all(
      made.map(
        async (keyId) => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState,
      ),
    );
    expect(states.filter((s) => s === 'Enabled')).toHaveLength(1);
    expect(states.filter((s) => s === 'PendingDeletion')).toHaveLength(made.length - 1);
  });

  it('signs a PDF that pdfsig validates, with the key in KMS', async () => {
    const signer = {
      accountId: `kms-${randomUUID()}`,
      fullName: 'Lê Minh Châu',
      organization: 'THCS Lê Lợi',
    };
    const signed = await signPdf(
      await sampleLessonPlan(),
      {
        signer,
        reason: 'Phê duyệt',
        location: 'Hải Phòng',
        verifyUrl: 'https://example.test/verify/x',
        signingTime: new Date(),
      },
      backend(),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'kms-pdf-')), 'signed.pdf');
    writeFileSync(file, signed);
    const report = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    expect(/Signature Validation: (.*)/.exec(report)?.[1]).toBe('Signature is Valid.');
    expect(report).toContain('Lê Minh Châu');
  });
});
