/**
 * Digital diplomas against the local cloud: the office issues a new graduate's entry, the worker
 * signs it with the issuer's Ed25519 key in the local KMS; the platform verifies it, and so does
 * the library's own verifier offline, from nothing but the documents the credential names (read
 * once from their public URLs); the office revokes it under a decision, the worker publishes the
 * list again, and both verifications then fail it. One in force an entry; none for a cancelled one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diplomaEntities } from '../../functions/diplomas/entities.ts';
import { PARENT1_PERSONAL_ID } from '../../infra/local/demo-data.ts';
import { STATUS_LIST_LENGTH } from '../../shared/credentials/context-urls.ts';
import { type JsonLd, verifyCredential } from '../../shared/credentials/verifiable-credentials.ts';
import { api, until, useCloudEnvironment } from '../support/cloud.ts';

const RUN = Date.now() % 1_000_000;

interface Credential {
  credentialId: string;
  state: string;
  code?: string;
  pdf: boolean;
  pdfUrl?: string;
  credential?: JsonLd & {
    id: string;
    issuer: { id: string };
    credentialStatus: { statusListCredential: string; statusListIndex: string };
    credentialSubject: {
      licenseNumber: string;
      identifier: { identityType: string; identityHash: string }[];
    };
    proof: { verificationMethod: string };
  };
}
interface Verified {
  verified: boolean;
  revoked: boolean;
  facts?: { fullName: string; serial: string };
  problems?: string[];
}

const enter = async (serial: string) => {
  const res = await api<{ entry: { entryId: string } }>('/diplomas', {
    as: 'diploma1',
    body: {
      holder: {
        fullName: 'Lê Minh Châu',
        birthDate: '2008-04-11',
        gender: 'female',
        personalId: `0313080${String(RUN).padStart(5, '0')}`.slice(0, 12),
      },
      type: 'upper-secondary',
      graduationYear: 2025,
      serial,
      school: 'Trường THPT Thái Phiên',
      issuedOn: '2025-07-28',
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.entry.entryId;
};

/** What poppler's pdfsig says of a signed PDF's signature. */
const pdfsig = (bytes: Uint8Array) => {
  const file = join(mkdtempSync(join(tmpdir(), 'pdfsig-')), 'signed.pdf');
  writeFileSync(file, bytes);
  return /Signature Validation: (.*)/.exec(execFileSync('pdfsig', [file], { encoding: 'utf8' }))?.[1];
};

/** Signed, and its PDF form made and signed too (by the document signer, after the credential). */
const signed = (credentialId: string) =>
  until(async () => {
    const res = await api<Credential>(`/diploma-credentials/${credentialId}`, { as: 'diploma1' });
    return res.body.state === 'issued' && res.body.pdf ? res.body : undefined;
  }, 60_000);

interface Attested {
  status: string;
  signedSha256?: string;
  revokedAt?: string;
  revocation?: { decisionNumber: string; decisionDate: string };
  document?: { kind: string; holder: string; facts: { label: string; value: string }[] };
}

/** What the credential names, read from its URLs (public, no sign-in), then nothing else. */
async function documentsOf(credential: NonNullable<Credential['credential']>) {
  const urls = [
    credential.issuer.id,
    credential.proof.verificationMethod,
    credential.credentialStatus.statusListCredential,
  ];
  const read = await Promise.all(urls.map(async (url) => [url, await (await fetch(url)).json()] as const));
  const documents = new Map<string, JsonLd>(read as [string, JsonLd][]);
  return (url: string) => documents.get(url);
}

