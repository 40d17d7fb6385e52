/**
 * Professional records: a record per plan or lesson plan, its file versions (uploaded through
 * presigned links, checked and hashed when submitted), the approval chain of seed 003 with every
 * step in the record's history and the audit log, and a signature per approval (made by a worker).
 * Who may see or approve is decided by domain/records.ts; routes only ask for the coarse
 * permission.
 */
import { createHash, randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import { can, type OrgTarget, type Principal, type RoleAssignment } from '#shared/auth/can.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { authEntities, childUnits, orgUnitNames, schoolsUnder } from '#shared/auth/store.ts';
import { badRequest, conflict, fieldError, forbidden, HttpProblem, notFound } from '#shared/http/problem.ts';
import { readableSize } from '#shared/jobs/texts.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { type Attestation, type Withdrawal, writeWithNewCode } from '#shared/signing/registry.ts';
import { formatVerificationCode, normalizeVerificationCode } from '#shared/signing/verification-code.ts';
import { getObjectBytes, headObject, presignDownload } from '#shared/storage/s3.ts';
import { uploadLink } from '#shared/storage/upload-link.ts';
import { type CodedText, storedFailure } from '#shared/text/texts.ts';
import { schoolLevels } from '../edu-data/index.ts';
import {
  afterApproval,
  canApprove,
  canSee,
  canWrite,
  deadlineOf,
  type FileType,
  KIND_RULES,
  lessonPlanRefusal,
  MAX_FILE_BYTES,
  missingTeacherPlans,
  oversight,
  RECORD_KINDS,
  type RecordFacts,
  type RecordKind,
  recordUnitOf,
  type StatusCounts,
  sumCounts,
  supervisorOf,
  tallySchool,
  visibleTally,
  withLessonIds,
} from './domain/records.ts';
import { AUTHOR_WORDS, dayWords, recordText } from './domain/texts.ts';
import { type RecordEntities, recordEntities } from './entities.ts';
import { fileKey, SIGNING_QUEUE, signedKey, signingMessage, TALLY_QUEUE, tallyMessage } from './messages.ts';

const UPLOAD_SECONDS = 900;
/** A school's changes within this long are counted together. */
const TALLY_DELAY_SECONDS = 30;
const MAX_OVERSIGHT_SCHOOLS = 300;

export interface Lesson {
  lessonId: string;
  title: string;
  week?: number;
  periods?: number;
}

export interface RecordItem extends RecordFacts {
  recordId: string;
  authorName: string;
  schoolYear: string;
  title: string;
  lessons?: Lesson[];
  lessonId?: string;
  lessonDate?: string;
  deadline: string;
  status: 'draft' | 'submitted' | 'approved' | 'returned';
  step: number;
  fileVersion: number;
  /** `revision`: the record's revision the step made (absent on steps written before it was kept). */
  history: {
    action: string;
    by: string;
    byName: string;
    at: string;
    version?: number;
    comment?: string;
    revision?: number;
  }[];
  /** `code`: the signature's short verification code (none on signatures made before codes). */
  signatures: { signatureId: string; signerName: string; version: number; at: string; code?: string }[];
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface Viewer {
  accountId: string;
  fullName: string;
  assignments: readonly RoleAssignment[];
}

type SignatureItem = NonNullable<
  Awaited<ReturnType<ReturnType<RecordEntities['recordSignature']['get']>['go']>>['data']
>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const stale = () =>
  new HttpProblem({
    status: 409,
    slug: 'stale-record',
    title: 'Conflict',
    detail: recordText('stale'),
  });

/**
 * Whether a request was done already: the record's last step is this person's `action`, made from
 * `expectedRevision`. A retry after a lost answer (the change committed, then a later step or the
 * network failed) gets the record instead of "changed meanwhile".
 */
const doneBefore = (
  r: RecordItem,
  viewer: Viewer,
  action: (done: string) => boolean,
  expectedRevision: number,
) => {
  const last = r.history.at(-1);
  return (
    r.revision === expectedRevision + 1 &&
    last?.revision === r.revision &&
    last.by === viewer.accountId &&
    action(last.action)
  );
};

/**
 * The parts of a record's index keys besides its status: the school and city-wide indexes are
 * keyed by status, so ElectroDB rebuilds them from all their parts when the status changes.
 */
const indexParts = (r: RecordItem) => ({
  schoolId: r.schoolId,
  schoolYear: r.schoolYear,
  kind: r.kind,
  deadline: r.deadline,
});

/** What is not the record's business to keep: where its school sits in the tree is read at request time. */
type StoredRecord = RecordItem & { lineage?: unknown; level?: unknown };
const fromStore = ({ lineage: _l, level: _v, ...r }: StoredRecord): RecordItem => r;

export function makeRecords(entities: () => RecordEntities = recordEntities) {
  const asPrincipal = (v: Viewer): Principal => ({ sub: v.accountId, assignments: v.assignments });

  /** Records' units (their groups or schools) as the org tree has them now. */
  async function unitsOf(records: readonly RecordItem[]) {
    return orgTree().many(records.map(recordUnitOf));
  }

  /** The records of a list the viewer may see, by the permission table, in their units of now. */
  async function seenBy(viewer: Viewer, records: readonly RecordItem[]) {
    const units = await unitsOf(records);
    return records.filter((r) => {
      const unit = units.get(recordUnitOf(r));
      return unit !== undefined && canSee(asPrincipal(viewer), r, unit);
    });
  }

  /**
   * Where a submitted school plan goes (its supervising authority) for each school: from the
   * school's place in the tree now and its levels in the education database.
   */
  async function supervisorsOf(schoolIds: readonly string[]) {
    const [units, levels] = await Promise.all([orgTree().many(schoolIds), schoolLevels(schoolIds)]);
    return new Map(
      schoolIds.map((id) => {
        const unit = units.get(id);
        return [id, unit && supervisorOf(unit.lineage, levels.get(id) ?? [])] as const;
      }),
    );
  }

  /** Whether the viewer may decide the record's current step. */
  async function decides(viewer: Viewer, r: RecordItem) {
    const step = KIND_RULES[r.kind].chain[r.step]!;
    const [unit, supervisor] = await Promise.all([
      orgTree()(recordUnitOf(r)),
      step.kind === 'supervising-authority'
        ? supervisorsOf([r.schoolId]).then((s) => s.get(r.schoolId))
        : undefined,
    ]);
    return !!unit && canApprove(asPrincipal(viewer), r, unit, step, supervisor);
  }

  /** The record as last written (a consistent read). */
  async function fresh(recordId: string) {
    const { data } = await entities().proRecord.get({ recordId }).go({ consistent: true });
    return data ? fromStore(data as unknown as StoredRecord) : undefined;
  }

  /** The audit entry of a change to a record: written in the change's own transaction. */
  async function auditOf(
    action: string,
    r: RecordItem,
    by: Viewer,
    requestId: string,
    changes: Record<string, unknown>,
  ) {
    return auditEntry({
      actorId: by.accountId,
      action,
      targetType: 'professional-record',
      targetId: r.recordId,
      orgUnit: (await orgTree()(r.schoolId)) ?? { orgUnitId: r.schoolId, lineage: [r.schoolId] },
      requestId,
      changes,
    });
  }

  /**
   * Asks for the school's tally to be recounted after a committed change. Not sending fails
   * nothing the user asked for: the nightly recount (tally-all-records) makes it good.
   */
  async function recount(r: RecordItem) {
    try {
      await sendMessage(
        TALLY_QUEUE,
        tallyMessage,
        { schoolId: r.schoolId, schoolYear: r.schoolYear, requestedAt: new Date().toISOString() },
        { delaySeconds: TALLY_DELAY_SECONDS },
      );
    } catch (error) {
      logger.warn('Record tally not asked for; the nightly recount will', {
        recordId: r.recordId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async function myRecords(authorId: string, schoolYear: string, kind: RecordKind) {
    const { data } = await entities()
      .proRecord.query.byAuthor({ authorId })
      .begins({ schoolYear, kind })
      .go({ pages: 'all' });
    return (data as unknown as StoredRecord[]).map(fromStore);
  }

  /** What a signature attests, as the public verification page shows it. */
  async function attestation(s: SignatureItem) {
    const described = await describedDocument(s);
    return {
      signatureId: s.signatureId,
      ...(s.code ? { code: formatVerificationCode(s.code) } : {}),
      status: s.status,
      ...(s.kind ? { kind: s.kind } : {}),
      signer: s.signerName,
      reason: s.reason,
      ...(s.signedAt ? { signedAt: s.signedAt } : {}),
      // Why it was not signed: the pipeline says it in the caller's language.
      ...(s.status === 'failed' ? storedFailure(s) : {}),
      documentSha256: s.documentSha256,
      ...(s.signedSha256 ? { signedSha256: s.signedSha256 } : {}),
      ...(s.revokedAt ? { revokedAt: s.revokedAt, revocation: s.revocation as Withdrawal } : {}),
      ...described,
    };
  }

  /** What the signature is on: a record (read now), or the document it says it attests. */
  async function describedDocument(s: SignatureItem) {
    if (!s.recordId) return s.attests ? { document: s.attests as Attestation } : {};
    const { data: r } = await entities().proRecord.get({ recordId: s.recordId }).go();
    const { data: school } = await authEntities().orgUnit.get({ orgUnitId: r!.schoolId }).go();
    return {
      record: {
        kind: r!.kind,
        title: r!.title,
        schoolYear: r!.schoolYear,
        school: school?.name ?? r!.schoolId,
        version: s.version!,
      },
    };
  }

  return {
    async get(recordId: string): Promise<RecordItem | undefined> {
      const { data } = await entities().proRecord.get({ recordId }).go();
      return data ? fromStore(data as unknown as StoredRecord) : undefined;
    },

    /** The record if the viewer may see it (seed 003); to anyone else it does not exist. */
    async visible(recordId: string, viewer: Viewer) {
      const r = await this.get(recordId);
      if (!r || (await seenBy(viewer, [r])).length === 0) throw notFound();
      return r;
    },

    async create(
      school: OrgTarget & { name: string },
      viewer: Viewer,
      input: {
        kind: RecordKind;
        schoolYear: string;
        title: string;
        groupId?: string;
        subject?: string;
        /** Without ids, they are made (withLessonIds). */
        lessons?: (Omit<Lesson, 'lessonId'> & { lessonId?: string | undefined })[];
        lessonId?: string;
        lessonDate?: string;
      },
      requestId: string,
    ) {
      const rule = KIND_RULES[input.kind];
      const field = (name: string, text: CodedText) => badRequest(text, [fieldError('body', name, text)]);
      let unit: OrgTarget = school;
      if (rule.perGroup) {
        if (!input.groupId) throw field('groupId', recordText('name-group'));
        const group = await orgTree()(input.groupId);
        if (group?.kind !== 'subject-group' || group.lineage.at(-2) !== school.orgUnitId)
          throw field('groupId', recordText('not-group-of-school'));
        unit = group;
      }
      if (!canWrite(asPrincipal(viewer), input.kind, unit))
        throw forbidden(recordText('only-author-writes', { author: AUTHOR_WORDS[rule.author] }));
      if (input.kind === 'teacher-plan' && !input.lessons?.length)
        throw field('lessons', recordText('lessons-required'));
      const recordId = randomUUID();
      const lessons = input.lessons && withLessonIds(recordId, input.lessons);
      if (input.lessons && !lessons) throw field('lessons', recordText('duplicate-lesson'));
      if (input.kind === 'lesson-plan') {
        if (!input.lessonId || !input.lessonDate) throw field('lessonId', recordText('name-lesson'));
        const plans = (await myRecords(viewer.accountId, input.schoolYear, 'teacher-plan')).filter(
          (p) => p.status === 'approved',
        );
        const planned = (await myRecords(viewer.accountId, input.schoolYear, 'lesson-plan')).map(
          (p) => p.lessonId!,
        );
        const refusal = lessonPlanRefusal(
          [input.lessonId],
          plans.flatMap((p) => (p.lessons ?? []).map((l) => l.lessonId)),
          planned,
        );
        if (refusal) throw field('lessonId', refusal);
      }
      const now = new Date().toISOString();
      // A lesson plan is due before its lesson; plans by the school's date, the Department's, or 15 September.
      const deadline =
        input.kind === 'lesson-plan'
          ? input.lessonDate
          : ((await this.deadlineSet(school.lineage, input.schoolYear, input.kind)) ??
            deadlineOf(input.kind, input.schoolYear, input.lessonDate));
      const item: RecordItem = {
        recordId,
        kind: input.kind,
        schoolId: school.orgUnitId,
        ...(input.groupId ? { groupId: input.groupId } : {}),
        ...(input.subject ? { subject: input.subject } : {}),
        authorId: viewer.accountId,
        authorName: viewer.fullName,
        schoolYear: input.schoolYear,
        title: input.title,
        ...(lessons ? { lessons } : {}),
        ...(input.lessonId ? { lessonId: input.lessonId, lessonDate: input.lessonDate } : {}),
        deadline: deadline ?? `${input.schoolYear.slice(5)}-05-31`,
        status: 'draft',
        step: 0,
        fileVersion: 0,
        history: [{ action: 'create', by: viewer.accountId, byName: viewer.fullName, at: now }],
        signatures: [],
        revision: 1,
        createdAt: now,
        updatedAt: now,
      };
      const logged = await auditOf('professional-record.create', item, viewer, requestId, {
        kind: item.kind,
        title: item.title,
      });
      await entities()
        .service.transaction.write(({ proRecord, auditEntry: log }) => [
          proRecord.create(item as never).commit(),
          log.create(logged).commit(),
        ])
        .go();
      await recount(item);
      return item;
    },

    /**
     * The lessons of the author's approved teacher's plans of a year, in their plans' order, each
     * saying whether a lesson plan of theirs covers it already: two Queries of their own index.
     */
    async plannedLessons(authorId: string, schoolYear: string) {
      const [plans, lessonPlans] = await Promise.all([
        myRecords(authorId, schoolYear, 'teacher-plan'),
        myRecords(authorId, schoolYear, 'lesson-plan'),
      ]);
      const planned = new Set(lessonPlans.map((p) => p.lessonId));
      return plans
        .filter((p) => p.status === 'approved')
        .flatMap((p) =>
          (p.lessons ?? []).map((l) => ({
            lessonId: l.lessonId,
            title: l.title,
            ...(l.week ? { week: l.week } : {}),
            ...(l.periods ? { periods: l.periods } : {}),
            planned: planned.has(l.lessonId),
            plan: {
              recordId: p.recordId,
              title: p.title,
              schoolId: p.schoolId,
              ...(p.groupId ? { groupId: p.groupId } : {}),
              ...(p.subject ? { subject: p.subject } : {}),
            },
          })),
        );
    },

    /** A link to upload the next version of the record's file (the author, before submitting). */
    async requestUpload(r: RecordItem, viewer: Viewer, file: { fileName: string; contentType: FileType }) {
      if (r.authorId !== viewer.accountId) throw forbidden(recordText('only-author-uploads'));
      if (r.status === 'submitted' || r.status === 'approved') throw conflict(recordText('with-approvers'));
      const version = r.fileVersion + 1;
      await entities()
        .recordFile.put({ recordId: r.recordId, version, ...file, requestedAt: new Date().toISOString() })
        .go();
      return {
        version,
        maxBytes: MAX_FILE_BYTES,
        upload: await uploadLink(
          'documents',
          fileKey(r.recordId, version),
          file.contentType,
          { maxBytes: MAX_FILE_BYTES },
          UPLOAD_SECONDS,
        ),
      };
    },

    /** Submits an uploaded version: the file is checked (type, size) and its SHA-256 kept. */
    async submit(
      r: RecordItem,
      viewer: Viewer,
      version: number,
      expectedRevision: number,
      requestId: string,
    ) {
      if (r.authorId !== viewer.accountId) throw forbidden(recordText('only-author-submits'));
      if (doneBefore(r, viewer, (a) => a === 'submit', expectedRevision) && r.fileVersion === version)
        return r;
      if (r.revision !== expectedRevision) throw stale();
      if (r.status !== 'draft' && r.status !== 'returned') throw conflict(recordText('already-submitted'));
      if (version <= r.fileVersion)
        throw badRequest(recordText('new-version-needed'), [
          fieldError('body', 'version', recordText('not-new-version')),
        ]);
      const { data: file } = await entities().recordFile.get({ recordId: r.recordId, version }).go();
      const head = file ? await headObject('documents', fileKey(r.recordId, version)) : undefined;
      if (!file || !head)
        throw badRequest(recordText('file-not-uploaded'), [
          fieldError('body', 'version', recordText('not-uploaded')),
        ]);
      if (head.size > MAX_FILE_BYTES)
        throw badRequest(recordText('file-too-large', { limit: readableSize(MAX_FILE_BYTES) }), [
          fieldError('body', 'version', recordText('too-large')),
        ]);
      if (head.contentType !== file.contentType)
        throw badRequest(recordText('wrong-type'), [
          fieldError('body', 'version', recordText('uploaded-as', { type: head.contentType })),
        ]);
      // The version looked at is the one hashed and recorded: approvers read it, the signer
      // signs it, whatever is written over the key later (buckets are versioned in AWS).
      const sha256 = createHash('sha256')
        .update(await getObjectBytes('documents', fileKey(r.recordId, version), head.versionId))
        .digest('hex');
      const at = new Date().toISOString();
      const history = [
        ...r.history,
        {
          action: 'submit',
          by: viewer.accountId,
          byName: viewer.fullName,
          at,
          version,
          revision: r.revision + 1,
        },
      ];
      const logged = await auditOf('professional-record.submit', r, viewer, requestId, { version, sha256 });
      const result = await entities()
        .service.transaction.write(({ proRecord, recordFile, auditEntry: log }) => [
          recordFile
            .patch({ recordId: r.recordId, version })
            .set({
              size: head.size,
              sha256,
              uploadedAt: at,
              ...(head.versionId ? { objectVersionId: head.versionId } : {}),
            })
            .commit(),
          proRecord
            .patch({ recordId: r.recordId })
            .set({
              status: 'submitted',
              step: 0,
              fileVersion: version,
              history,
              revision: r.revision + 1,
              updatedAt: at,
              ...indexParts(r),
            })
            .where((x, op) => op.eq(x.revision, r.revision))
            .commit(),
          log.create(logged).commit(),
        ])
        .go();
      if (result.canceled) {
        // The record read may predate a first submission that committed (an eventually consistent read).
        const now = await fresh(r.recordId);
        if (
          now &&
          doneBefore(now, viewer, (a) => a === 'submit', expectedRevision) &&
          now.fileVersion === version
        )
          return now;
        throw stale();
      }
      await recount(r);
      return (await this.get(r.recordId))!;
    },

    /** Approve (signed by the approver, by a worker) or return with a comment, at the current step. */
    async decide(
      r: RecordItem,
      viewer: Viewer,
      input: { decision: 'approve' | 'return'; comment?: string; expectedRevision: number },
      requestId: string,
    ) {
      const same = (a: string) => (input.decision === 'return' ? a === 'return' : a.startsWith('approve:'));
      // Asked again after a lost answer: the signature the first asking made is queued again (the
      // signer signs a pending signature once) and the record answered as it is.
      const replay = async (done: RecordItem) => {
        const pending = done.signatures.at(-1);
        if (input.decision === 'approve' && pending) await this.queueSigning(done, pending.signatureId);
        await recount(done);
        return done;
      };
      if (doneBefore(r, viewer, same, input.expectedRevision)) return replay(r);
      if (r.revision !== input.expectedRevision) throw stale();
      if (r.status !== 'submitted') throw conflict(recordText('not-waiting'));
      const step = KIND_RULES[r.kind].chain[r.step]!;
      if (!(await decides(viewer, r))) throw forbidden(recordText('not-your-step'));
      const at = new Date().toISOString();
      const entry = {
        action: input.decision === 'approve' ? `approve:${step.kind}` : 'return',
        by: viewer.accountId,
        byName: viewer.fullName,
        at,
        version: r.fileVersion,
        ...(input.comment ? { comment: input.comment } : {}),
        revision: r.revision + 1,
      };
      const next =
        input.decision === 'approve'
          ? afterApproval(r.kind, r.step)
          : { status: 'returned' as const, step: 0 };
      const nextStep = next.status === 'submitted' ? KIND_RULES[r.kind].chain[next.step] : undefined;
      if (nextStep?.kind === 'supervising-authority' && !(await supervisorsOf([r.schoolId])).get(r.schoolId))
        throw conflict(recordText('no-supervisor'));
      const signatureId = input.decision === 'approve' ? randomUUID() : undefined;
      const logged = await auditOf(`professional-record.${input.decision}`, r, viewer, requestId, {
        step: step.kind,
        ...(input.comment ? { comment: input.comment } : {}),
        ...(signatureId ? { signatureId } : {}),
      });
      const { data: file } = await entities()
        .recordFile.get({ recordId: r.recordId, version: r.fileVersion })
        .go();
      const write = (code: string | undefined) =>
        entities()
          .service.transaction.write(({ proRecord, recordSignature, verificationCode, auditEntry: log }) => [
            proRecord
              .patch({ recordId: r.recordId })
              .set({
                status: next.status,
                step: next.step,
                history: [...r.history, entry],
                ...(signatureId
                  ? {
                      signatures: [
                        ...r.signatures,
                        { signatureId, signerName: viewer.fullName, version: r.fileVersion, at, code },
                      ],
                    }
                  : {}),
                revision: r.revision + 1,
                updatedAt: at,
                ...indexParts(r),
              })
              .where((x, op) => op.eq(x.revision, r.revision))
              .commit(),
            ...(signatureId && code
              ? [
                  recordSignature
                    .create({
                      signatureId,
                      recordId: r.recordId,
                      version: r.fileVersion,
                      signerId: viewer.accountId,
                      signerName: viewer.fullName,
                      reason: `Phê duyệt: ${r.title}`,
                      code,
                      status: 'pending',
                      documentSha256: file?.sha256 ?? '',
                    })
                    .commit(),
                  verificationCode.create({ code, signatureId }).commit(),
                ]
              : []),
            log.create(logged).commit(),
          ])
          .go();
      // The code's guard is the transaction's third item (after the record and the signature).
      const result = signatureId ? await writeWithNewCode(write, 2) : await write(undefined);
      if (result.canceled) {
        // The record read may predate a first asking that committed (an eventually consistent read).
        const now = await fresh(r.recordId);
        if (now && doneBefore(now, viewer, same, input.expectedRevision)) return replay(now);
        throw stale();
      }
      if (signatureId) await this.queueSigning(r, signatureId);
      await recount(r);
      return (await this.get(r.recordId))!;
    },

    /** Asks the signer for a signature of the record's file version it was made on. */
    async queueSigning(r: RecordItem, signatureId: string) {
      await sendMessage(SIGNING_QUEUE, signingMessage, {
        recordId: r.recordId,
        version: r.signatures.find((s) => s.signatureId === signatureId)?.version ?? r.fileVersion,
        signatureId,
      });
    },

    async files(r: RecordItem) {
      const { data } = await entities()
        .recordFile.query.byRecord({ recordId: r.recordId })
        .go({ pages: 'all' });
      const { data: signatures } = r.signatures.length
        ? await entities()
            .recordSignature.get(r.signatures.map(({ signatureId }) => ({ signatureId })))
            .go({ attributes: ['version', 'kind', 'status', 'signedVersionId'] })
        : { data: [] };
      const signed = new Map(
        signatures
          .filter((s) => s.kind === 'pades' && s.status === 'signed')
          .map((s) => [s.version, s.signedVersionId] as const),
      );
      return Promise.all(
        data
          .filter((f) => f.uploadedAt)
          .map(async (f) => ({
            version: f.version,
            fileName: f.fileName,
            contentType: f.contentType,
            size: f.size ?? 0,
            sha256: f.sha256 ?? '',
            uploadedAt: f.uploadedAt!,
            url: await presignDownload(
              'documents',
              fileKey(r.recordId, f.version),
              300,
              f.fileName,
              f.objectVersionId,
            ),
            ...(signed.has(f.version)
              ? {
                  signedUrl: await presignDownload(
                    'documents',
                    signedKey(r.recordId, f.version),
                    300,
                    `da-ky-${f.fileName}`,
                    signed.get(f.version),
                  ),
                }
              : {}),
          })),
      );
    },

    /** Whether the record waits at a step the viewer decides: the only ones shown decision buttons. */
    async yourStep(viewer: Viewer, r: RecordItem) {
      return r.status === 'submitted' && (await decides(viewer, r));
    },

    /**
     * A school's records of a year — or, asked at a subject group, the group's — that the viewer
     * may see, each saying whether it waits for the viewer; with `awaitingViewer`, only those.
     */
    async list(
      unit: OrgTarget,
      schoolYear: string,
      status: string | undefined,
      viewer: Viewer,
      limit: number,
      cursor: string | null,
      awaitingViewer = false,
    ) {
      const inGroup = unit.kind === 'subject-group';
      const schoolId = inGroup ? unit.lineage.at(-2)! : unit.orgUnitId;
      const query = entities().proRecord.query.bySchool({ schoolId, schoolYear });
      const ofStatus = status ? query.begins({ status: status as never }) : query;
      const page = await (inGroup
        ? ofStatus.where((r, op) => op.eq(r.groupId, unit.orgUnitId))
        : ofStatus
      ).go({
        limit,
        cursor,
      });
      const seen = await seenBy(viewer, (page.data as unknown as StoredRecord[]).map(fromStore));
      const items = await Promise.all(
        seen.map(async (r) => ({ ...r, yourStep: r.status === 'submitted' && (await decides(viewer, r)) })),
      );
      return { items: awaitingViewer ? items.filter((r) => r.yourStep) : items, cursor: page.cursor };
    },

    async mine(authorId: string, limit: number, cursor: string | null) {
      const page = await entities()
        .proRecord.query.byAuthor({ authorId })
        .go({ limit, cursor, order: 'desc' });
      return { items: (page.data as unknown as StoredRecord[]).map(fromStore), cursor: page.cursor };
    },

    /** The deadline set for a kind: the school's own if it set one, else the Department's. */
    async deadlineSet(lineage: readonly string[], schoolYear: string, kind: RecordKind) {
      for (const orgUnitId of [lineage.at(-1)!, lineage[0]!]) {
        const { data } = await entities().recordDeadline.get({ orgUnitId, schoolYear, kind }).go();
        if (data) return data.date;
      }
      return undefined;
    },

    async deadlines(orgUnitId: string, schoolYear: string) {
      const { data } = await entities().recordDeadline.query.byUnit({ orgUnitId, schoolYear }).go();
      return data.map(({ kind, date, setBy, setAt }) => ({ kind, date, setBy, setAt }));
    },

    /** Sets a kind's deadline for a year at a unit (the Department, or a school for itself). */
    async setDeadline(
      unit: OrgTarget,
      viewer: Viewer,
      input: { schoolYear: string; kind: RecordKind; date: string },
      requestId: string,
    ) {
      const first = Number(input.schoolYear.slice(0, 4));
      if (!(input.date >= `${first}-08-01` && input.date <= `${first + 1}-07-31`))
        throw badRequest(recordText('date-in-year'), [
          fieldError(
            'body',
            'date',
            recordText('between', { from: dayWords(`${first}-08-01`), to: dayWords(`${first + 1}-07-31`) }),
          ),
        ]);
      if (input.kind === 'lesson-plan')
        throw badRequest(recordText('lesson-plan-no-deadline'), [
          fieldError('body', 'kind', recordText('no-fixed-date')),
        ]);
      const item = {
        orgUnitId: unit.orgUnitId,
        ...input,
        setBy: viewer.accountId,
        setAt: new Date().toISOString(),
      };
      await entities()
        .service.transaction.write(({ recordDeadline, auditEntry: entry }) => [
          recordDeadline.put(item).commit(),
          entry
            .create(
              auditEntry({
                actorId: viewer.accountId,
                action: 'record-deadline.set',
                targetType: 'record-deadline',
                targetId: `${unit.orgUnitId}:${input.schoolYear}:${input.kind}`,
                orgUnit: unit,
                requestId,
                changes: { date: input.date },
              }),
            )
            .commit(),
        ])
        .go();
      return { kind: item.kind, date: item.date, setBy: item.setBy, setAt: item.setAt };
    },

    /** A school's records of a year, every page (oversight reads a school at a time). */
    async ofSchool(schoolId: string, schoolYear: string) {
      const { data } = await entities()
        .proRecord.query.bySchool({ schoolId, schoolYear })
        .go({ pages: 'all' });
      return (data as unknown as StoredRecord[]).map(fromStore);
    },

    /**
     * Oversight of a school: counts by kind, group and teacher, what is overdue, and which
     * teachers have no plan yet — from the records the viewer may see. Of a commune: each
     * school's counts.
     */
    async oversightOf(
      unit: OrgTarget & { kind?: string },
      viewer: Viewer,
      schoolYear: string,
      today: string,
    ) {
      const visibleOf = async (schoolId: string) => seenBy(viewer, await this.ofSchool(schoolId, schoolYear));
      if (unit.kind === 'school') {
        const records = await visibleOf(unit.orgUnitId);
        const summary = oversight(records, today);
        // Only those who decide for the school's board learn who has no plan.
        const wholeSchool = can(asPrincipal(viewer), 'records.approve', {
          ...unit,
          item: { step: 'school-board' },
        });
        if (!wholeSchool) return { ...summary, schools: [] };
        const { data: teaching } = await authEntities()
          .roleAssignment.query.byScopeRole({ scopeOrgUnitId: unit.orgUnitId, role: 'teacher' })
          .go({ pages: 'all', attributes: ['accountId'] });
        const missing = missingTeacherPlans([...new Set(teaching.map((a) => a.accountId))], records);
        const { data: people } = missing.length
          ? await authEntities()
              .account.get(missing.slice(0, 100).map((accountId) => ({ accountId })))
              .go({ attributes: ['accountId', 'fullName'] })
          : { data: [] };
        return {
          ...summary,
          missingTeacherPlans: people.map((p) => ({ accountId: p.accountId, fullName: p.fullName })),
          schools: [],
        };
      }
      // The city: too many schools to read their records, so their tallies (recounted soon after
      // each change) — each commune's counts.
      if (unit.kind === 'department') {
        const city = await this.cityOverview(viewer, schoolYear, unit.orgUnitId);
        return { ...city, byKind: {}, byGroup: {}, byAuthor: {}, overdue: [], schools: [] };
      }
      const schools = (await schoolsUnder(unit.orgUnitId)).slice(0, MAX_OVERSIGHT_SCHOOLS);
      const perSchool = await Promise.all(
        schools.map(async (schoolId) => ({ schoolId, records: await visibleOf(schoolId) })),
      );
      const names = await orgUnitNames(schools);
      return {
        total: oversight(
          perSchool.flatMap((s) => s.records),
          today,
        ).total,
        byKind: {},
        byGroup: {},
        byAuthor: {},
        overdue: [],
        schools: perSchool.map((s) => ({
          schoolId: s.schoolId,
          name: names.get(s.schoolId) ?? s.schoolId,
          ...oversight(s.records, today).total,
        })),
      };
    },

    /**
     * Recounts a school's records of a year into its tally, unless a tally made after the change
     * already counts it (a burst of changes in one school costs one recount).
     */
    async tally(schoolId: string, schoolYear: string, requestedAt: string, today: string) {
      const { data: before } = await entities().recordTally.get({ schoolYear, schoolId }).go();
      if (before && before.computedAt > requestedAt) return 'fresh' as const;
      const { data: school } = await authEntities().orgUnit.get({ orgUnitId: schoolId }).go();
      if (school?.kind !== 'school') return 'not-a-school' as const;
      const computedAt = new Date().toISOString();
      const [records, teaching, planDeadline] = await Promise.all([
        this.ofSchool(schoolId, schoolYear),
        authEntities()
          .roleAssignment.query.byScopeRole({ scopeOrgUnitId: schoolId, role: 'teacher' })
          .go({ pages: 'all', attributes: ['accountId'] }),
        this.deadlineSet(school.lineage, schoolYear, 'teacher-plan'),
      ]);
      const { counts, withoutPlan } = tallySchool(
        records,
        [...new Set(teaching.data.map((a) => a.accountId))],
        today,
      );
      await entities()
        .recordTally.put({
          schoolYear,
          schoolId,
          counts,
          withoutPlan,
          planDeadline: planDeadline ?? deadlineOf('teacher-plan', schoolYear) ?? '',
          computedAt,
        })
        .go();
      return 'counted' as const;
    },

    /** Every school's tally of a year: one partition, about a thousand small items. */
    async tallies(schoolYear: string) {
      const { data } = await entities().recordTally.query.byYear({ schoolYear }).go({ pages: 'all' });
      return data;
    },

    /**
     * The city-wide overview: each commune-level unit's counts, from its schools' tallies, of
     * what the viewer may see (a specialist their subject; a commune officer their commune).
     */
    async cityOverview(viewer: Viewer, schoolYear: string, cityId: string) {
      let computedAt = '';
      // Every unit under the city is listed from the tree, with zeros where no school has counts
      // yet, and counts the schools the tree has under it.
      const [children, tallies] = await Promise.all([childUnits(cityId), this.tallies(schoolYear)]);
      const bySchool = new Map(tallies.map((t) => [t.schoolId, t]));
      // Each school's place as the tree has it now: a school that moved counts under its new unit.
      const schools = await orgTree().many(
        children.flatMap((u) => u.schoolIds.filter((id) => bySchool.has(id))),
      );
      const units = children
        .map((u) => {
          const counted: StatusCounts[] = [];
          for (const schoolId of u.schoolIds) {
            const t = bySchool.get(schoolId);
            const school = schools.get(schoolId);
            if (!t || !school) continue;
            counted.push(visibleTally(asPrincipal(viewer), school, t.counts as Record<string, StatusCounts>));
            if (t.computedAt > computedAt) computedAt = t.computedAt;
          }
          return {
            unitId: u.orgUnitId,
            name: u.name,
            schools: u.schoolIds.length,
            /** Schools with counts this year; 0 means the unit has no data yet. */
            schoolsCounted: counted.length,
            ...sumCounts(counted),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      return { total: sumCounts(units), units, ...(computedAt ? { computedAt } : {}) };
    },

    /** Records of a year in a status whose deadline is on or before `until` (the reminders). */
    async due(schoolYear: string, status: 'draft' | 'returned', until: string) {
      const lists = await Promise.all(
        RECORD_KINDS.map(async (kind) => {
          const { data } = await entities()
            .proRecord.query.byDue({ schoolYear, status })
            .between({ kind, deadline: '0000-00-00' }, { kind, deadline: until })
            .go({
              pages: 'all',
              attributes: ['recordId', 'authorId', 'title', 'deadline', 'status', 'kind'],
            });
          return data;
        }),
      );
      return lists.flat();
    },

    /** School plans of a year waiting at a step the viewer decides (the supervising authorities). */
    async schoolPlansFor(viewer: Viewer, schoolYear: string) {
      const { data } = await entities()
        .proRecord.query.byDue({ schoolYear, status: 'submitted' })
        .begins({ kind: 'school-plan' })
        .go({ pages: 'all' });
      const plans = (data as unknown as StoredRecord[]).map(fromStore);
      const [units, supervisors] = await Promise.all([
        unitsOf(plans),
        supervisorsOf(plans.filter((r) => r.step > 0).map((r) => r.schoolId)),
      ]);
      return plans.filter((r) => {
        const unit = units.get(recordUnitOf(r));
        const step = KIND_RULES[r.kind].chain[r.step]!;
        return !!unit && canApprove(asPrincipal(viewer), r, unit, step, supervisors.get(r.schoolId));
      });
    },

    /**
     * Public: what a signature attests, for the QR code's page — found by the short code printed
     * on the stamp (any case, dashes or not), or by the id older stamps carry. Nothing personal
     * beyond the signer.
     */
    async verification(codeOrId: string) {
      const code = normalizeVerificationCode(codeOrId);
      const signatureId = code
        ? (await entities().verificationCode.get({ code }).go()).data?.signatureId
        : UUID.test(codeOrId)
          ? codeOrId.toLowerCase()
          : undefined;
      const { data: s } = signatureId
        ? await entities().recordSignature.get({ signatureId }).go()
        : { data: null };
      if (!s) throw notFound(recordText('no-signature'));
      return attestation(s);
    },

    /**
     * Public: the signed documents whose file has this SHA-256 (the signed PDF as downloaded, or
     * the file a detached signature covers) — each answered as its code would be, and nothing
     * else: a hash names a document only to someone holding the file.
     */
    async verificationsByFile(sha256: string) {
      const { data } = await entities()
        .signedFileHash.query.byHash({ sha256: sha256.toLowerCase() })
        .go({ limit: 10 });
      const { data: signatures } = data.length
        ? await entities()
            .recordSignature.get(data.map(({ signatureId }) => ({ signatureId })))
            .go()
        : { data: [] };
      const signed = signatures.filter((s) => s.status === 'signed');
      if (signed.length === 0) throw notFound(recordText('no-signed-file'));
      return { items: await Promise.all(signed.map(attestation)) };
    },
  };
}

export type Records = ReturnType<typeof makeRecords>;
