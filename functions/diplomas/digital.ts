/**
 * Digital diplomas (văn bằng số) for new graduates: the office issues an entry of the register as
 * an Open Badges 3.0 / VC 2.0 credential (domain/digital-diploma.ts) that a worker signs with the
 * issuer's Ed25519 key in KMS (eddsa-rdfc-2022, shared/credentials); anyone verifies it — the
 * platform at `POST /credentials/verification`, or offline with the issuer's documents and its
 * revocation list, both served publicly — and the office revokes it under a decision, which sets
 * its bit in the signed Bitstring Status List the worker publishes again.
 *
 * - One standing credential an entry (a guard item); revoking frees the entry for a new one.
 * - A position in the list is taken by ADD on the list's counter (once per credential: no hot item
 *   at a graduation's pace), the revoked positions are a number set ADDed in the revocation's own
 *   transaction: the published list may lag a message, never lose a revocation (publishing signs
 *   the set as read, and is ordered by the list's revision).
 * - The issuer's URLs are the portal's (`PUBLIC_PORTAL_URL/api/credentials/…`).
 */
import { randomUUID } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { auditEntry } from '#shared/audit/entity.ts';
import { STATUS_LIST_LENGTH } from '#shared/credentials/context-urls.ts';
import { falseIfConditionFailed } from '#shared/db/errors.ts';
import { conflict, notFound } from '#shared/http/problem.ts';
import { observeClient } from '#shared/observability/aws-calls.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { writeWithNewCode } from '#shared/signing/registry.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import { DEPARTMENT_NAME } from './domain/copies.ts';
import { digitalDiplomaAttestation, diplomaCredential } from './domain/digital-diploma.ts';
import { printedFacts } from './domain/register.ts';
import { diplomaText } from './domain/texts.ts';
import { type DiplomaEntities, diplomaEntities } from './entities.ts';
import { credentialMessage, DIPLOMA_CREDENTIALS_QUEUE, DIPLOMA_PDFS_QUEUE, pdfMessage } from './messages.ts';
import { type Decision, entryOf, makeRegister, type Writer } from './register.ts';

/** The first list new credentials take positions in (131,072 of them; the next when it is full). */
export const FIRST_LIST = '1';
/** Lists moved past in one request at most (a list filling as it is read: one, in practice). */
const LIST_MOVES = 3;
const ISSUER_ID = 'sgd';

/** Where the issuer's documents and lists are served: the portal's origin, its /api. */
export function issuerUrls(base = process.env.PUBLIC_PORTAL_URL ?? '') {
  const issuer = `${base.replace(/\/$/, '')}/api/credentials/issuer`;
  return {
    issuer,
    key: `${issuer}/keys/1`,
    achievements: `${issuer}/achievements`,
    list: (listId: string) => `${base.replace(/\/$/, '')}/api/credentials/status/${listId}`,
  };
}

export interface CredentialItem {
  credentialId: string;
  entryId: string;
  listId: string;
  statusIndex: number;
  state: 'issuing' | 'issued' | 'revoked';
  credential?: string;
  requestedAt: string;
  requestedBy: string;
  issuedAt?: string;
  revokedAt?: string;
  revokedBy?: string;
  revocation?: Decision;
  /** The PDF form: its signature in the platform's registry, its code, and the file once made. */
  signatureId?: string;
  code?: string;
  pdfFileKey?: string;
}

/** What the office and the holder see of a credential (the signed JSON is downloaded apart). */
export const credentialView = (c: CredentialItem) => ({
  credentialId: c.credentialId,
  entryId: c.entryId,
  state: c.state,
  requestedAt: c.requestedAt,
  ...(c.issuedAt ? { issuedAt: c.issuedAt } : {}),
  ...(c.revokedAt ? { revokedAt: c.revokedAt } : {}),
  ...(c.revocation ? { revocation: c.revocation } : {}),
  ...(c.code ? { code: formatVerificationCode(c.code) } : {}),
  pdf: !!c.pdfFileKey,
});

/** The signed PDF's file name as downloaded (the serial, never the holder's name). */
const pdfName = (serial: string) => `van-bang-so-${serial.replace(/\W+/g, '')}.pdf`;

const credentialKey = () => process.env.CREDENTIALS_KEY_ID ?? '';
let kms: KMSClient | undefined;
const kmsClient = () => {
  kms ??= observeClient(new KMSClient({}));
  return kms;
};

