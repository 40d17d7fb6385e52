/**
 * The local cloud's stand-in for AWS KMS: the JSON 1.1 protocol (`X-Amz-Target:
 * TrentService.<Operation>`) for the asymmetric signing keys the platform uses —
 * CreateKey (RSA_2048 or ECC_NIST_EDWARDS25519, SIGN_VERIFY), CreateAlias, DescribeKey,
 * GetPublicKey, Sign (RSASSA_PKCS1_V1_5_SHA_256 over RAW or DIGEST; ED25519_SHA_512 over RAW
 * only, as KMS requires) and ScheduleKeyDeletion — so the handlers run the real
 * `@aws-sdk/client-kms` against it exactly as against KMS. No emulator of KMS ships on npm; this
 * one keeps its keys in a folder (memory only without one). Nothing in `functions/` knows it.
 */
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  privateEncrypt,
  randomUUID,
  sign,
} from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

const REGION = 'ap-southeast-1';
const ACCOUNT = '000000000000';
type KeySpec = 'RSA_2048' | 'ECC_NIST_EDWARDS25519';
const SIGNING_ALGORITHMS: Record<KeySpec, string[]> = {
  RSA_2048: ['RSASSA_PKCS1_V1_5_SHA_256'],
  ECC_NIST_EDWARDS25519: ['ED25519_SHA_512'],
};
/** KMS's limit on a RAW message. */
const MAX_RAW_MESSAGE = 4096;
/** DER of DigestInfo's prefix for SHA-256 (RFC 8017 § 9.2 note 1): prefix ‖ digest is signed. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

interface StoredKey {
  keyId: string;
  description: string;
  createdAt: number;
  state: 'Enabled' | 'PendingDeletion';
  deletionDate?: number;
  tags: { TagKey: string; TagValue: string }[];
  /** Absent on keys stored before Ed25519 keys: RSA_2048. */
  keySpec?: KeySpec;
  /** PKCS #8 DER, base64. */
  privateKey: string;
}

