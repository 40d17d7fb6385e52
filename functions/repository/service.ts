/**
 * The learning repository: a resource's metadata and file versions, the review before
 * publication, withdrawal, and the links to open a file. Every change is one conditional write
 * of the resource (its revision) with its audit entry; what publication changes elsewhere (the
 * union catalogue, OAI-PMH, curriculum coverage) follows through the sync queue.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { badRequest, conflict, fieldError, forbidden, HttpProblem } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { bucketName, headObject, presignDownload, s3 } from '#shared/storage/s3.ts';
import { uploadLink } from '#shared/storage/upload-link.ts';
import type { CodedText, TextParams } from '#shared/text/texts.ts';
import {
  checkFile,
  FILE_RULES,
  type FileAnnouncement,
  looksLike,
  mayMove,
  type ResourceInput,
  type ResourceState,
  reviewUnitOf,
  sortKeyOf,
  type Transition,
} from './domain/resources.ts';
import { repositoryText, STATE_WORDS } from './domain/texts.ts';
import { type RepositoryEntities, repositoryEntities } from './entities.ts';
import { RESOURCE_PREFIX, SYNC_QUEUE, syncMessage } from './messages.ts';

export interface Actor {
  accountId: string;
  name: string;
  requestId: string;
}

export interface PublishedFile {
  version: number;
  meta: ResourceInput;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  objectKey: string;
  /** The S3 version that was checked (AWS; the local S3 has no versions). */
  objectVersionId?: string;
  publishedAt: string;
  approvedBy: string;
}

/** A published resource as a grade's list shows it (`gradeResource`). */
export interface GradeResourceItem {
  grade: number;
  subject: string;
  resourceId: string;
  title: string;
  kind: ResourceInput['kind'];
  licence: ResourceInput['licence'];
  creators: string[];
  unitId: string;
  publishedAt: string;
}

export interface HistoryLine {
  action: Transition | 'create' | 'verify';
  by: string;
  byName: string;
  at: string;
  version?: number;
  comment?: string;
}

