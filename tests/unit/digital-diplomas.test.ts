/**
 * A digital diploma verified offline with the libraries' own verifier (@digitalbazaar/vc,
 * eddsa-rdfc-2022): issued as an Open Badges 3.0 credential, it verifies; a changed letter, a key
 * its issuer does not list, a context nobody bundled, or its bit set in the issuer's revocation list
 * fail it. No network: the loader reads only the bundled contexts and the issuer's documents.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { CreateKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  digitalDiplomaAttestation,
  digitalDiplomaBlocks,
  diplomaCredential,
} from '../../functions/diplomas/domain/digital-diploma.ts';
import type { RegisterEntry } from '../../functions/diplomas/domain/register.ts';
import { localKms } from '../../infra/local/kms.ts';
import { kmsEd25519Signer, kmsPublicKey } from '../../shared/credentials/kms-signer.ts';
import {
  documentLoaderOf,
  type Ed25519Signer,
  issueCredential,
  issuerDocuments,
  type JsonLd,
  localSigner,
  revocationEntry,
  revocationList,
  STATUS_LIST_LENGTH,
  verifyCredential,
} from '../../shared/credentials/verifiable-credentials.ts';

const ISSUER = 'https://portal.vnedu.example/issuers/sgd';
const KEY = `${ISSUER}#key-1`;
const LIST = 'https://portal.vnedu.example/status/diplomas/1';
const FACTS = {
  type: 'upper-secondary' as const,
  fullName: 'Nguyễn Thị Hương',
  graduationYear: 2026,
  school: 'Trường THPT Ngô Quyền',
  serial: 'B 2600017',
  issuedOn: '2026-07-28',
};
const ISSUER_FACTS = {
  id: ISSUER,
  name: 'Sở Giáo dục và Đào tạo thành phố Hải Phòng',
  achievementsBase: `${ISSUER}/achievements`,
};

let signer: Ed25519Signer;
let documents: Map<string, JsonLd>;
const resolve = (url: string) => documents.get(url);

async function publishList(revoked: number[]) {
  documents.set(
    LIST,
    await revocationList(
      { id: LIST, issuer: ISSUER, validFrom: '2026-07-28T00:00:00Z', revoked },
      signer,
      resolve,
    ),
  );
}

async function issued(index: number) {
  const credential = diplomaCredential(FACTS, ISSUER_FACTS, {
    id: `urn:uuid:${randomUUID()}`,
    status: revocationEntry(LIST, index),
  });
  return issueCredential(credential, signer, resolve);
}

describe('digital diplomas (Open Badges 3.0, eddsa-rdfc-2022)', () => {
  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    signer = localSigner(KEY, privateKey);
    // The public key as KMS's GetPublicKey hands it: SPKI DER.
    documents = await issuerDocuments(ISSUER, KEY, publicKey.export({ format: 'der', type: 'spki' }));
    await publishList([]);
  });

  it('issues a credential that verifies offline, naming the holder as printed and by nothing else', async () => {
    const credential = await issued(17);
    expect(credential.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      verificationMethod: KEY,
      proofPurpose: 'assertionMethod',
    });
    const subject = credential.credentialSubject as {
      identifier: { identityType: string; identityHash: string }[];
    };
    // Named as printed, never by the personal ID (a hashed 12-digit number is found again by trying them all).
    expect(subject.identifier).toEqual([
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: FACTS.fullName },
    ]);
    expect(await verifyCredential(credential, resolve)).toEqual({
      verified: true,
      revoked: false,
      problems: [],
    });
  });

  it('fails a credential changed after signing, or signed by a key the issuer does not list', async () => {
    const credential = await issued(18);
    const changed = structuredClone(credential) as JsonLd & { credentialSubject: { licenseNumber: string } };
    changed.credentialSubject.licenseNumber = 'B 2600018';
    const tampered = await verifyCredential(changed, resolve);
    expect(tampered.verified).toBe(false);
    expect(tampered.problems.join(' ')).toMatch(/signature/i);

    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = await issueCredential(
      diplomaCredential(FACTS, ISSUER_FACTS, {
        id: `urn:uuid:${randomUUID()}`,
        status: revocationEntry(LIST, 19),
      }),
      localSigner(KEY, privateKey),
      resolve,
    );
    expect((await verifyCredential(forged, resolve)).verified).toBe(false);
  });

  it('fails closed: a context nobody bundled is never fetched, and an unknown issuer is not trusted', async () => {
    const loader = documentLoaderOf(resolve);
    await expect(loader('https://evil.example/context.jsonld')).rejects.toThrow(/Not loading/);
    const credential = await issued(20);
    const foreign = {
      ...credential,
      '@context': [...(credential['@context'] as string[]), 'https://evil.example/context.jsonld'],
    };
    expect((await verifyCredential(foreign, resolve)).verified).toBe(false);
    // Without the issuer's documents the key cannot be read: not verified.
    expect((await verifyCredential(credential, () => undefined)).verified).toBe(false);
  });

  it('is revoked by setting its bit in the issuer’s signed list, and only its own', async () => {
    const kept = await issued(41);
    const revoked = await issued(42);
    expect((await verifyCredential(revoked, resolve)).verified).toBe(true);
    await publishList([42]);
    expect(await verifyCredential(revoked, resolve)).toMatchObject({ verified: false, revoked: true });
    expect(await verifyCredential(kept, resolve)).toMatchObject({ verified: true, revoked: false });
    // A list the issuer did not sign (its bit cleared by someone else) is not believed.
    const list = structuredClone(documents.get(LIST)!) as JsonLd & {
      credentialSubject: { encodedList: string };
    };
    const cleared = await revocationList(
      { id: LIST, issuer: ISSUER, validFrom: '2026-07-28T00:00:00Z', revoked: [] },
      signer,
      resolve,
    );
    list.credentialSubject.encodedList = (cleared.credentialSubject as { encodedList: string }).encodedList;
    documents.set(LIST, list);
    expect((await verifyCredential(revoked, resolve)).verified).toBe(false);
    expect(STATUS_LIST_LENGTH).toBeGreaterThanOrEqual(131_072);
  });
});

describe('the issuer’s key in KMS (ECC_NIST_EDWARDS25519, ED25519_SHA_512 over RAW)', () => {
  // The real KMS client against the local KMS stand-in, as the functions use it.
  let kms: KMSClient;
  let server: Server;
  beforeAll(async () => {
    const local = localKms();
    server = createServer((req, res) => void local.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    kms = new KMSClient({
      endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('signs a credential that verifies against the public key KMS gives, and refuses pre-hashed signing', async () => {
    const { KeyMetadata } = await kms.send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' }),
    );
    const keyId = KeyMetadata!.KeyId!;
    const kmsDocuments = await issuerDocuments(ISSUER, KEY, await kmsPublicKey(kms, keyId));
    const kmsResolve = (url: string) => kmsDocuments.get(url);
    const credential = await issueCredential(
      diplomaCredential(FACTS, ISSUER_FACTS, {
        id: `urn:uuid:${randomUUID()}`,
        status: revocationEntry(LIST, 7),
      }),
      kmsEd25519Signer(kms, keyId, KEY),
      kmsResolve,
    );
    kmsDocuments.set(
      LIST,
      await revocationList(
        { id: LIST, issuer: ISSUER, validFrom: '2026-07-28T00:00:00Z', revoked: [] },
        kmsEd25519Signer(kms, keyId, KEY),
        kmsResolve,
      ),
    );
    expect(await verifyCredential(credential, kmsResolve)).toEqual({
      verified: true,
      revoked: false,
      problems: [],
    });
    // Against the local key of the other tests, the same credential is not the issuer's.
    expect((await verifyCredential(credential, resolve)).verified).toBe(false);
    // KMS signs Ed25519 RAW only; the pre-hashed variant verifiers reject is not offered.
    await expect(
      kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: new Uint8Array(64),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ED25519_SHA_512',
        }),
      ),
    ).rejects.toThrow(/RAW/);
    await expect(
      kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: new Uint8Array(64),
          MessageType: 'RAW',
          SigningAlgorithm: 'ED25519_PH_SHA_512',
        }),
      ),
    ).rejects.toThrow(/signs with ED25519_SHA_512 only/);
  });
});

describe('the digital diploma’s PDF form', () => {
  const entry: RegisterEntry = {
    type: 'upper-secondary',
    holder: {
      fullName: 'Lê Minh Châu',
      birthDate: '2008-04-11',
      gender: 'female',
      placeOfBirth: 'Thủy Nguyên',
    },
    graduationYear: 2025,
    serial: 'DD 0012345',
    registerYear: 2025,
    registerNumber: 12,
    school: 'Trường THPT Thái Phiên',
    issuedOn: '2025-07-28',
  } as RegisterEntry;
  const id = '0b8a1c9e-1111-4222-8333-444455556666';

  it('prints the entry as the register holds it, dated the day signed, naming the credential it goes with', () => {
    const blocks = digitalDiplomaBlocks(entry, id);
    const text = JSON.stringify(blocks);
    expect(blocks).toContainEqual({ kind: 'title', text: 'BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG' });
    expect(blocks).toContainEqual({ kind: 'field', label: 'Ngày sinh', value: '11/04/2008' });
    expect(blocks).toContainEqual({ kind: 'field', label: 'Số vào sổ cấp bằng', value: '12/2025' });
    expect(blocks).toContainEqual({ kind: 'paragraph', text: 'Hải Phòng, ngày 28 tháng 07 năm 2025' });
    expect(text).toContain(`urn:uuid:${id}`);
    // A diploma has no "Nơi nhận".
    expect(blocks.find((b) => b.kind === 'signoff')).toMatchObject({ recipients: [] });
  });

  it('attests on the public page what identifies it, never the birth date or place', () => {
    const attested = digitalDiplomaAttestation(entry, id);
    expect(attested).toMatchObject({
      kind: 'digital-diploma',
      title: 'Văn bằng số: Bằng tốt nghiệp trung học phổ thông',
      holder: 'Lê Minh Châu',
    });
    expect(attested.facts).toContainEqual({ label: 'Mã văn bằng số', value: `urn:uuid:${id}` });
    expect(JSON.stringify(attested)).not.toMatch(/2008-04-11|11\/04\/2008|Thủy Nguyên/);
  });
});
