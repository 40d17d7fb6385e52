/**
 * Diplomas and certificates since 1970 (issue 23; docs/diplomas.md): the original register (sổ
 * gốc) kept by the Department's office — entries, corrections with their legal trail,
 * cancellations and re-issues, the year's numbers and their gaps, the import of digital registers
 * — then its digitisation, lookups, copies from the register and digital diplomas as each lands.
 * Every route is checked at the Department's unit: the register is the Department's alone.
 */
import * as z from 'zod';
import { pageOf, pageQuery } from '#shared/db/pagination.ts';
import { jobSchema as sharedJobSchema } from '#shared/jobs/schema.ts';
import { defineContext } from '#shared/manifest.ts';
import { uploadLinkSchema } from '#shared/storage/upload-link.ts';
import { codedIssue } from '#shared/text/issues.ts';
import { typedText } from '#shared/text/vietnamese.ts';
import {
  COPY_DOCUMENT_KINDS,
  COPY_DOCUMENT_TYPES,
  COPY_RELATIONS,
  COPY_STATES,
  MAX_COPIES,
} from './domain/copies.ts';
import { RECORD_STATES, SCAN_FIELDS } from './domain/keying.ts';
import { CORRECTABLE, DIPLOMA_TYPES, entrySchema, holderSchema, RANKS } from './domain/register.ts';
import { diplomaText } from './domain/texts.ts';
import { ENTRY_SOURCES, ENTRY_STATES } from './entities.ts';
import {
  DIPLOMA_COPIES_QUEUE,
  DIPLOMA_COPY_PREFIX,
  DIPLOMA_CREDENTIAL_BATCHES_QUEUE,
  DIPLOMA_CREDENTIALS_QUEUE,
  DIPLOMA_IMPORT_PREFIX,
  DIPLOMA_IMPORTS_QUEUE,
  DIPLOMA_OCR_QUEUE,
  DIPLOMA_PDF_PREFIX,
  DIPLOMA_PDFS_QUEUE,
  DIPLOMA_SCAN_PAGE_PREFIX,
  DIPLOMA_SCAN_UPLOAD_PREFIX,
  DIPLOMA_SCANS_QUEUE,
  MAX_SCAN_FILE_BYTES,
  SCAN_TYPES,
} from './messages.ts';

const tags = ['diplomas'];
const entryParams = z.object({ entryId: z.uuid() });
const yearParams = z.object({ year: z.coerce.number().int().min(1970).max(2100) });
const registerNumber = z.number().int().min(1).max(999_999);
/** A serial and a holder's name as someone asking about a diploma types them (the search, a verification, a claim). */
const askedSerial = z.string().trim().min(1).max(30);
const askedName = z.string().trim().min(1).max(120);

/** An authority's client id as the SSO issued it (no colon: Basic authentication splits there). */
const clientId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/);
/** An authority's verifications a day. */
const dailyQuota = z.number().int().min(1).max(100_000);

const authoritySchema = z
  .object({
    clientId: z.string(),
    name: z.string(),
    contact: z.string().optional(),
    dailyQuota: z.number(),
    status: z.enum(['active', 'suspended']),
    note: z.string().optional(),
    revision: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'DiplomaAuthority' });

/** The decision (quyết định) a correction, a cancellation or a re-issue is made by. */
const decision = {
  decisionNumber: z.string().trim().min(1).max(60),
  decisionDate: z.iso.date(),
  reason: typedText(500),
};

const decisionSchema = z.object({ decisionNumber: z.string(), decisionDate: z.string(), reason: z.string() });

const entrySchemaOut = z
  .object({
    entryId: z.string(),
    holder: z.object({
      fullName: z.string(),
      birthDate: z.string(),
      placeOfBirth: z.string().optional(),
      gender: z.enum(['male', 'female']),
      ethnicity: z.string().optional(),
      personalId: z.string().optional(),
    }),
    type: z.enum(DIPLOMA_TYPES),
    graduationYear: z.number(),
    serial: z.string(),
    registerYear: z.number(),
    registerNumber: z.number(),
    school: z.string(),
    council: z.string().optional(),
    rank: z.enum(RANKS).optional(),
    issuedOn: z.string(),
    state: z.enum(ENTRY_STATES),
    /** The decision that cancelled it (or that re-issued it, with the entry that replaced it). */
    cancellation: decisionSchema.extend({ at: z.string() }).optional(),
    replacedBy: z.string().optional(),
    replaces: z.string().optional(),
    corrections: z.array(
      decisionSchema.extend({
        at: z.string(),
        changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
      }),
    ),
    source: z.enum(ENTRY_SOURCES),
    createdAt: z.string(),
    updatedAt: z.string(),
    revision: z.number(),
  })
  .meta({ id: 'DiplomaEntry' });

const gapSchema = z.object({ from: z.number(), to: z.number() });

/** What a diploma prints, in Vietnamese as printed (domain/register.ts `printedFacts`). */
const printedSchema = z.object({
  type: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  placeOfBirth: z.string().optional(),
  graduationYear: z.number(),
  school: z.string(),
  rank: z.string().optional(),
  serial: z.string(),
  registerNumber: z.string(),
  issuedOn: z.string(),
});
/** A JSON-LD document (a credential, a controller document): checked by what reads it. */
const jsonLd = z.record(z.string(), z.unknown());
const credentialSchema = z
  .object({
    credentialId: z.string(),
    entryId: z.string(),
    state: z.enum(['issuing', 'issued', 'revoked']),
    requestedAt: z.string(),
    issuedAt: z.string().optional(),
    revokedAt: z.string().optional(),
    revocation: z
      .object({ decisionNumber: z.string(), decisionDate: z.string(), reason: z.string() })
      .optional(),
    /** The PDF form's verification code (`/verify/{code}`), and whether the signed PDF is made. */
    code: z.string().optional(),
    pdf: z.boolean(),
  })
  .meta({ id: 'DigitalDiploma' });