export interface ResourceItem {
  resourceId: string;
  unitId: string;
  /** Where the licence sends it for review, as the tree stood at submission (the queue's key). */
  reviewUnitId: string;
  authorId: string;
  authorName: string;
  state: ResourceState;
  meta: ResourceInput;
  latestVersion: number;
  published?: PublishedFile;
  sortTitle: string;
  submittedAt?: string;
  history: HistoryLine[];
  synced?: unknown;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

export type VersionItem = {
  resourceId: string;
  version: number;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  objectKey: string;
  /** The S3 version the check hashed: the one every link reads (AWS; none locally). */
  objectVersionId?: string;
  status: 'uploading' | 'ready' | 'rejected';
  /** Why the file was rejected, in English; the code and parameters say it in either language. */
  problem?: string;
  problemCode?: string;
  problemParams?: TextParams;
  uploadedBy: string;
  requestedAt: string;
  verifiedAt?: string;
};

/** An upload link lives ten minutes; a video of 2 GB needs a while on a school's line. */
const UPLOAD_SECONDS = 3600;
/** Reading links are short: a link passed around stops working within minutes. */
export const READ_SECONDS = 300;
const HISTORY_KEEP = 50;

/** `resources/<id>/v<n>/<file>`: the object key of a version, and back. */
export const objectKeyOf = (resourceId: string, version: number, fileName: string) =>
  `${RESOURCE_PREFIX}${resourceId}/v${version}/${fileName.replace(/[^\w.-]+/g, '_')}`;
export function versionOfKey(key: string) {
  const m = /^resources\/([0-9a-f-]{36})\/v(\d+)\//.exec(key);
  return m ? { resourceId: m[1]!, version: Number(m[2]) } : undefined;
}

/** The entities a transaction's callback is given. */
type TransactionEntities = Parameters<
  Parameters<RepositoryEntities['service']['transaction']['write']>[0]
>[0];

/** What a transition does, as words of each language (“cannot be … now”). */
const DONE: Record<Transition, { vi: string; en: string }> = {
  edit: { en: 'edited', vi: 'sửa' },
  upload: { en: 'given a new file', vi: 'tải tệp mới' },
  submit: { en: 'submitted', vi: 'gửi duyệt' },
  approve: { en: 'approved', vi: 'duyệt' },
  return: { en: 'returned', vi: 'trả lại' },
  withdraw: { en: 'withdrawn', vi: 'thu hồi' },
};

const stale = () => conflict(repositoryText('stale'));

/** A resource's unit as the org tree has it now (never a copy kept on the resource). */
export async function unitOf(r: Pick<ResourceItem, 'unitId'>): Promise<OrgTarget> {
  return (await orgTree()(r.unitId)) ?? { orgUnitId: r.unitId, lineage: [r.unitId] };
}

export function makeRepository(entities: () => RepositoryEntities = repositoryEntities) {
  const line = (action: HistoryLine['action'], actor: Actor, extra: Partial<HistoryLine> = {}) => ({
    action,
    by: actor.accountId,
    byName: actor.name,
    at: new Date().toISOString(),
    ...extra,
  });

  /**
   * Writes the resource's next state (conditional on the revision it was read at), the extra
   * items given, and the audit entry — all or nothing.
   */
  async function save(
    before: ResourceItem | undefined,
    next: ResourceItem,
    actor: Actor,
    action: string,
    changes: Record<string, unknown>,
    extra: (t: TransactionEntities) => unknown[] = () => [],
  ) {
    const unit = await unitOf(next);
    const result = await entities()
      .service.transaction.write((t) => [
        before
          ? t.resource
              .put(next as never)
              .where((x, op) => op.eq(x.revision, before.revision))
              .commit()
          : t.resource.create(next as never).commit(),
        ...(extra(t) as never[]),
        t.auditEntry
          .create(
            auditEntry({
              actorId: actor.accountId,
              action: `resource.${action}`,
              targetType: 'resource',
              targetId: next.resourceId,
              orgUnit: unit,
              requestId: actor.requestId,
              changes,
            }),
          )
          .commit(),
      ])
      .go();
    if (result.canceled) throw stale();
    return next;
  }

  /** The publication reaches the catalogue, OAI-PMH and coverage through the queue; the nightly sweep retries a lost message. */
  async function announce(r: ResourceItem) {
    try {
      await sendMessage(SYNC_QUEUE, syncMessage, { resourceId: r.resourceId });
    } catch (error) {
      logger.warn('sync message not sent; the nightly sweep will sync', { resourceId: r.resourceId, error });
    }
  }

  const step = (r: ResourceItem, t: Transition) => {
    if (!mayMove(r.state, t))
      throw conflict(repositoryText('not-now', { state: STATE_WORDS[r.state], done: DONE[t] }));
  };
  const authorOnly = (r: ResourceItem, actor: Actor) => {
    if (r.authorId !== actor.accountId) throw forbidden(repositoryText('author-only'));
  };
  const bump = (r: ResourceItem, changes: Partial<ResourceItem>, history?: HistoryLine): ResourceItem => {
    const now = new Date().toISOString();
    return {
      ...r,
      ...changes,
      history: history ? [...r.history, history].slice(-HISTORY_KEEP) : r.history,
      updatedAt: now,
      revision: r.revision + 1,
    };
  };

  return {
    async get(resourceId: string): Promise<ResourceItem | undefined> {
      const { data } = await entities().resource.get({ resourceId }).go();
      return (data as unknown as ResourceItem | null) ?? undefined;
    },

    async create(unit: OrgTarget, input: ResourceInput, actor: Actor) {
      const now = new Date().toISOString();
      const r: ResourceItem = {
        resourceId: randomUUID(),
        unitId: unit.orgUnitId,
        reviewUnitId: reviewUnitOf(input.licence, unit),
        authorId: actor.accountId,
        authorName: actor.name,
        state: 'draft',
        meta: input,
        latestVersion: 0,
        sortTitle: sortKeyOf(input.title),
        history: [line('create', actor)],
        createdAt: now,
        updatedAt: now,
        revision: 1,
      };
      return save(undefined, r, actor, 'create', { title: input.title, licence: input.licence });
    },

    /** New metadata: a published resource keeps its published version until the change is approved. */
    async update(r: ResourceItem, input: ResourceInput, actor: Actor, expectedRevision: number) {
      authorOnly(r, actor);
      step(r, 'edit');
      if (r.revision !== expectedRevision) throw stale();
      if (input.kind !== r.meta.kind && r.latestVersion > 0)
        throw badRequest(repositoryText('kind-fixed'), [
          fieldError('body', 'kind', repositoryText('kind-fixed-field')),
        ]);
      const next = bump(
        r,
        {
          meta: input,
          sortTitle: sortKeyOf(input.title),
          state: r.state === 'returned' ? 'returned' : 'draft',
          reviewUnitId: reviewUnitOf(input.licence, await unitOf(r)),
        },
        line('edit', actor),
      );
      return save(r, next, actor, 'update', { title: input.title, licence: input.licence });
    },

    /** A link to upload the next version's file, announced with its name, type, size and SHA-256. */
    async requestUpload(r: ResourceItem, file: FileAnnouncement, actor: Actor) {
      authorOnly(r, actor);
      step(r, 'upload');
      const problems = checkFile(r.meta.kind, file);
      if (problems.length)
        throw badRequest(
          repositoryText('file-not-accepted'),
          problems.map((p) => fieldError('body', p.field, p.text)),
        );
      const { data: versions } = await entities()
        .resourceVersion.query.byResource({ resourceId: r.resourceId })
        .go({ order: 'desc', limit: 1 });
      const version = (versions[0]?.version ?? 0) + 1;
      const objectKey = objectKeyOf(r.resourceId, version, file.fileName);
      const now = new Date().toISOString();
      const item: VersionItem = {
        resourceId: r.resourceId,
        version,
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.size,
        sha256: file.sha256,
        objectKey,
        status: 'uploading',
        uploadedBy: actor.accountId,
        requestedAt: now,
      };
      // A second request for the same version number loses on the condition: try again.
      const unit = await unitOf(r);
      const result = await entities()
        .service.transaction.write(({ resourceVersion, auditEntry: audit }) => [
          resourceVersion.create(item).commit(),
          audit
            .create(
              auditEntry({
                actorId: actor.accountId,
                action: 'resource.upload',
                targetType: 'resource',
                targetId: r.resourceId,
                orgUnit: unit,
                requestId: actor.requestId,
                changes: { version, fileName: file.fileName, size: file.size, sha256: file.sha256 },
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(repositoryText('upload-clash'));
      return {
        version: item,
        upload: await uploadLink(
          'materials',
          objectKey,
          file.contentType,
          // The size is announced: S3 takes a file of exactly that size, no other.
          { minBytes: file.size, maxBytes: file.size },
          UPLOAD_SECONDS,
        ),
      };
    },

    async versions(resourceId: string): Promise<VersionItem[]> {
      const { data } = await entities()
        .resourceVersion.query.byResource({ resourceId })
        .go({ order: 'desc', pages: 'all' });
      return data as unknown as VersionItem[];
    },

    async version(resourceId: string, version: number): Promise<VersionItem | undefined> {
      const { data } = await entities().resourceVersion.get({ resourceId, version }).go();
      return (data as unknown as VersionItem | null) ?? undefined;
    },

    /**
     * Checks an uploaded object (the worker, on S3's notification): its size, its SHA-256 and its
     * first bytes must be what was announced; a file that is not is deleted and the version
     * marked rejected with the reason. A good one becomes the resource's latest version.
     */
    async verifyUpload(key: string) {
      const ref = versionOfKey(key);
      if (!ref) return { outcome: 'ignored' as const };
      const v = await this.version(ref.resourceId, ref.version);
      if (v?.status !== 'uploading' || v.objectKey !== key) return { outcome: 'ignored' as const };
      const r = await this.get(ref.resourceId);
      const reject = async (problem: CodedText | undefined, verifiedAt = new Date().toISOString()) => {
        const text = problem ?? repositoryText('gone');
        await entities()
          .resourceVersion.patch({ resourceId: v.resourceId, version: v.version })
          .set({
            status: 'rejected',
            problem: text.message,
            problemCode: text.code,
            ...(text.params ? { problemParams: text.params } : {}),
            verifiedAt,
          })
          .go();
        await s3().send(new DeleteObjectCommand({ Bucket: bucketName('materials'), Key: key }));
        return { outcome: 'rejected' as const, problem: text.message };
      };
      // The size is looked at before a byte is read: a file of another size than announced (an
      // upload around the form's policy, which takes that size only) is refused without loading it.
      const found = await headObject('materials', key);
      if (!found) return { outcome: 'ignored' as const };
      if (found.size !== v.size)
        return reject(repositoryText('size-differs-unread', { size: found.size, declared: v.size }));
      // The version looked at is the one hashed and recorded: links read it, not a later write.
      const object = await s3().send(
        new GetObjectCommand({
          Bucket: bucketName('materials'),
          Key: key,
          ...(found.versionId ? { VersionId: found.versionId } : {}),
        }),
      );
      const hash = createHash('sha256');
      let size = 0;
      let head = new Uint8Array(0);
      for await (const chunk of object.Body as AsyncIterable<Uint8Array>) {
        if (head.length < 16) head = new Uint8Array([...head, ...chunk.subarray(0, 16 - head.length)]);
        size += chunk.length;
        hash.update(chunk);
        // Written over since the HeadObject (no versions locally): stop reading, it is refused.
        if (size > v.size) break;
      }
      const sha256 = hash.digest('hex');
      const problem =
        size !== v.size
          ? repositoryText('size-differs', { size, declared: v.size })
          : sha256 !== v.sha256
            ? repositoryText('sha-mismatch')
            : !looksLike(v.contentType, head)
              ? repositoryText('content-not-type', { type: v.contentType })
              : r && size > FILE_RULES[r.meta.kind].maxBytes
                ? repositoryText('over-limit')
                : undefined;
      const now = new Date().toISOString();
      if (problem || !r) return reject(problem, now);
      // The resource may change while we hash: read, write conditionally, retry.
      for (let attempt = 0; ; attempt++) {
        const current = attempt === 0 ? r : await this.get(r.resourceId);
        if (!current) return { outcome: 'ignored' as const };
        const next = bump(
          current,
          {
            latestVersion: Math.max(current.latestVersion, v.version),
            state: current.state === 'published' || current.state === 'withdrawn' ? 'draft' : current.state,
          },
          { action: 'verify', by: v.uploadedBy, byName: current.authorName, at: now, version: v.version },
        );
        try {
          await save(
            current,
            next,
            { accountId: v.uploadedBy, name: current.authorName, requestId: `verify:${key}` },
            'verify',
            { version: v.version, sha256 },
            (t) => [
              t.resourceVersion
                .patch({ resourceId: v.resourceId, version: v.version })
                .set({
                  status: 'ready',
                  verifiedAt: now,
                  ...(found.versionId ? { objectVersionId: found.versionId } : {}),
                })
                .commit(),
            ],
          );
          return { outcome: 'ready' as const };
        } catch (error) {
          if (!(error instanceof HttpProblem) || attempt >= 3) throw error;
        }
      }
    },

    /** The author sends the latest version for review, at the unit its licence names. */
    async submit(
      r: ResourceItem,
      actor: Actor,
      lessonsExist: (refs: ResourceInput['curriculum']) => Promise<string[]>,
    ) {
      authorOnly(r, actor);
      step(r, 'submit');
      const ready = r.latestVersion > 0 ? await this.version(r.resourceId, r.latestVersion) : undefined;
      if (ready?.status !== 'ready')
        throw badRequest(repositoryText('upload-first'), [
          fieldError('body', 'file', repositoryText('no-checked-file')),
        ]);
      const unknown = await lessonsExist(r.meta.curriculum);
      if (unknown.length)
        throw badRequest(
          repositoryText('unknown-lessons'),
          unknown.map((id) => fieldError('body', 'curriculum', repositoryText('no-lesson', { id }))),
        );
      const now = new Date().toISOString();
      const next = bump(
        r,
        {
          state: 'submitted',
          submittedAt: now,
          reviewUnitId: reviewUnitOf(r.meta.licence, await unitOf(r)),
        },
        line('submit', actor, { version: r.latestVersion }),
      );
      return save(r, next, actor, 'submit', { version: r.latestVersion, reviewUnitId: next.reviewUnitId });
    },

    /**
     * A reviewer at the reviewing unit (or above it) approves — the version becomes the published
     * one — or returns it with a reason. Nobody approves their own resource.
     */
    async review(r: ResourceItem, decision: 'approve' | 'return', comment: string | undefined, actor: Actor) {
      step(r, decision);
      if (r.authorId === actor.accountId) throw forbidden(repositoryText('approve-not-author'));
      if (decision === 'return' && !comment?.trim())
        throw badRequest(repositoryText('return-reason'), [
          fieldError('body', 'comment', repositoryText('return-reason-field')),
        ]);
      const h = line(decision, actor, { version: r.latestVersion, ...(comment ? { comment } : {}) });
      if (decision === 'return') {
        const next = bump(r, { state: 'returned' }, h);
        return save(r, next, actor, 'return', { version: r.latestVersion, comment });
      }
      const v = await this.version(r.resourceId, r.latestVersion);
      if (v?.status !== 'ready') throw conflict(repositoryText('no-verified-file'));
      const published: PublishedFile = {
        version: v.version,
        meta: r.meta,
        fileName: v.fileName,
        contentType: v.contentType,
        size: v.size,
        sha256: v.sha256,
        objectKey: v.objectKey,
        ...(v.objectVersionId ? { objectVersionId: v.objectVersionId } : {}),
        publishedAt: h.at,
        approvedBy: actor.name,
      };
      const next = bump(r, { state: 'published', published }, h);
      await save(r, next, actor, 'approve', { version: v.version, licence: r.meta.licence }, (t) => [
        t.resourceSync
          .put({ queue: 'repository', resourceId: r.resourceId, revision: next.revision, at: h.at })
          .commit(),
      ]);
      await announce(next);
      return next;
    },

    /** Takes a resource out of the collection (OAI-PMH keeps a deleted record); the author or a reviewer. */
    async withdraw(r: ResourceItem, reason: string, actor: Actor) {
      step(r, 'withdraw');
      const next = bump(r, { state: 'withdrawn' }, line('withdraw', actor, { comment: reason }));
      await save(r, next, actor, 'withdraw', { reason }, (t) => [
        t.resourceSync
          .put({ queue: 'repository', resourceId: r.resourceId, revision: next.revision, at: next.updatedAt })
          .commit(),
      ]);
      await announce(next);
      return next;
    },

    /**
     * The resource is reviewed at `reviewUnitId` from now on (its unit moved). Only if nobody
     * changed it since it was read; false when someone did (read it again).
     */
    async moveReview(r: ResourceItem, reviewUnitId: string) {
      try {
        await entities()
          .resource.patch({ resourceId: r.resourceId })
          .set({ reviewUnitId })
          .composite({ state: r.state, updatedAt: r.updatedAt })
          .where((a, op) => op.eq(a.revision, r.revision))
          .go();
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async byUnit(unitId: string, limit: number, cursor: string | null) {
      const page = await entities().resource.query.byUnit({ unitId }).go({ limit, cursor, order: 'desc' });
      return { items: page.data as unknown as ResourceItem[], cursor: page.cursor };
    },

    /** A reviewing unit's resources in one state (the queue: `submitted`), oldest first. */
    async byReviewer(reviewUnitId: string, state: ResourceState, limit: number, cursor: string | null) {
      const page = await entities()
        .resource.query.byReviewer({ reviewUnitId })
        .begins({ state })
        .go({ limit, cursor });
      return { items: page.data as unknown as ResourceItem[], cursor: page.cursor };
    },

    async byAuthor(authorId: string, limit: number, cursor: string | null) {
      const page = await entities()
        .resource.query.byAuthor({ authorId })
        .go({ limit, cursor, order: 'desc' });
      return { items: page.data as unknown as ResourceItem[], cursor: page.cursor };
    },

    /** Published open and city resources of a grade (one subject, or all), by subject and title. */
    async ofGrade(grade: number, subject: string | undefined, limit: number, cursor: string | null) {
      const page = await entities()
        .gradeResource.query.byGrade({ grade, ...(subject ? { subject } : {}) })
        .go({ limit, cursor });
      return { items: page.data as GradeResourceItem[], cursor: page.cursor };
    },

    /** A short-lived link to read or play a file; S3 answers range requests on it (video seeking). */
    async openLink(
      v: Pick<VersionItem, 'objectKey' | 'objectVersionId' | 'contentType' | 'size' | 'version'>,
    ) {
      return {
        url: await presignDownload('materials', v.objectKey, READ_SECONDS, undefined, v.objectVersionId),
        contentType: v.contentType,
        size: v.size,
        version: v.version,
        expiresInSeconds: READ_SECONDS,
      };
    },
  };
}

export type Repository = ReturnType<typeof makeRepository>;