class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export function localKms(folder?: string) {
  const keys = new Map<string, StoredKey>();
  const aliases = new Map<string, string>();
  if (folder && existsSync(folder)) {
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.key.json'))) {
      const key = JSON.parse(readFileSync(join(folder, file), 'utf8')) as StoredKey;
      keys.set(key.keyId, key);
    }
    const aliasFile = join(folder, 'aliases.json');
    if (existsSync(aliasFile))
      for (const [alias, keyId] of Object.entries(JSON.parse(readFileSync(aliasFile, 'utf8'))))
        aliases.set(alias, keyId as string);
  }
  const save = (key: StoredKey) => {
    if (!folder) return;
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${key.keyId}.key.json`), JSON.stringify(key), { mode: 0o600 });
  };
  const saveAliases = () => {
    if (!folder) return;
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'aliases.json'), JSON.stringify(Object.fromEntries(aliases)));
  };

  // Parsed once per key: every signature would otherwise parse the PKCS #8 again.
  const parsed = new Map<string, KeyObject>();
  const privateKeyOf = (key: StoredKey) => {
    let object = parsed.get(key.keyId);
    if (!object) {
      object = createPrivateKey({ key: Buffer.from(key.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
      parsed.set(key.keyId, object);
    }
    return object;
  };
  const arn = (keyId: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`;
  /** A key id, a key ARN, an alias name or an alias ARN, as KMS accepts them. */
  const resolve = (id: unknown): StoredKey => {
    if (typeof id !== 'string' || id === '') throw new KmsError('ValidationException', 'KeyId is required');
    const bare = id.replace(/^arn:aws:kms:[^:]*:[^:]*:/, '');
    const keyId = bare.startsWith('alias/') ? aliases.get(bare) : bare.replace(/^key\//, '');
    const key = keyId ? keys.get(keyId) : undefined;
    if (!key) throw new KmsError('NotFoundException', `Key '${id}' does not exist`);
    return key;
  };
  const usable = (id: unknown) => {
    const key = resolve(id);
    if (key.state !== 'Enabled')
      throw new KmsError('KMSInvalidStateException', `${arn(key.keyId)} is pending deletion.`);
    return key;
  };
  const specOf = (key: StoredKey): KeySpec => key.keySpec ?? 'RSA_2048';
  const metadata = (key: StoredKey) => ({
    AWSAccountId: ACCOUNT,
    KeyId: key.keyId,
    Arn: arn(key.keyId),
    CreationDate: key.createdAt,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: 'SIGN_VERIFY',
    KeyState: key.state,
    KeySpec: specOf(key),
    CustomerMasterKeySpec: specOf(key),
    KeyManager: 'CUSTOMER',
    Origin: 'AWS_KMS',
    SigningAlgorithms: SIGNING_ALGORITHMS[specOf(key)],
    ...(key.deletionDate ? { DeletionDate: key.deletionDate } : {}),
  });
  const publicKeyDer = (key: StoredKey) =>
    createPublicKey(privateKeyOf(key)).export({ format: 'der', type: 'spki' }).toString('base64');

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    CreateKey(input) {
      const spec = String(input.KeySpec ?? 'SYMMETRIC_DEFAULT');
      if (!(spec === 'RSA_2048' || spec === 'ECC_NIST_EDWARDS25519') || input.KeyUsage !== 'SIGN_VERIFY')
        throw new KmsError(
          'UnsupportedOperationException',
          'The local KMS makes RSA_2048 and ECC_NIST_EDWARDS25519 SIGN_VERIFY keys only.',
        );
      const { privateKey } =
        spec === 'RSA_2048'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ed25519');
      const key: StoredKey = {
        keySpec: spec,
        keyId: randomUUID(),
        description: String(input.Description ?? ''),
        createdAt: Date.now() / 1000,
        state: 'Enabled',
        tags: (input.Tags as StoredKey['tags'] | undefined) ?? [],
        privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      };
      keys.set(key.keyId, key);
      save(key);
      return { KeyMetadata: metadata(key) };
    },
    CreateAlias(input) {
      const name = String(input.AliasName ?? '');
      if (!name.startsWith('alias/'))
        throw new KmsError('ValidationException', 'AliasName must begin with alias/');
      if (aliases.has(name))
        throw new KmsError('AlreadyExistsException', `An alias with the name ${name} already exists`);
      aliases.set(name, resolve(input.TargetKeyId).keyId);
      saveAliases();
      return {};
    },
    DescribeKey: (input) => ({ KeyMetadata: metadata(resolve(input.KeyId)) }),
    GetPublicKey(input) {
      const key = usable(input.KeyId);
      return {
        KeyId: arn(key.keyId),
        PublicKey: publicKeyDer(key),
        KeySpec: specOf(key),
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: SIGNING_ALGORITHMS[specOf(key)],
      };
    },
    Sign(input) {
      const key = usable(input.KeyId);
      const message = Buffer.from(String(input.Message ?? ''), 'base64');
      if (!SIGNING_ALGORITHMS[specOf(key)].includes(String(input.SigningAlgorithm)))
        throw new KmsError(
          'InvalidKeyUsageException',
          `${arn(key.keyId)} signs with ${SIGNING_ALGORITHMS[specOf(key)].join(', ')} only.`,
        );
      if (specOf(key) === 'ECC_NIST_EDWARDS25519') {
        // Pure Ed25519 (RFC 8032) over the message itself: KMS takes RAW only for ED25519_SHA_512.
        if (input.MessageType !== 'RAW')
          throw new KmsError('ValidationException', 'ED25519_SHA_512 signs RAW messages only.');
        if (message.length > MAX_RAW_MESSAGE)
          throw new KmsError('ValidationException', `A RAW message is at most ${MAX_RAW_MESSAGE} bytes.`);
        return {
          KeyId: arn(key.keyId),
          Signature: sign(null, message, privateKeyOf(key)).toString('base64'),
          SigningAlgorithm: 'ED25519_SHA_512',
        };
      }
      const digest = input.MessageType === 'DIGEST' ? message : createHash('sha256').update(message).digest();
      if (digest.length !== 32)
        throw new KmsError('ValidationException', 'A SHA-256 digest is 32 bytes long.');
      const signature = privateEncrypt(
        {
          key: privateKeyOf(key),
          padding: constants.RSA_PKCS1_PADDING,
        },
        Buffer.concat([SHA256_DIGEST_INFO, digest]),
      );
      return {
        KeyId: arn(key.keyId),
        Signature: signature.toString('base64'),
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      };
    },
    ScheduleKeyDeletion(input) {
      const key = resolve(input.KeyId);
      const days = Number(input.PendingWindowInDays ?? 30);
      if (!(days >= 7 && days <= 30))
        throw new KmsError('ValidationException', 'PendingWindowInDays must be between 7 and 30.');
      key.state = 'PendingDeletion';
      key.deletionDate = Date.now() / 1000 + days * 86_400;
      save(key);
      return {
        KeyId: arn(key.keyId),
        DeletionDate: key.deletionDate,
        KeyState: key.state,
        PendingWindowInDays: days,
      };
    },
  };

  return {
    /**
     * The key an alias names, made (SIGN_VERIFY) when there is none: the stack's keys — the
     * signing CA's (RSA_2048), the credentials issuer's (ECC_NIST_EDWARDS25519).
     */
    ensureSigningKey(alias: string, keySpec: KeySpec = 'RSA_2048', description = 'Signing CA') {
      if (aliases.has(alias)) return;
      const { KeyMetadata } = operations.CreateKey!({
        KeySpec: keySpec,
        KeyUsage: 'SIGN_VERIFY',
        Description: description,
      }) as { KeyMetadata: { KeyId: string } };
      operations.CreateAlias!({ AliasName: alias, TargetKeyId: KeyMetadata.KeyId });
    },
    /** What IAM knows of a key (its ARN, spec, usage, tags), by any id KMS accepts; undefined if none. */
    describe(id: string) {
      try {
        const key = resolve(id);
        return { arn: arn(key.keyId), keySpec: specOf(key), keyUsage: 'SIGN_VERIFY', tags: key.tags };
      } catch {
        return undefined;
      }
    },
    /** The keys in a state, for tests: how many signers' keys were made, how many retired. */
    keys: () => [...keys.values()].map(metadata),
    async handle(req: IncomingMessage, res: ServerResponse) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^TrentService\./, '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      try {
        const run = operations[operation];
        if (!run)
          throw new KmsError('UnsupportedOperationException', `${operation} is not available locally`);
        const input = chunks.length
          ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
          : {};
        reply(200, run(input));
      } catch (error) {
        if (!(error instanceof KmsError)) throw error;
        reply(400, { __type: error.type, message: error.message });
      }
    },
  };
}

export type LocalKms = ReturnType<typeof localKms>;