const credentialBatchSchema = z
  .object({
    batchId: z.string(),
    registerYear: z.number(),
    type: z.enum(DIPLOMA_TYPES),
    school: z.string().optional(),
    state: z.enum(['running', 'done']),
    /** Entries of the type (and school) seen; issued by this run; had one before; no longer valid; refused. */
    matched: z.number(),
    requested: z.number(),
    hadOne: z.number(),
    notValid: z.number(),
    failed: z.number(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .meta({ id: 'DigitalDiplomaBatch' });
const ownDiplomaSchema = z.object({ entryId: z.string(), state: z.enum(ENTRY_STATES), facts: printedSchema });
const verificationSchema = z
  .object({
    found: z.boolean(),
    state: z.enum(ENTRY_STATES).optional(),
    /** What the diploma itself prints, in Vietnamese as printed. */
    facts: printedSchema.optional(),
  })
  .meta({ id: 'DiplomaVerification' });
const CLAIM_STATUSES = ['pending', 'confirmed', 'refused'] as const;
const claimSchema = z
  .object({
    claimId: z.string(),
    serial: z.string(),
    status: z.enum(CLAIM_STATUSES),
    note: z.string().optional(),
    createdAt: z.string(),
    decidedAt: z.string().optional(),
  })
  .meta({ id: 'DiplomaClaim' });

/** Digitisation: a batch of scans with what its records wait for. */
const batchParams = z.object({ batchId: z.uuid() });
const recordParams = z.object({ recordId: z.uuid() });
const batchSchema = z
  .object({
    batchId: z.string(),
    registerYear: z.number(),
    /** A box of diplomas (a diploma a page) or a register book (a table of diplomas a page). */
    kind: z.enum(['diplomas', 'register']),
    book: z.string(),
    note: z.string().optional(),
    files: z.number(),
    pages: z.number(),
    reading: z.number(),
    unreadable: z.number(),
    open: z.number(),
    keyedOnce: z.number(),
    disagreed: z.number(),
    agreed: z.number(),
    approved: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'DiplomaScanBatch' });
const scanFileSchema = z.object({
  fileId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  state: z.enum(['awaiting-upload', 'split', 'refused']),
  pages: z.number().optional(),
  problem: z.object({ code: z.string(), message: z.string() }).optional(),
  createdAt: z.string(),
});
/** One record as keyed: the register's columns as written on paper ("12/03/1985", "Nam", "125/1998"). */
const keyedRow = z
  .object(Object.fromEntries(SCAN_FIELDS.map((f) => [f, z.string().max(200).optional()])))
  .meta({ id: 'DiplomaKeyedRow' });
const boxSchema = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });
const scanRecordSchema = z
  .object({
    recordId: z.string(),
    batchId: z.string(),
    page: z.number(),
    /** A register page's row (1 for a diploma), and the row's box on the page. */
    row: z.number(),
    rowBox: boxSchema.optional(),
    state: z.enum(RECORD_STATES),
    /** The page as read, straightened: a five-minute link, and its size (the boxes are in its pixels). */
    image: z.object({ url: z.string(), width: z.number(), height: z.number() }).optional(),
    problem: z.object({ code: z.string(), message: z.string() }).optional(),
    /** OCR's proposal: values and, per field, its confidence and box. */
    proposal: z
      .object({
        values: keyedRow,
        fields: z.record(z.string(), z.object({ confidence: z.number(), box: boxSchema })),
      })
      .optional(),
    /** The keyings so far: whether each is the reader's; their values once both are in (never before). */
    keyings: z.array(z.object({ mine: z.boolean(), at: z.string(), values: keyedRow.optional() })),
    differing: z.array(z.string()).optional(),
    /** What was agreed (the two keyings, or the third's decision). */
    agreed: keyedRow.optional(),
    returns: z.array(z.object({ note: z.string(), at: z.string() })),
    entryId: z.string().optional(),
    revision: z.number(),
  })
  .meta({ id: 'DiplomaScanRecord' });

/** A request for a copy from the register, as its requester sees it. */
const copyParams = z.object({ requestId: z.uuid() });
const copySchema = z
  .object({
    requestId: z.string(),
    relation: z.enum(COPY_RELATIONS),
    serial: z.string(),
    holderName: z.string(),
    copies: z.number(),
    /** The documents the requester's standing needs, and those uploaded. */
    documentsNeeded: z.array(z.enum(COPY_DOCUMENT_KINDS)),
    documents: z.array(z.object({ kind: z.enum(COPY_DOCUMENT_KINDS), fileName: z.string() })),
    /** The fee in đồng, the reference a payment carries, and whether it is paid. */
    fee: z.number(),
    paymentReference: z.string(),
    paid: z.boolean(),
    state: z.enum(COPY_STATES),
    /** The city date by which the office answers (5 working days from the paid request). */
    dueOn: z.string().optional(),
    overdue: z.boolean(),
    note: z.string().optional(),
    /** The copy's verification code, once approved. */
    code: z.string().optional(),
    createdAt: z.string(),
    revision: z.number(),
  })
  .meta({ id: 'DiplomaCopyRequest' });

const importSchema = sharedJobSchema('importId')
  .extend({
    rows: z.number().optional(),
    created: z.number().optional(),
    failed: z.number().optional(),
    report: z.array(
      z.object({
        row: z.number(),
        outcome: z.enum(['created', 'failed']),
        entryId: z.string().optional(),
        errors: z
          .array(
            z.object({
              /** The column's header as the spreadsheet has it. */
              field: z.string(),
              message: z.string(),
              code: z.string().optional(),
              params: z.record(z.string(), z.unknown()).optional(),
            }),
          )
          .optional(),
      }),
    ),
  })
  .meta({ id: 'DiplomaImport' });

export const diplomasManifest = defineContext({
  name: 'diplomas',
  description: 'The register of diplomas since 1970, lookups, copies and digital diplomas',
  api: {
    access: {
      table: 'readwrite',
      buckets: [
        { bucket: 'documents', prefix: DIPLOMA_IMPORT_PREFIX, access: 'write' },
        // Links to upload scans to, and to the pages as read for the people keying them.
        { bucket: 'documents', prefix: DIPLOMA_SCAN_UPLOAD_PREFIX, access: 'write' },
        { bucket: 'documents', prefix: DIPLOMA_SCAN_PAGE_PREFIX, access: 'read' },
        // Requesters' documents (uploaded, looked for, shown to the office) and the signed copies.
        { bucket: 'documents', prefix: DIPLOMA_COPY_PREFIX, access: 'readwrite' },
        // Links to the digital diplomas' signed PDFs.
        { bucket: 'documents', prefix: DIPLOMA_PDF_PREFIX, access: 'read' },
      ],
      // A citizen is told when the office decides their claim.
      sendsTo: [
        'notifications',
        DIPLOMA_COPIES_QUEUE,
        DIPLOMA_CREDENTIALS_QUEUE,
        DIPLOMA_CREDENTIAL_BATCHES_QUEUE,
      ],
    },
  },
  routes: {
    issueDigitalDiploma: {
      method: 'POST',
      path: '/diplomas/{entryId}/digital-credentials',
      permission: 'diploma.register',
      summary:
        'Issue an entry as a digital diploma (Open Badges 3.0 / VC 2.0, eddsa-rdfc-2022): one in force an entry; a worker ' +
        'signs it with the issuer’s key; audited',
      tags,
      request: { params: entryParams },
      response: { status: 202, schema: credentialSchema },
    },
    listDigitalDiplomas: {
      method: 'GET',
      path: '/diplomas/{entryId}/digital-credentials',
      permission: 'diploma.read',
      summary: 'An entry’s digital diplomas, newest first, in force or revoked',
      tags,
      request: { params: entryParams },
      response: { schema: z.object({ items: z.array(credentialSchema) }) },
    },
    getDigitalDiploma: {
      method: 'GET',
      path: '/diploma-credentials/{credentialId}',
      permission: 'diploma.read',
      summary: 'A digital diploma with its signed credential (JSON-LD), to hand to its holder',
      tags,
      request: { params: z.object({ credentialId: z.uuid() }) },
      response: {
        schema: credentialSchema.extend({
          credential: jsonLd.optional(),
          /** A five-minute link to the signed PDF form, once made. */
          pdfUrl: z.string().optional(),
        }),
      },
    },
    revokeDigitalDiploma: {
      method: 'POST',
      path: '/diploma-credentials/{credentialId}/revocation',
      permission: 'diploma.register',
      summary:
        'Revoke a digital diploma under a decision: its bit set in the issuer’s revocation list, which a worker signs and ' +
        'publishes again; audited',
      tags,
      request: { params: z.object({ credentialId: z.uuid() }), body: z.object(decision) },
      response: { schema: credentialSchema },
    },
    getCredentialIssuer: {
      method: 'GET',
      path: '/credentials/issuer',
      permission: 'public',
      summary:
        'The issuer of digital diplomas (JSON-LD): its controller document listing the Ed25519 key (Multikey) that asserts ' +
        'for it — what a verifier needs to check a credential offline',
      tags,
      response: { schema: jsonLd },
    },
    getCredentialIssuerKey: {
      method: 'GET',
      path: '/credentials/issuer/keys/{keyId}',
      permission: 'public',
      summary:
        'A key of the issuer of digital diplomas (JSON-LD Multikey, Ed25519): the verification method its proofs name',
      tags,
      request: { params: z.object({ keyId: z.string().regex(/^\d{1,3}$/) }) },
      response: { schema: jsonLd },
    },
    getCredentialStatusList: {
      method: 'GET',
      path: '/credentials/status/{listId}',
      permission: 'public',
      summary:
        'A revocation list of digital diplomas: a Bitstring Status List credential signed by the issuer (served through ' +
        'the CDN with a short cache lifetime)',
      tags,
      request: { params: z.object({ listId: z.string().regex(/^\d{1,6}$/) }) },
      response: { schema: jsonLd },
    },
    verifyCredential: {
      method: 'POST',
      path: '/credentials/verification',
      permission: 'public',
      summary:
        'Verify a digital diploma (the credential’s JSON, as its holder has it): the proof against the issuer’s key, its ' +
        'dates, its revocation; verified, with the facts the diploma prints, or not, with why',
      tags,
      request: { body: jsonLd },
      response: {
        schema: z.object({
          verified: z.boolean(),
          revoked: z.boolean(),
          state: z.enum(ENTRY_STATES).optional(),
          /** What the credential says, as the register has it now (no birth date or place). */
          facts: printedSchema.omit({ birthDate: true, placeOfBirth: true, rank: true }).optional(),
          problems: z.array(z.string()).optional(),
        }),
      },
    },
    verifyDiploma: {
      method: 'POST',
      path: '/diplomas/verification',
      permission: 'public',
      summary:
        'Verify a diploma against the register (no sign-in): the serial, the holder’s name and year of birth; the answer ' +
        'is the facts printed on the diploma and whether it stands, or not found — never anything else. Limited per ' +
        'client (the edge’s WAF) and per diploma a day (429 with Retry-After); every lookup is logged',
      tags,
      request: {
        body: z.object({
          serial: askedSerial,
          fullName: askedName,
          birthYear: z.number().int().min(1900).max(2100),
        }),
      },
      response: { schema: verificationSchema },
    },
    listMyDiplomas: {
      method: 'GET',
      path: '/me/diplomas',
      permission: 'self.link',
      signIn: 'any',
      summary:
        'My diplomas: those whose entry records the personal ID my account was verified with, and my claims to others',
      tags,
      response: {
        schema: z.object({
          /** Whether the account has a verified personal ID (without one, nothing is matched or claimed). */
          verified: z.boolean(),
          items: z.array(
            ownDiplomaSchema.extend({
              /** The latest verifications of it (at most ten, newest first): who asked is never said. */
              lookups: z.array(
                z.object({
                  at: z.string(),
                  channel: z.enum(['public', 'citizen', 'authority']),
                  outcome: z.enum(['found', 'not-found', 'limited']),
                }),
              ),
              /** Its digital diploma in force, to download (GET /me/diploma-credentials/{id}). */
              digital: z
                .object({
                  credentialId: z.string(),
                  issuedAt: z.string().optional(),
                  /** Its signed PDF form is made (GET /me/diploma-credentials/{id}/pdf). */
                  pdf: z.boolean(),
                })
                .optional(),
            }),
          ),
          claims: z.array(claimSchema),
        }),
      },
    },
    getMyDigitalDiploma: {
      method: 'GET',
      path: '/me/diploma-credentials/{credentialId}',
      permission: 'self.link',
      signIn: 'any',
      summary:
        'My digital diploma’s signed credential (JSON-LD), to keep and show: only for a diploma that records my verified ' +
        'personal ID (any other answers as missing)',
      tags,
      request: { params: z.object({ credentialId: z.uuid() }) },
      response: { schema: jsonLd },
    },
    getMyDigitalDiplomaPdf: {
      method: 'GET',
      path: '/me/diploma-credentials/{credentialId}/pdf',
      permission: 'self.link',
      signIn: 'any',
      summary:
        'A five-minute link to my digital diploma’s PDF form, signed PAdES by the Department: same rule as the credential; ' +
        '409 while it is still being signed',
      tags,
      request: { params: z.object({ credentialId: z.uuid() }) },
      response: { schema: z.object({ url: z.string() }) },
    },
    claimDiploma: {
      method: 'POST',
      path: '/me/diploma-claims',
      permission: 'self.link',
      signIn: 'any',
      summary:
        'Claim a diploma the register holds without my personal ID: its serial, my name and date of birth as it records ' +
        'them; the diploma office confirms it',
      tags,
      request: {
        body: z.object({
          serial: askedSerial,
          fullName: askedName,
          birthDate: holderSchema.shape.birthDate,
        }),
      },
      response: { status: 201, schema: claimSchema },
    },
    listDiplomaClaims: {
      method: 'GET',
      path: '/diploma-claims',
      permission: 'diploma.register',
      summary:
        'Citizens’ pending claims, oldest first, each beside the entry it claims and the claimant’s verified identity',
      tags,
      response: {
        schema: z.object({
          items: z.array(
            claimSchema.extend({ claimantName: z.string(), personalId: z.string(), entry: ownDiplomaSchema }),
          ),
        }),
      },
    },
    decideDiplomaClaim: {
      method: 'POST',
      path: '/diploma-claims/{claimId}/decision',
      permission: 'diploma.register',
      summary:
        'Confirm a claim (the entry takes the claimant’s personal ID) or refuse it with a note the citizen reads; audited',
      tags,
      request: {
        params: z.object({ claimId: z.uuid() }),
        body: z
          .object({ decision: z.enum(['confirm', 'refuse']), note: typedText(500).optional() })
          // A refusal tells the citizen why and what to do.
          .refine((b) => b.decision === 'confirm' || !!b.note, {
            ...codedIssue(diplomaText('refusal-needs-note')),
            path: ['note'],
          }),
      },
      response: { schema: claimSchema },
    },
    verifyDiplomaAsAuthority: {
      method: 'POST',
      path: '/authority/diploma-verifications',
      permission: 'diploma.verify',
      signIn: 'authority',
      summary:
        'Verify a diploma for an authority’s system (an employer, another department): OAuth client credentials of ' +
        'the city’s SSO with the scope `diplomas.verify`, a client the Department admitted; the same question and ' +
        'answer as the public verification, within the client’s daily quota (429 with Retry-After), logged under the client',
      tags,
      request: {
        body: z.object({
          serial: askedSerial,
          fullName: askedName,
          birthYear: z.number().int().min(1900).max(2100),
        }),
      },
      response: { schema: verificationSchema },
    },
    listDiplomaAuthorities: {
      method: 'GET',
      path: '/diploma-authorities',
      permission: 'diploma.register',
      summary:
        'Authorities’ systems admitted to verify diplomas, by name, with their quota and verifications today',
      tags,
      response: { schema: z.object({ items: z.array(authoritySchema.extend({ usedToday: z.number() })) }) },
    },
    registerDiplomaAuthority: {
      method: 'POST',
      path: '/diploma-authorities',
      permission: 'diploma.register',
      summary:
        'Admit an authority’s system: the client id the city’s SSO issued it, its name, who answers for it and its ' +
        'daily quota; audited',
      tags,
      request: {
        body: z.object({
          clientId,
          name: typedText(200).pipe(z.string().min(1)),
          contact: typedText(200).optional(),
          dailyQuota,
          note: typedText(500).optional(),
        }),
      },
      response: { status: 201, schema: authoritySchema },
    },
    changeDiplomaAuthority: {
      method: 'PATCH',
      path: '/diploma-authorities/{clientId}',
      permission: 'diploma.register',
      summary:
        'Rename an authority’s system, change its quota, or suspend or restore it, from the revision read; audited',
      tags,
      request: {
        params: z.object({ clientId }),
        body: z.object({
          name: typedText(200).pipe(z.string().min(1)).optional(),
          contact: typedText(200).optional(),
          dailyQuota: dailyQuota.optional(),
          status: z.enum(['active', 'suspended']).optional(),
          note: typedText(500).optional(),
          expectedRevision: z.number().int().min(1),
        }),
      },
      response: { schema: authoritySchema },
    },
    enterDiploma: {
      method: 'POST',
      path: '/diplomas',
      permission: 'diploma.register',
      summary:
        'Enter a diploma in the register: its serial once in the register, its number the next of the year it is entered ' +
        '(the year it was signed unless given) or the one the paper book has; numbers it skips are reported as gaps',
      tags,
      request: {
        body: entrySchema.extend({
          registerYear: entrySchema.shape.registerYear.optional(),
          registerNumber: registerNumber.optional(),
        }),
      },
      response: {
        status: 201,
        schema: z.object({ entry: entrySchemaOut, skipped: z.array(gapSchema) }),
      },
    },
    getDiploma: {
      method: 'GET',
      path: '/diplomas/{entryId}',
      permission: 'diploma.read',
      summary: 'An entry of the register, with its corrections and what cancelled or replaced it',
      tags,
      request: { params: entryParams },
      response: { schema: entrySchemaOut },
    },
    searchDiplomas: {
      method: 'POST',
      path: '/diplomas/search',
      permission: 'diploma.read',
      summary:
        'Find entries by serial number, by the holder’s personal ID, or by name (without regard to diacritics) and year ' +
        'of birth; personal data stays out of the URL',
      tags,
      request: {
        body: z
          .object({
            serial: askedSerial.optional(),
            personalId: holderSchema.shape.personalId,
            fullName: askedName.optional(),
            birthYear: z.number().int().min(1900).max(2100).optional(),
            limit: pageQuery.shape.limit,
            cursor: pageQuery.shape.cursor,
          })
          .refine((b) => b.serial || b.personalId || b.fullName, {
            ...codedIssue(diplomaText('search-what')),
            path: ['fullName'],
          }),
      },
      response: {
        schema: pageOf(entrySchemaOut),
      },
    },
    correctDiploma: {
      method: 'POST',
      path: '/diplomas/{entryId}/corrections',
      permission: 'diploma.register',
      summary:
        'Correct an entry under a decision (number, date, reason): the holder’s facts, the rank, the school or the ' +
        'council; the trail records each field changed, old → new',
      tags,
      request: {
        params: entryParams,
        body: z.object({
          expectedRevision: z.number().int().min(1),
          ...decision,
          changes: z.partialRecord(z.enum(CORRECTABLE), z.unknown()),
        }),
      },
      response: { schema: entrySchemaOut },
    },
    cancelDiploma: {
      method: 'POST',
      path: '/diplomas/{entryId}/cancellation',
      permission: 'diploma.register',
      summary: 'Cancel (thu hồi, huỷ bỏ) a diploma under a decision; its serial and number stay used',
      tags,
      request: {
        params: entryParams,
        body: z.object({ expectedRevision: z.number().int().min(1), ...decision }),
      },
      response: { schema: entrySchemaOut },
    },
    reissueDiploma: {
      method: 'POST',
      path: '/diplomas/{entryId}/reissue',
      permission: 'diploma.register',
      summary:
        'Re-issue a diploma under a decision: a new entry with a new serial, in the register of the year it is signed, ' +
        'replacing the old one',
      tags,
      request: {
        params: entryParams,
        body: z.object({
          expectedRevision: z.number().int().min(1),
          ...decision,
          serial: entrySchema.shape.serial,
          issuedOn: z.iso.date(),
          registerNumber: registerNumber.optional(),
        }),
      },
      response: {
        status: 201,
        schema: z.object({ entry: entrySchemaOut, skipped: z.array(gapSchema) }),
      },
    },
    issueDigitalDiplomaBatch: {
      method: 'POST',
      path: '/diploma-registers/{year}/digital-credential-batches',
      permission: 'diploma.register',
      summary:
        'Issue a year’s new graduates as digital diplomas at once: every valid entry of the type (and school, if named) ' +
        'in this year’s or last year’s register that never had one; a worker goes through the register a page at a time; ' +
        'one run a year and type at a time; audited',
      tags,
      request: {
        params: yearParams,
        body: z.object({
          type: z.enum(DIPLOMA_TYPES),
          /** The school as printed on the diplomas; none: every school of the year. */
          school: z.string().trim().max(200).optional(),
        }),
      },
      response: { status: 202, schema: credentialBatchSchema },
    },
    listDigitalDiplomaBatches: {
      method: 'GET',
      path: '/diploma-registers/{year}/digital-credential-batches',
      permission: 'diploma.read',
      summary:
        'A register year’s runs of digital diplomas issued at once, newest first, with what each did so far',
      tags,
      request: { params: yearParams },
      response: { schema: z.object({ items: z.array(credentialBatchSchema) }) },
    },
    getDiplomaRegister: {
      method: 'GET',
      path: '/diploma-registers/{year}',
      permission: 'diploma.read',
      summary:
        'A calendar year’s register: its highest number, the entries it has, and every gap with its explanation or none ' +
        '(`gaps=count`: the counts alone, one read)',
      tags,
      request: {
        params: yearParams,
        query: z.object({ gaps: z.enum(['list', 'count']).default('list') }),
      },
      response: {
        schema: z
          .object({
            registerYear: z.number(),
            entries: z.number(),
            highest: z.number(),
            gaps: z.array(
              gapSchema.extend({ reason: z.string().optional(), explainedAt: z.string().optional() }),
            ),
            /** How many numbers below the highest are skipped without an explanation. */
            unexplained: z.number(),
          })
          .meta({ id: 'DiplomaRegisterYear' }),
      },
    },
    listDiplomaRegister: {
      method: 'GET',
      path: '/diploma-registers/{year}/entries',
      permission: 'diploma.read',
      summary: 'A calendar year’s entries in register-number order, a page at a time',
      tags,
      request: { params: yearParams, query: pageQuery },
      response: {
        schema: pageOf(entrySchemaOut),
      },
    },
    explainDiplomaGap: {
      method: 'POST',
      path: '/diploma-registers/{year}/gap-explanations',
      permission: 'diploma.register',
      summary:
        'Explain numbers a year skipped (a spoiled form, a lost page): only numbers below the highest not used',
      tags,
      request: {
        params: yearParams,
        body: z.object({ from: registerNumber, to: registerNumber, reason: typedText(500) }),
      },
      response: {
        status: 201,
        schema: gapSchema.extend({ reason: z.string(), explainedAt: z.string() }),
      },
    },
    requestDiplomaImport: {
      method: 'POST',
      path: '/diploma-imports',
      permission: 'diploma.register',
      summary:
        'Import a digital register (XLSX, one diploma a row under the template’s headers): answers with a link to ' +
        'upload the file to; a worker enters each row and reports each bad cell',
      tags,
      response: { status: 201, schema: importSchema },
    },
    getDiplomaImport: {
      method: 'GET',
      path: '/diploma-imports/{importId}',
      permission: 'diploma.register',
      summary: 'How an import went: the rows entered and each refused row with its cells',
      tags,
      request: { params: z.object({ importId: z.uuid() }) },
      response: { schema: importSchema },
    },

    requestDiplomaCopy: {
      method: 'POST',
      path: '/me/diploma-copies',
      permission: 'self.link',
      signIn: 'any',
      summary:
        'Ask for a copy from the register: as its holder (a diploma recorded under my personal ID), a representative or an heir; ' +
        'the diploma named by serial, the holder’s name and date of birth (checked like a verification)',
      tags,
      request: {
        body: z.object({
          relation: z.enum(COPY_RELATIONS),
          serial: askedSerial,
          fullName: askedName,
          birthDate: holderSchema.shape.birthDate,
          copies: z.number().int().min(1).max(MAX_COPIES),
        }),
      },
      response: { status: 201, schema: copySchema },
    },
    listMyDiplomaCopies: {
      method: 'GET',
      path: '/me/diploma-copies',
      permission: 'self.link',
      signIn: 'any',
      summary: 'My requests for copies from the register, newest first',
      tags,
      response: { schema: z.object({ items: z.array(copySchema) }) },
    },
    uploadDiplomaCopyDocument: {
      method: 'POST',
      path: '/me/diploma-copies/{requestId}/documents',
      permission: 'self.link',
      signIn: 'any',
      summary: 'A link to upload one of the documents my request needs (PDF, JPEG or PNG, 10 MB)',
      tags,
      request: {
        params: copyParams,
        body: z.object({
          kind: z.enum(COPY_DOCUMENT_KINDS),
          fileName: z.string().trim().min(1).max(200),
          contentType: z.enum(COPY_DOCUMENT_TYPES),
        }),
      },
      response: { status: 201, schema: z.object({ upload: uploadLinkSchema }) },
    },
    submitDiplomaCopyDocuments: {
      method: 'POST',
      path: '/me/diploma-copies/{requestId}/documents-done',
      permission: 'self.link',
      signIn: 'any',
      summary: 'My documents are uploaded (each is looked for): the request waits for its fee',
      tags,
      request: { params: copyParams },
      response: { schema: copySchema },
    },
    payDiplomaCopy: {
      method: 'POST',
      path: '/me/diploma-copies/{requestId}/payment',
      permission: 'self.link',
      signIn: 'any',
      summary:
        'Pay the fee through the payment interface: the request reaches the office and its 5 working days start',
      tags,
      request: { params: copyParams },
      response: { schema: copySchema },
    },
    getMyDiplomaCopyFile: {
      method: 'GET',
      path: '/me/diploma-copies/{requestId}/file',
      permission: 'self.link',
      signIn: 'any',
      summary: 'A five-minute link to my signed copy, once issued',
      tags,
      request: { params: copyParams },
      response: { schema: z.object({ url: z.string() }) },
    },
    listDiplomaCopies: {
      method: 'GET',
      path: '/diploma-copies',
      permission: 'diploma.register',
      summary: 'The requests for copies with the office, the one due soonest first (overdue ones say so)',
      tags,
      response: {
        schema: z.object({
          items: z.array(copySchema.extend({ requesterName: z.string(), receivedAt: z.string().optional() })),
        }),
      },
    },
    getDiplomaCopy: {
      method: 'GET',
      path: '/diploma-copies/{requestId}',
      permission: 'diploma.register',
      summary:
        'A request for a copy: the requester’s verified identity, the entry as printed, links to the documents',
      tags,
      request: { params: copyParams },
      response: {
        schema: copySchema.extend({
          requesterName: z.string(),
          requesterPersonalId: z.string(),
          receivedAt: z.string().optional(),
          entry: z
            .object({ entryId: z.string(), state: z.enum(ENTRY_STATES), facts: printedSchema })
            .optional(),
          documentLinks: z.array(
            z.object({ kind: z.enum(COPY_DOCUMENT_KINDS), fileName: z.string(), url: z.string() }),
          ),
        }),
      },
    },
    recordDiplomaCopyPayment: {
      method: 'POST',
      path: '/diploma-copies/payments',
      permission: 'diploma.register',
      summary:
        'Record a fee paid at the one-stop desk or by transfer, by the payment reference the requester was given and the receipt’s number: the request reaches the office and its 5 working days start; audited',
      tags,
      request: {
        body: z.object({
          paymentReference: z.string().trim().min(1).max(40),
          receipt: z.string().trim().min(1).max(60),
        }),
      },
      response: { schema: copySchema },
    },
    decideDiplomaCopy: {
      method: 'POST',
      path: '/diploma-copies/{requestId}/decision',
      permission: 'diploma.register',
      summary:
        'Approve a request (a worker makes the copy, signed in the Department’s name) or refuse it with a note the requester reads; audited',
      tags,
      request: {
        params: copyParams,
        body: z
          .object({ decision: z.enum(['approve', 'refuse']), note: typedText(500).optional() })
          .refine((b) => b.decision === 'approve' || !!b.note, {
            ...codedIssue(diplomaText('refusal-needs-note')),
            path: ['note'],
          }),
      },
      response: { schema: copySchema },
    },
    createDiplomaScanBatch: {
      method: 'POST',
      path: '/diploma-scan-batches',
      permission: 'diploma.digitise',
      summary: 'Start digitising a register book or a box of diplomas of one register year',
      tags,
      request: {
        body: z.object({
          registerYear: z.number().int().min(1970).max(2100),
          kind: z.enum(['diplomas', 'register']).default('diplomas'),
          book: typedText(120).pipe(z.string().min(1)),
          note: typedText(500).optional(),
        }),
      },
      response: { status: 201, schema: batchSchema },
    },
    listDiplomaScanBatches: {
      method: 'GET',
      path: '/diploma-scan-batches',
      permission: 'diploma.digitise',
      summary:
        'Every batch of scans with its progress (pages read, keyed once, disagreed, agreed, approved), newest year first',
      tags,
      request: { query: pageQuery },
      response: { schema: pageOf(batchSchema) },
    },
    getDiplomaScanBatch: {
      method: 'GET',
      path: '/diploma-scan-batches/{batchId}',
      permission: 'diploma.digitise',
      summary: 'A batch with its progress and its files (pages found, or why a file was refused)',
      tags,
      request: { params: batchParams },
      response: { schema: batchSchema.extend({ fileList: z.array(scanFileSchema) }) },
    },
    uploadDiplomaScan: {
      method: 'POST',
      path: '/diploma-scan-batches/{batchId}/files',
      permission: 'diploma.digitise',
      summary: `Add a file of scans (PDF, TIFF, JPEG or PNG, up to ${MAX_SCAN_FILE_BYTES / 1024 / 1024} MB): answers with a link to upload it to; a worker splits it into pages and OCR reads each`,
      tags,
      request: {
        params: batchParams,
        body: z.object({ fileName: z.string().trim().min(1).max(200), contentType: z.enum(SCAN_TYPES) }),
      },
      response: { status: 201, schema: z.object({ file: scanFileSchema, upload: uploadLinkSchema }) },
    },
    nextDiplomaScanRecord: {
      method: 'GET',
      path: '/diploma-scan-batches/{batchId}/next-record',
      permission: 'diploma.digitise',
      summary:
        'The next record the caller can key in a batch: a disagreement they keyed neither side of, then one keyed once by someone else, then a fresh one',
      tags,
      request: { params: batchParams },
      response: { schema: z.object({ record: scanRecordSchema.optional() }) },
    },
    listDiplomaScanRecords: {
      method: 'GET',
      path: '/diploma-scan-batches/{batchId}/records',
      permission: 'diploma.digitise',
      summary: 'A batch’s records in one state (the approvers’ list is the agreed ones), a page at a time',
      tags,
      request: { params: batchParams, query: pageQuery.extend({ state: z.enum(RECORD_STATES) }) },
      response: { schema: pageOf(scanRecordSchema) },
    },
    getDiplomaScanRecord: {
      method: 'GET',
      path: '/diploma-scan-records/{recordId}',
      permission: 'diploma.digitise',
      summary:
        'A scanned record beside its page: OCR’s proposal, the keyings (their values once both are in), what was agreed',
      tags,
      request: { params: recordParams },
      response: { schema: scanRecordSchema },
    },
    keyDiplomaScanRecord: {
      method: 'POST',
      path: '/diploma-scan-records/{recordId}/keyings',
      permission: 'diploma.digitise',
      summary:
        'Key a record (or confirm OCR’s proposal) side by side with the scan: the second keying agrees or not field by field; a disagreement goes to a third person, who decides',
      tags,
      request: {
        params: recordParams,
        body: z.object({ values: keyedRow, expectedRevision: z.number().int().min(1) }),
      },
      response: { schema: scanRecordSchema },
    },
    matchDiplomaScanRecord: {
      method: 'GET',
      path: '/diploma-scan-records/{recordId}/education-match',
      permission: 'diploma.register',
      summary:
        'The agreed holder checked against the education database before approval: the city’s learners of the same name ' +
        '(diacritics aside) and birth date, each with whether it is spelled alike, at the same school and has a personal ID ' +
        'recorded (never the ID); whether the approval may record that ID',
      tags,
      request: { params: recordParams },
      response: {
        schema: z.object({
          found: z.enum(['none', 'one', 'several']),
          learners: z.array(
            z.object({
              fullName: z.string(),
              birthDate: z.string(),
              school: z.string(),
              sameSpelling: z.boolean(),
              sameSchool: z.boolean(),
              personalIdRecorded: z.boolean(),
              personalIdAgrees: z.boolean().optional(),
            }),
          ),
          offersPersonalId: z.boolean(),
        }),
      },
    },
    decideDiplomaScanRecord: {
      method: 'POST',
      path: '/diploma-scan-records/{recordId}/decision',
      permission: 'diploma.register',
      summary:
        'Approve an agreed record into the register (by an officer who keyed none of it), or send it back to be keyed again with a note',
      tags,
      request: {
        params: recordParams,
        body: z.discriminatedUnion('decision', [
          z.object({
            decision: z.literal('approve'),
            expectedRevision: z.number().int().min(1),
            /** Record the holder's personal ID the education database offers (see …/education-match). */
            personalIdFromEducation: z.boolean().optional(),
          }),
          z.object({
            decision: z.literal('send-back'),
            note: typedText(500).pipe(z.string().min(1)),
            expectedRevision: z.number().int().min(1),
          }),
        ]),
      },
      response: { schema: scanRecordSchema },
    },
  },
  queues: {
    [DIPLOMA_IMPORTS_QUEUE]: {
      visibilityTimeoutSeconds: 5400,
      maxReceiveCount: 3,
      description: 'Digital registers uploaded for import (announced by S3)',
      objectCreated: { bucket: 'documents', prefix: DIPLOMA_IMPORT_PREFIX },
    },
    [DIPLOMA_SCANS_QUEUE]: {
      visibilityTimeoutSeconds: 5400,
      maxReceiveCount: 3,
      description: 'Files of scanned registers and diplomas uploaded for digitisation (announced by S3)',
      objectCreated: { bucket: 'documents', prefix: DIPLOMA_SCAN_UPLOAD_PREFIX },
    },
    [DIPLOMA_COPIES_QUEUE]: {
      visibilityTimeoutSeconds: 540,
      maxReceiveCount: 5,
      description: 'Approved copies from the register, to be made and signed',
    },
    [DIPLOMA_CREDENTIALS_QUEUE]: {
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
      description: 'Digital diplomas to sign, and revocation lists to sign and publish again',
    },
    [DIPLOMA_PDFS_QUEUE]: {
      visibilityTimeoutSeconds: 540,
      maxReceiveCount: 5,
      description: 'Digital diplomas signed, whose PDF form is to be made and signed',
    },
    [DIPLOMA_CREDENTIAL_BATCHES_QUEUE]: {
      visibilityTimeoutSeconds: 1800,
      maxReceiveCount: 5,
      description:
        'A year’s graduates issued as digital diplomas at once: one message a page of the register',
    },
    [DIPLOMA_OCR_QUEUE]: {
      visibilityTimeoutSeconds: 720,
      maxReceiveCount: 3,
      description: 'Scanned pages for OCR, one a message',
    },
  },
  workers: {
    'import-diplomas': {
      file: 'import-diplomas',
      description: 'Enters each row of an uploaded digital register, reporting refused rows by cell',
      trigger: { kind: 'queue', queue: DIPLOMA_IMPORTS_QUEUE, batchSize: 1 },
      timeoutSeconds: 900,
      memoryMb: 1024,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'documents', prefix: DIPLOMA_IMPORT_PREFIX, access: 'read' }],
      },
    },
    'issue-diploma-copies': {
      file: 'issue-diploma-copies',
      description:
        'Makes an approved copy from the register: the PDF, signed PAdES in the Department’s name with its verification code',
      trigger: { kind: 'queue', queue: DIPLOMA_COPIES_QUEUE, batchSize: 1 },
      timeoutSeconds: 90,
      memoryMb: 1024,
      bundlePdfFonts: true,
      signs: true,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'documents', prefix: `${DIPLOMA_COPY_PREFIX}issued/`, access: 'write' }],
        sendsTo: ['notifications'],
      },
    },
    'issue-diploma-credentials': {
      file: 'issue-diploma-credentials',
      description:
        'Signs digital diplomas with the issuer’s Ed25519 key in KMS, and signs and publishes the revocation lists again',
      trigger: { kind: 'queue', queue: DIPLOMA_CREDENTIALS_QUEUE, batchSize: 1 },
      timeoutSeconds: 30,
      memoryMb: 1024,
      signsCredentials: true,
      // Its PDF form is signed by another worker: this one never holds the document signing keys.
      access: { table: 'readwrite', sendsTo: [DIPLOMA_PDFS_QUEUE] },
    },
    'issue-diploma-credential-batches': {
      file: 'issue-diploma-credential-batches',
      description:
        'Goes through a year’s register a page at a time, issuing each new graduate’s digital diploma the office asked for at once',
      trigger: { kind: 'queue', queue: DIPLOMA_CREDENTIAL_BATCHES_QUEUE, batchSize: 1 },
      timeoutSeconds: 300,
      memoryMb: 512,
      access: { table: 'readwrite', sendsTo: [DIPLOMA_CREDENTIALS_QUEUE, DIPLOMA_CREDENTIAL_BATCHES_QUEUE] },
    },
    'print-digital-diplomas': {
      file: 'print-digital-diplomas',
      description:
        'Makes a signed digital diploma’s PDF form, signed PAdES in the Department’s name with its verification code',
      trigger: { kind: 'queue', queue: DIPLOMA_PDFS_QUEUE, batchSize: 1 },
      timeoutSeconds: 90,
      memoryMb: 1024,
      bundlePdfFonts: true,
      signs: true,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'documents', prefix: DIPLOMA_PDF_PREFIX, access: 'write' }],
      },
    },
    'split-diploma-scans': {
      file: 'split-diploma-scans',
      description: 'Splits an uploaded file of scans into pages, each waiting for OCR',
      trigger: { kind: 'queue', queue: DIPLOMA_SCANS_QUEUE, batchSize: 1 },
      timeoutSeconds: 900,
      memoryMb: 2048,
      bundleOcr: true,
      access: {
        table: 'readwrite',
        buckets: [
          { bucket: 'documents', prefix: DIPLOMA_SCAN_UPLOAD_PREFIX, access: 'read' },
          { bucket: 'documents', prefix: DIPLOMA_SCAN_PAGE_PREFIX, access: 'write' },
        ],
        sendsTo: [DIPLOMA_OCR_QUEUE],
      },
    },
    'read-diploma-scans': {
      file: 'read-diploma-scans',
      description: 'Reads one scanned page with OCR (tesseract.js, Vietnamese) into a proposal to key',
      trigger: { kind: 'queue', queue: DIPLOMA_OCR_QUEUE, batchSize: 1 },
      timeoutSeconds: 120,
      memoryMb: 2048,
      bundleOcr: true,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'documents', prefix: DIPLOMA_SCAN_PAGE_PREFIX, access: 'readwrite' }],
      },
    },
  },
});