describe('digital diplomas', () => {
  beforeAll(() => useCloudEnvironment());

  it('are issued, verified by the platform and offline, and revoked', async () => {
    const serial = `DD ${String(RUN).padStart(7, '0')}`;
    const entryId = await enter(serial);
    const asked = await api<Credential>(`/diplomas/${entryId}/digital-credentials`, {
      as: 'diploma1',
      method: 'POST',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body.state).toBe('issuing');
    // Asked again while it is being signed (the first answer lost): the same one, its message sent again.
    const again = await api<Credential>(`/diplomas/${entryId}/digital-credentials`, {
      as: 'diploma1',
      method: 'POST',
    });
    if (again.status === 202) expect(again.body.credentialId).toBe(asked.body.credentialId);
    else expect(again.status).toBe(409);

    const issued = await signed(asked.body.credentialId);
    // In force: another is refused until it is revoked.
    const another = await api(`/diplomas/${entryId}/digital-credentials`, { as: 'diploma1', method: 'POST' });
    expect(another.status).toBe(409);
    const credential = issued.credential!;
    expect(credential.id).toBe(`urn:uuid:${asked.body.credentialId}`);
    expect(credential.credentialSubject.licenseNumber).toBe(serial);
    expect(JSON.stringify(credential)).not.toContain('0313080');
    expect(credential.issuer.id).toMatch(/\/api\/credentials\/issuer$/);

    // The PDF form: signed PAdES, found on the verification page by its code and by its file.
    const pdf = new Uint8Array(await (await fetch(issued.pdfUrl!)).arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(pdfsig(pdf)).toBe('Signature is Valid.');
    const byCode = await api<Attested>(`/verify/${issued.code!.toLowerCase()}`, {});
    expect(byCode.status, JSON.stringify(byCode.body)).toBe(200);
    expect(byCode.body).toMatchObject({
      status: 'signed',
      signedSha256: createHash('sha256').update(pdf).digest('hex'),
      document: { kind: 'digital-diploma', holder: 'Lê Minh Châu' },
    });
    expect(byCode.body.revokedAt).toBeUndefined();
    expect(byCode.body.document!.facts).toContainEqual({ label: 'Số hiệu', value: serial });
    expect(byCode.body.document!.facts).toContainEqual({ label: 'Mã văn bằng số', value: credential.id });
    // Nothing personal beyond the printed name: the personal ID and birth date are not on the page.
    expect(JSON.stringify(byCode.body)).not.toMatch(/0313080|2008-04-11|11\/04\/2008/);
    const byFile = await api<{ items: Attested[] }>('/verify/by-file', {
      body: { sha256: createHash('sha256').update(pdf).digest('hex') },
    });
    expect(byFile.body.items.map((i) => i.document?.kind)).toEqual(['digital-diploma']);

    // The platform's verification, for anyone.
    const byPlatform = await api<Verified>('/credentials/verification', { body: credential });
    expect(byPlatform.status, JSON.stringify(byPlatform.body)).toBe(200);
    expect(byPlatform.body, JSON.stringify(byPlatform.body)).toMatchObject({
      verified: true,
      revoked: false,
      facts: { fullName: 'Lê Minh Châu', serial },
    });
    // Offline: the library's own verifier, with the documents the credential names.
    const resolve = await documentsOf(credential);
    expect(await verifyCredential(credential, resolve)).toEqual({
      verified: true,
      revoked: false,
      problems: [],
    });

    // A changed letter fails it.
    const changed = structuredClone(credential);
    changed.credentialSubject.licenseNumber = `${serial}1`;
    const tampered = await api<Verified>('/credentials/verification', { body: changed });
    expect(tampered.body.verified).toBe(false);
    expect(tampered.body.facts).toBeUndefined();

    // Revoked under a decision: the list is signed and published again.
    const revoked = await api<Credential>(`/diploma-credentials/${asked.body.credentialId}/revocation`, {
      as: 'diploma1',
      body: { decisionNumber: `${RUN}/QĐ-SGDĐT`, decisionDate: '2026-11-20', reason: 'Cấp nhầm người' },
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body.state).toBe('revoked');
    // The PDF form's page says so, and under which decision.
    const withdrawn = await api<Attested>(`/verify/${issued.code!}`, {});
    expect(withdrawn.body).toMatchObject({
      status: 'signed',
      revocation: { decisionNumber: `${RUN}/QĐ-SGDĐT`, decisionDate: '2026-11-20' },
    });
    expect(withdrawn.body.revokedAt).toBeDefined();
    expect(JSON.stringify(withdrawn.body)).not.toContain('Cấp nhầm người');
    const refused = await api<Verified>('/credentials/verification', { body: credential });
    expect(refused.body).toMatchObject({ verified: false, revoked: true });
    const offline = await until(async () => {
      const result = await verifyCredential(credential, await documentsOf(credential));
      return result.revoked ? result : undefined;
    }, 30_000);
    expect(offline.verified).toBe(false);

    // The entry may have a new one; the office's list shows both.
    const reissued = await api<Credential>(`/diplomas/${entryId}/digital-credentials`, {
      as: 'diploma1',
      method: 'POST',
    });
    expect(reissued.status).toBe(202);
    const listed = await api<{ items: Credential[] }>(`/diplomas/${entryId}/digital-credentials`, {
      as: 'diploma1',
    });
    expect(listed.body.items.map((c) => c.state).sort()).toEqual(['issuing', 'revoked'].sort());
  });

  it('are downloaded by their holder from "my diplomas", and by nobody else', async () => {
    const serial = `DH ${String(RUN).padStart(7, '0')}`;
    const entered = await api<{ entry: { entryId: string } }>('/diplomas', {
      as: 'diploma1',
      body: {
        holder: {
          fullName: 'Trịnh Văn Nam',
          birthDate: '1984-03-12',
          gender: 'male',
          personalId: PARENT1_PERSONAL_ID,
        },
        type: 'upper-secondary',
        graduationYear: 2025,
        serial,
        school: 'Trường THPT Ngô Quyền',
        issuedOn: '2025-07-28',
      },
    });
    expect(entered.status, JSON.stringify(entered.body)).toBe(201);
    const asked = await api<Credential>(`/diplomas/${entered.body.entry.entryId}/digital-credentials`, {
      as: 'diploma1',
      method: 'POST',
    });
    await signed(asked.body.credentialId);
    const mine = await api<{ items: { facts: { serial: string }; digital?: { credentialId: string } }[] }>(
      '/me/diplomas',
      { as: 'parent1' },
    );
    expect(mine.body.items.find((d) => d.facts.serial === serial)?.digital?.credentialId).toBe(
      asked.body.credentialId,
    );
    const own = await api<Credential['credential']>(`/me/diploma-credentials/${asked.body.credentialId}`, {
      as: 'parent1',
    });
    expect(own.status).toBe(200);
    expect(own.body!.credentialSubject.licenseNumber).toBe(serial);
    expect((await api<Verified>('/credentials/verification', { body: own.body })).body.verified).toBe(true);
    // Its PDF form too, by a five-minute link.
    const link = await api<{ url: string }>(`/me/diploma-credentials/${asked.body.credentialId}/pdf`, {
      as: 'parent1',
    });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    const file = new Uint8Array(await (await fetch(link.body.url)).arrayBuffer());
    expect(Buffer.from(file.subarray(0, 5)).toString()).toBe('%PDF-');
    for (const as of ['teacher1', 'diploma1'])
      expect((await api(`/me/diploma-credentials/${asked.body.credentialId}/pdf`, { as })).status, as).toBe(
        404,
      );
    // Someone else's digital diploma answers as one that does not exist.
    expect((await api(`/me/diploma-credentials/${asked.body.credentialId}`, { as: 'teacher1' })).status).toBe(
      404,
    );
    // So does it for an account with no verified personal ID (a staff account).
    expect((await api(`/me/diploma-credentials/${asked.body.credentialId}`, { as: 'diploma1' })).status).toBe(
      404,
    );
  });

  it('are revoked with their cancelled entry, and none is issued for it again', async () => {
    const entryId = await enter(`DC ${String(RUN).padStart(7, '0')}`);
    const asked = await api<Credential>(`/diplomas/${entryId}/digital-credentials`, {
      as: 'diploma1',
      method: 'POST',
    });
    const { credential } = await signed(asked.body.credentialId);
    const entry = await api<{ revision: number }>(`/diplomas/${entryId}`, { as: 'diploma1' });
    const cancelled = await api(`/diplomas/${entryId}/cancellation`, {
      as: 'diploma1',
      body: {
        decisionNumber: `${RUN}/QĐ-HB`,
        decisionDate: '2026-11-21',
        reason: 'Huỷ bỏ do gian lận',
        expectedRevision: entry.body.revision,
      },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    // Revoked under the cancellation's decision: on the platform at once, offline once the list is out.
    const listed = await api<{ items: (Credential & { revocation?: { decisionNumber: string } })[] }>(
      `/diplomas/${entryId}/digital-credentials`,
      { as: 'diploma1' },
    );
    expect(listed.body.items[0]).toMatchObject({
      state: 'revoked',
      revocation: { decisionNumber: `${RUN}/QĐ-HB` },
    });
    expect((await api<Verified>('/credentials/verification', { body: credential })).body).toMatchObject({
      verified: false,
      revoked: true,
    });
    await until(async () => {
      const result = await verifyCredential(credential!, await documentsOf(credential!));
      return result.revoked ? result : undefined;
    }, 30_000);
    const refused = await api<{ detail: string }>(`/diplomas/${entryId}/digital-credentials`, {
      as: 'diploma1',
      method: 'POST',
      headers: { 'accept-language': 'vi' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('Chỉ văn bằng còn hiệu lực');
    for (const as of ['keyer1', 'teacher1'])
      expect((await api(`/diplomas/${entryId}/digital-credentials`, { as, method: 'POST' })).status, as).toBe(
        403,
      );
  });

  it('take positions in the next revocation list once one is full, and are revoked there', async () => {
    const e = diplomaEntities();
    const { data: pointer } = await e.diplomaStatusListCurrent
      .get({ name: 'current' })
      .go({ consistent: true });
    const full = pointer?.listId ?? '1';
    // The current list's positions all taken (as 131,072 diplomas would).
    await e.diplomaStatusList.update({ listId: full }).set({ next: STATUS_LIST_LENGTH }).go();
    const entryId = await enter(`DR ${String(RUN).padStart(7, '0')}`);
    const asked = await api<Credential>(`/diplomas/${entryId}/digital-credentials`, {
      as: 'diploma1',
      method: 'POST',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const { credential } = await signed(asked.body.credentialId);
    // Another list (whoever moved it first: a test beside this one may have issued meanwhile).
    const listId = credential!.credentialStatus.statusListCredential.split('/').at(-1)!;
    expect(Number(listId)).toBeGreaterThan(Number(full));
    const { data: moved } = await e.diplomaStatusListCurrent
      .get({ name: 'current' })
      .go({ consistent: true });
    expect(moved?.listId).toBe(listId);
    expect((await api<Verified>('/credentials/verification', { body: credential })).body.verified).toBe(true);
    expect(await verifyCredential(credential!, await documentsOf(credential!))).toMatchObject({
      verified: true,
    });

    const revoked = await api(`/diploma-credentials/${asked.body.credentialId}/revocation`, {
      as: 'diploma1',
      body: { decisionNumber: `${RUN}/QĐ-DS`, decisionDate: '2026-11-22', reason: 'Cấp nhầm' },
    });
    expect(revoked.status).toBe(200);
    // Revoked in its own list, published by the worker: offline verifiers see it too.
    await until(async () => {
      const result = await verifyCredential(credential!, await documentsOf(credential!));
      return result.revoked ? result : undefined;
    }, 30_000);
  });
});