export function makeDigitalDiplomas(entities: () => DiplomaEntities = diplomaEntities) {
  const register = makeRegister(entities);

  const get = async (credentialId: string) => {
    const { data } = await entities().diplomaCredential.get({ credentialId }).go({ consistent: true });
    return (data ?? undefined) as CredentialItem | undefined;
  };

  const audit = (action: string, entryId: string, writer: Writer, changes: Record<string, unknown>) =>
    auditEntry({
      actorId: writer.accountId,
      action,
      targetType: 'diploma',
      targetId: entryId,
      orgUnit: writer.unit,
      requestId: writer.requestId,
      changes,
    });

  /**
   * The worker's signing kit: the credentials library (loaded when first needed), the issuer's
   * URLs, its documents from the KMS key's public half, and a signer over that key.
   */
  async function issuerKey() {
    const vc = await import('#shared/credentials/verifiable-credentials.ts');
    const { kmsEd25519Signer, kmsPublicKey } = await import('#shared/credentials/kms-signer.ts');
    const urls = issuerUrls();
    const documents = await vc.issuerDocuments(
      urls.issuer,
      urls.key,
      await kmsPublicKey(kmsClient(), credentialKey()),
    );
    return { vc, urls, documents, signer: kmsEd25519Signer(kmsClient(), credentialKey(), urls.key) };
  }

  /**
   * A position in the current revocation list (ADD on its counter: once per credential, no hot
   * item). A full list moves new credentials to the next (the pointer moved once, on the condition
   * that it still names the full one); the position a full list gave stays unused.
   */
  async function takePosition() {
    const e = entities();
    for (let move = 0; move <= LIST_MOVES; move++) {
      const { data: current } = await e.diplomaStatusListCurrent
        .get({ name: 'current' })
        .go({ consistent: move > 0 });
      const listId = current?.listId ?? FIRST_LIST;
      const { data: list } = await e.diplomaStatusList
        .update({ listId })
        .add({ next: 1 })
        .go({ response: 'all_new' });
      const statusIndex = (list?.next ?? 1) - 1;
      if (statusIndex < STATUS_LIST_LENGTH) return { listId, statusIndex };
      await e.diplomaStatusListCurrent
        .put({ name: 'current', listId: String(Number(listId) + 1) })
        .where((c, op) => (current ? op.eq(c.listId, listId) : op.notExists(c.listId)))
        .go()
        // Moved by another request meanwhile: read again.
        .catch(falseIfConditionFailed);
    }
    throw conflict(diplomaText('credential-list-full'));
  }

  /** The issuer's documents and the published lists, by URL: what a verifier reads. */
  async function resolver() {
    const { data } = await entities().diplomaIssuer.get({ issuer: ISSUER_ID }).go();
    const documents = new Map<string, Record<string, unknown>>(
      Object.entries(data ? (JSON.parse(data.documents) as Record<string, Record<string, unknown>>) : {}),
    );
    const urls = issuerUrls();
    const lists = new Map<string, Record<string, unknown> | undefined>();
    return async (url: string) => {
      const known = documents.get(url);
      if (known) return known;
      const listId = url.startsWith(urls.list('')) ? url.slice(urls.list('').length) : undefined;
      if (!listId || !/^\d{1,6}$/.test(listId)) return undefined;
      if (!lists.has(listId)) lists.set(listId, await publishedList(listId));
      return lists.get(listId);
    };
  }

  async function publishedList(listId: string) {
    const { data } = await entities().diplomaStatusList.get({ listId }).go();
    return data?.published ? (JSON.parse(data.published) as Record<string, unknown>) : undefined;
  }

  /** A credential in force whose entry records this verified personal ID; anyone else's is missing. */
  async function holdersOwn(credentialId: string, personalId: string | undefined) {
    // No verified personal ID, someone else's, none yet, or no longer in force: the same answer.
    if (!personalId) throw notFound();
    const c = await get(credentialId);
    if (!c?.credential || c.state !== 'issued') throw notFound();
    const entry = await register.get(c.entryId, false);
    if (!entry?.personalId || entry.personalId !== personalId || entry.state !== 'valid') throw notFound();
    return { c, serial: entry.serial };
  }

  return {
    get,

    /** The signed credential for its holder: the entry must record their verified personal ID. */
    async holders(credentialId: string, personalId: string | undefined) {
      const { c } = await holdersOwn(credentialId, personalId);
      return JSON.parse(c.credential!) as Record<string, unknown>;
    },

    /** A five-minute link to the holder's signed PDF, once made (same rule as the credential). */
    async holdersPdf(credentialId: string, personalId: string | undefined) {
      const { c, serial } = await holdersOwn(credentialId, personalId);
      if (!c.pdfFileKey) throw conflict(diplomaText('credential-pdf-not-ready'));
      return { url: await presignDownload('documents', c.pdfFileKey, 300, pdfName(serial)) };
    },

    /** A link to the signed PDF for the office, when made. */
    pdfLink: async (c: CredentialItem) => {
      if (!c.pdfFileKey) return undefined;
      const entry = await register.get(c.entryId, false);
      return presignDownload('documents', c.pdfFileKey, 300, pdfName(entry?.serial ?? c.credentialId));
    },

    /** An entry's credentials, newest first (the office's view of the entry). */
    async ofEntry(entryId: string) {
      const { data } = await entities()
        .diplomaCredential.query.byEntry({ entryId })
        .go({ order: 'desc', pages: 'all' });
      return (data as CredentialItem[]).map(credentialView);
    },

    /**
     * Issues an entry as a digital diploma: a valid entry, none standing already; the position
     * taken, the credential written with its guard and audit, the worker asked to sign it.
     */
    async request(entryId: string, writer: Writer) {
      const entry = await register.get(entryId);
      if (!entry) throw notFound();
      if (entry.state !== 'valid') throw conflict(diplomaText('credential-entry-not-valid'));
      const e = entities();
      const { data: guard } = await e.diplomaCredentialGuard.get({ entryId }).go({ consistent: true });
      const standing = guard ? await get(guard.credentialId) : undefined;
      if (standing?.state === 'issuing') {
        // Asked again while still being signed (the first message may be lost): sent again; the
        // worker signs it once.
        await sendMessage(DIPLOMA_CREDENTIALS_QUEUE, credentialMessage, {
          kind: 'issue',
          credentialId: standing.credentialId,
        });
        return credentialView(standing);
      }
      if (standing?.state === 'issued' && standing.signatureId && !standing.pdfFileKey) {
        // Signed, its PDF not made yet (that message may be lost): the signer asks for it again.
        await sendMessage(DIPLOMA_CREDENTIALS_QUEUE, credentialMessage, {
          kind: 'issue',
          credentialId: standing.credentialId,
        });
        return credentialView(standing);
      }
      if (standing) throw conflict(diplomaText('credential-standing'));
      const { listId, statusIndex } = await takePosition();
      const base = {
        credentialId: randomUUID(),
        entryId,
        listId,
        statusIndex,
        state: 'issuing' as const,
        requestedAt: new Date().toISOString(),
        requestedBy: writer.accountId,
        // The PDF form's signature, pending until it is made: its code is printed on the stamp.
        signatureId: randomUUID(),
      };
      let item: CredentialItem = base;
      const result = await writeWithNewCode((code) => {
        item = { ...base, code };
        return e.service.transaction
          .write(
            ({
              diplomaCredential: c,
              diplomaCredentialGuard: guard,
              recordSignature,
              verificationCode,
              auditEntry: log,
            }) => [
              guard.create({ entryId, credentialId: item.credentialId }).commit(),
              c.create(item).commit(),
              recordSignature
                .create({
                  signatureId: base.signatureId,
                  signerId: 'unit:department',
                  signerName: DEPARTMENT_NAME,
                  reason: 'Văn bằng số',
                  code,
                  status: 'pending',
                  documentSha256: '',
                  attests: digitalDiplomaAttestation(entryOf(entry), base.credentialId),
                })
                .commit(),
              verificationCode.create({ code, signatureId: base.signatureId }).commit(),
              log
                .create(
                  audit('diploma.credential-issue', entryId, writer, { credentialId: item.credentialId }),
                )
                .commit(),
            ],
          )
          .go();
      }, 3);
      // The position taken stays unused: a list has room for that.
      if (result.canceled) throw conflict(diplomaText('credential-standing'));
      await sendMessage(DIPLOMA_CREDENTIALS_QUEUE, credentialMessage, {
        kind: 'issue',
        credentialId: item.credentialId,
      });
      return credentialView(item);
    },

    /** Revokes a standing credential under a decision: its bit set in the same transaction. */
    async revoke(credentialId: string, decision: Decision, writer: Writer) {
      const c = await get(credentialId);
      if (!c) throw notFound();
      if (c.state === 'revoked') {
        // Revoked already (asked again, the first answer lost): the list is asked for again, in
        // case its message was lost with it.
        await sendMessage(DIPLOMA_CREDENTIALS_QUEUE, credentialMessage, {
          kind: 'publish',
          listId: c.listId,
        });
        return credentialView(c);
      }
      const at = new Date().toISOString();
      const result = await entities()
        .service.transaction.write(
          ({
            diplomaCredential: cred,
            diplomaCredentialGuard: guard,
            diplomaStatusList: list,
            recordSignature,
            auditEntry: log,
          }) => [
            // The PDF form says so on the verification page too.
            ...(c.signatureId
              ? [
                  recordSignature
                    .patch({ signatureId: c.signatureId })
                    .set({
                      revokedAt: at,
                      revocation: {
                        decisionNumber: decision.decisionNumber,
                        decisionDate: decision.decisionDate,
                      },
                    })
                    .commit(),
                ]
              : []),
            cred
              .patch({ credentialId })
              .set({ state: 'revoked', revokedAt: at, revokedBy: writer.accountId, revocation: decision })
              .where((x, op) => op.eq(x.state, c.state))
              .commit(),
            guard
              .delete({ entryId: c.entryId })
              .where((g, op) => op.eq(g.credentialId, credentialId))
              .commit(),
            list
              .update({ listId: c.listId })
              .add({ revoked: [c.statusIndex], revision: 1 })
              .commit(),
            log
              .create(
                audit('diploma.credential-revoke', c.entryId, writer, {
                  credentialId,
                  decisionNumber: decision.decisionNumber,
                }),
              )
              .commit(),
          ],
        )
        .go();
      if (result.canceled) throw conflict(diplomaText('entry-changed'));
      await sendMessage(DIPLOMA_CREDENTIALS_QUEUE, credentialMessage, { kind: 'publish', listId: c.listId });
      return credentialView({
        ...c,
        state: 'revoked',
        revokedAt: at,
        revokedBy: writer.accountId,
        revocation: decision,
      });
    },

    /**
     * Revokes the entry's credential in force, if any, under the decision that changed the entry
     * (a cancellation, a re-issue, a correction of what the credential says).
     */
    async revokeStanding(entryId: string, decision: Decision, writer: Writer) {
      const { data: guard } = await entities()
        .diplomaCredentialGuard.get({ entryId })
        .go({ consistent: true });
      return guard ? this.revoke(guard.credentialId, decision, writer) : undefined;
    },

    /** The worker: signs a credential still being issued (a redelivery of a signed one does nothing). */
    async sign(credentialId: string) {
      const c = await get(credentialId);
      if (c?.state === 'issued' && c.signatureId && !c.pdfFileKey) {
        // Signed already, its PDF form asked for again (its first message may be lost); made once.
        await sendMessage(DIPLOMA_PDFS_QUEUE, pdfMessage, { credentialId });
        return 'pdf-asked' as const;
      }
      if (c?.state !== 'issuing') return 'skipped' as const;
      const entry = await register.get(c.entryId);
      if (!entry) throw new Error(`Entry ${c.entryId} of credential ${credentialId} is gone`);
      // Cancelled or replaced meanwhile: its revocation (made with the cancellation) stands, nothing is signed.
      if (entry.state !== 'valid') return 'skipped' as const;
      const { vc, urls, documents, signer } = await issuerKey();
      // The issuer's documents, written when they change (a new key or URL): not once a diploma —
      // a year's graduates signed at once would make the item hot.
      const published = JSON.stringify(Object.fromEntries(documents));
      const { data: issuer } = await entities().diplomaIssuer.get({ issuer: ISSUER_ID }).go();
      if (issuer?.documents !== published || issuer.keyId !== credentialKey())
        await entities()
          .diplomaIssuer.put({
            issuer: ISSUER_ID,
            documents: published,
            keyId: credentialKey(),
            updatedAt: new Date().toISOString(),
          })
          .go();
      const facts = entryOf(entry);
      const signed = await vc.issueCredential(
        diplomaCredential(
          {
            type: facts.type,
            fullName: facts.holder.fullName,
            graduationYear: facts.graduationYear,
            school: facts.school,
            serial: facts.serial,
            issuedOn: facts.issuedOn,
          },
          { id: urls.issuer, name: DEPARTMENT_NAME, achievementsBase: urls.achievements },
          {
            id: `urn:uuid:${c.credentialId}`,
            status: vc.revocationEntry(urls.list(c.listId), c.statusIndex),
          },
        ),
        signer,
        (url) => documents.get(url),
      );
      // A verifier reads the list the credential names: it is published before the credential is
      // handed out, the first one before any revocation.
      const { data: list } = await entities().diplomaStatusList.get({ listId: c.listId }).go();
      if (!list?.published) await this.publish(c.listId);
      const issued = await entities()
        .diplomaCredential.patch({ credentialId })
        .set({ state: 'issued', credential: JSON.stringify(signed), issuedAt: new Date().toISOString() })
        .where((x, op) => op.eq(x.state, 'issuing'))
        .go()
        // Revoked while it was being signed: the revocation stands.
        .then(() => true, falseIfConditionFailed);
      // Its PDF form is made and signed by the document signer (a worker without this key).
      if (issued && c.signatureId) await sendMessage(DIPLOMA_PDFS_QUEUE, pdfMessage, { credentialId });
      return 'signed' as const;
    },

    /** The worker: signs the list's revoked positions as read, unless a later revision is published. */
    async publish(listId: string) {
      const { data: list } = await entities().diplomaStatusList.get({ listId }).go({ consistent: true });
      const revision = list?.revision ?? 0;
      if (list?.published && (list.publishedRevision ?? -1) >= revision) return 'current' as const;
      const { vc, urls, documents, signer } = await issuerKey();
      const signed = await vc.revocationList(
        {
          id: urls.list(listId),
          issuer: urls.issuer,
          validFrom: new Date().toISOString(),
          revoked: list?.revoked ?? [],
        },
        signer,
        (url) => documents.get(url),
      );
      await entities()
        .diplomaStatusList.update({ listId })
        .set({
          published: JSON.stringify(signed),
          publishedRevision: revision,
          publishedAt: new Date().toISOString(),
        })
        .where((x, op) => `${op.notExists(x.publishedRevision)} OR ${op.lt(x.publishedRevision, revision)}`)
        .go()
        // A later revision was published meanwhile: it covers this one.
        .catch(falseIfConditionFailed);
      return 'published' as const;
    },

    /**
     * A document of the issuer's (public), as the worker last wrote them: its controller document
     * (`key` undefined) or its key (Multikey) — each at its own URL, so a verifier dereferences both.
     */
    async issuerDocument(key?: string) {
      const { data } = await entities().diplomaIssuer.get({ issuer: ISSUER_ID }).go();
      if (!data) throw notFound();
      const documents = JSON.parse(data.documents) as Record<string, Record<string, unknown>>;
      const urls = issuerUrls();
      const document = documents[key ? `${urls.issuer}/keys/${key}` : urls.issuer];
      if (!document) throw notFound();
      return document;
    },

    /** The signed revocation list (public). */
    async statusList(listId: string) {
      const list = await publishedList(listId);
      if (!list) throw notFound();
      return list;
    },

    /**
     * Verifies a credential as anyone hands it in: the proof against the issuer's key, the dates,
     * its bit in the published list — and, for one of ours, the entry it was made of (a
     * cancellation not yet published answers as revoked).
     */
    async verify(credential: Record<string, unknown>) {
      // Only the Department's credentials are checked here (a foreign one costs no canonicalisation).
      const issuer = credential.issuer;
      const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown } | undefined)?.id;
      if (issuerId !== issuerUrls().issuer)
        return { verified: false, revoked: false, problems: ['The credential is not the Department’s.'] };
      const vc = await import('#shared/credentials/verifiable-credentials.ts');
      const checked = await vc.verifyCredential(credential, await resolver());
      const id = typeof credential.id === 'string' ? credential.id.replace(/^urn:uuid:/, '') : '';
      const item = checked.verified && /^[0-9a-f-]{36}$/.test(id) ? await get(id) : undefined;
      const entry = item ? await register.get(item.entryId, false) : undefined;
      const revoked = checked.revoked || item?.state === 'revoked' || (!!entry && entry.state !== 'valid');
      return {
        verified: checked.verified && !revoked && !!entry,
        revoked,
        // What the credential itself says, as the register has it now: never the birth date or
        // place a copy of the file would otherwise give away.
        ...(entry && !revoked
          ? (({ birthDate: _b, placeOfBirth: _p, rank: _r, ...said }) => ({
              facts: said,
              state: entry.state,
            }))(printedFacts(entryOf(entry)))
          : {}),
        ...(checked.verified ? {} : { problems: checked.problems.slice(0, 5) }),
      };
    },
  };
}
