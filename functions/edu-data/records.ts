/**
 * Use cases of the education database: entering, submitting, approving and returning records,
 * transfers, search. The API and the import worker both plan changes here (pure, from the
 * record as it is) and commit them through the store, so a row of a spreadsheet obeys exactly the
 * rules of a form.
 */
import { createHash, randomUUID } from 'node:crypto';
import type * as z from 'zod';
import type { OrgTarget } from '#shared/auth/can.ts';
import { authEntities } from '#shared/auth/store.ts';
import { type Language, zodErrorMap } from '#shared/http/language.ts';
import { badRequest, conflict, type FieldError, fieldError, HttpProblem } from '#shared/http/problem.ts';
import { searchKey } from '#shared/text/vietnamese.ts';
import {
  factsOf,
  maskedForAudit,
  ownerKindOf,
  RECORD_KIND_WORDS,
  RECORD_SCHEMAS,
  type RecordData,
  type RecordKind,
} from './domain/records.ts';
import { eduText, issueText, OWNER_WORDS } from './domain/texts.ts';
import {
  approve,
  createDraft,
  editDraft,
  type RecordState,
  returnToSchool,
  submit,
  WorkflowError,
} from './domain/workflow.ts';
import {
  ChangeRejectedError,
  type EduRecordItem,
  type EduStore,
  nameEntryChanges,
  type RecordChange,
} from './store.ts';

export const FEED_SHARDS = 4;

export interface Actor {
  sub: string;
  requestId: string;
  /** The caller's language, for zod's own messages about a record's data (the API's caller). */
  language?: Language;
}

/** The owner unit of a record with its lineage, as authorization resolved it. */
export type Owner = OrgTarget;

export const parentOf = (owner: Owner) => owner.lineage.at(-2) ?? owner.lineage[0]!;

/**
 * zod's verdict on a record's data, as field errors under `data.`: the schemas' own rules as
 * coded messages, zod's in the caller's language.
 */
export function validateData<K extends RecordKind>(
  kind: K,
  data: unknown,
  language?: Language,
): RecordData<K> {
  const errorMap = language && zodErrorMap(language);
  const schema = RECORD_SCHEMAS[kind] as z.ZodType;
  const result = errorMap ? schema.safeParse(data, { error: errorMap }) : schema.safeParse(data);
  if (!result.success)
    throw badRequest(
      eduText('invalid-data', { kind: RECORD_KIND_WORDS[kind] }),
      result.error.issues.map((i): FieldError => {
        const field = ['data', ...i.path.map(String)].join('.');
        const text = issueText(i);
        return text ? fieldError('body', field, text) : { in: 'body', field, message: i.message };
      }),
    );
  return result.data as RecordData<K>;
}

export function workflowProblem(error: WorkflowError): HttpProblem {
  return new HttpProblem({
    status: 409,
    title: 'Conflict',
    slug: `record-${error.code}`,
    detail: error.text,
  });
}

const staleProblem = () =>
  new HttpProblem({
    status: 409,
    title: 'Conflict',
    slug: 'stale-version',
    detail: eduText('stale'),
  });

const keyField: Record<RecordKind, string> = {
  student: 'data.personalId',
  staff: 'data.staffCode',
  class: 'data.code',
  school: 'data.code',
  site: 'data.name',
  'school-year': 'data.code',
  facility: 'data.roomType',
  equipment: 'data.item',
  result: 'data.period',
};

/** The record holding a taken key, as shown to a caller who may read it. */
export interface KeyHolder {
  recordId: string;
  schoolId: string;
  name: string;
}

/** Whether the caller may read records of a unit: decides if a taken key names its holder. */
export type MayRead = (orgUnitId: string) => Promise<boolean>;

export const duplicateProblem = (kind: RecordKind, heldBy?: KeyHolder) =>
  new HttpProblem({
    status: 409,
    title: 'Conflict',
    slug: 'duplicate-record',
    detail: eduText('duplicate', { kind: RECORD_KIND_WORDS[kind] }),
    errors: [fieldError('body', keyField[kind], eduText('key-taken'))],
    ...(heldBy ? { extensions: { heldBy } } : {}),
  });

/** Store rejections → the caller's problem; a taken key names its holder only through `holder`. */
export async function committing(
  kind: RecordKind,
  write: () => Promise<void>,
  holder?: () => Promise<KeyHolder | undefined>,
) {
  try {
    await write();
  } catch (error) {
    if (error instanceof ChangeRejectedError)
      throw error.reason === 'duplicate-key' ? duplicateProblem(kind, await holder?.()) : staleProblem();
    if (error instanceof WorkflowError) throw workflowProblem(error);
    throw error;
  }
}

const stateOf = (r: EduRecordItem): RecordState => ({
  status: r.status,
  version: r.version,
  event: r.event,
  data: r.data,
  ...(r.approved ? { approved: r.approved } : {}),
  ...(r.returnReason ? { returnReason: r.returnReason } : {}),
  ...(r.submittedAt ? { submittedAt: r.submittedAt } : {}),
});

function indexed(kind: RecordKind, owner: Owner, data: unknown) {
  const facts = factsOf(kind, owner.orgUnitId, data);
  const nameKey = searchKey(facts.name) || '-';
  return {
    name: facts.name,
    nameKey,
    naturalKey: facts.naturalKey,
    // Learners are listed by class; other kinds land in one harmless bucket per school and kind.
    classKey: facts.classId ?? `${owner.orgUnitId}/${kind}`,
  };
}

const feedShard = (recordId: string) =>
  String(createHash('sha256').update(recordId).digest()[0]! % FEED_SHARDS);

/** The record after a transition, with the version, audit and side items that go with it. */
function change(
  before: EduRecordItem | undefined,
  after: EduRecordItem,
  action: RecordChange['version']['action'],
  actor: Actor,
  owner: Owner,
  extra: Partial<RecordChange> = {},
  reason?: string,
): RecordChange {
  const nameChanges = nameEntryChanges(before, after);
  return {
    record: after,
    ...(before ? { expectedVersion: before.version } : {}),
    version: {
      recordId: after.recordId,
      version: after.version,
      action,
      status: after.status,
      event: after.event,
      ...(action === 'create' || action === 'update' || action === 'cancel' || action === 'transfer'
        ? { data: after.data }
        : {}),
      ...(reason ? { reason } : {}),
      ownerId: after.ownerId,
      ...(after.importId ? { importId: after.importId } : {}),
      at: after.updatedAt,
      by: actor.sub,
      requestId: actor.requestId,
    },
    audit: {
      actorId: actor.sub,
      action: `edu-record.${action}`,
      targetType: after.kind,
      targetId: after.recordId,
      orgUnit: owner,
      requestId: actor.requestId,
      changes: {
        version: after.version,
        status: after.status,
        ...(action === 'create' || action === 'update' || action === 'transfer'
          ? { after: maskedForAudit(after.kind, after.data) }
          : {}),
        ...(reason ? { reason } : {}),
      },
    },
    ...extra,
    ...(nameChanges ? { names: nameChanges } : {}),
  };
}

/** A record's data as one string, keys sorted: equal data, equal strings (nothing to write). */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** Learning results come from the grade book's locked books (submitResults), never typed here. */
function refuseTypedResults(kind: RecordKind) {
  if (kind === 'result')
    throw badRequest(eduText('results-from-gradebook'), [
      fieldError('path', 'kind', eduText('results-from-gradebook')),
    ]);
}

export function makeRecords(store: EduStore, now = () => new Date()) {
  async function ownerUnit(orgUnitId: string) {
    const { data } = await authEntities().orgUnit.get({ orgUnitId }).go();
    return data ?? undefined;
  }

  async function holderOf(naturalKey: string, mayRead: MayRead | undefined): Promise<KeyHolder | undefined> {
    if (!mayRead) return undefined;
    const recordId = await store.recordIdOfKey(naturalKey);
    const record = recordId ? await store.getRecord(recordId) : undefined;
    if (!record || !(await mayRead(record.ownerId))) return undefined;
    return { recordId: record.recordId, schoolId: record.ownerId, name: record.name };
  }

  /** The owner must be the right kind of unit: a school, or the department for school years. */
  async function checkOwner(kind: RecordKind, owner: Owner) {
    // Authorization usually resolved the unit already; read it only when it did not say its kind.
    const unitKind = owner.kind ?? (await ownerUnit(owner.orgUnitId))?.kind;
    const wanted = ownerKindOf(kind);
    if (unitKind !== wanted)
      throw badRequest(
        eduText('owner-kind', {
          kind: RECORD_KIND_WORDS[kind],
          wanted: OWNER_WORDS[wanted],
          unit: owner.orgUnitId,
        }),
        [fieldError('path', 'orgUnitId', eduText('must-be', { wanted: OWNER_WORDS[wanted] }))],
      );
  }

  /** A learner's class must be a class of the same school. */
  async function checkReferences(kind: RecordKind, owner: Owner, data: RecordData) {
    if (kind !== 'student') return;
    const classId = (data as RecordData<'student'>).classId;
    if (!classId) return;
    const cls = await store.getRecord(classId);
    if (cls?.kind !== 'class' || cls.ownerId !== owner.orgUnitId)
      throw badRequest(eduText('class-not-of-school'), [
        fieldError('body', 'data.classId', eduText('not-a-class-here')),
      ]);
  }

  function planCreate(
    kind: RecordKind,
    owner: Owner,
    data: RecordData,
    actor: Actor,
    importId?: string,
  ): RecordChange {
    const at = now().toISOString();
    const state = createDraft(data);
    const record: EduRecordItem = {
      recordId: randomUUID(),
      kind,
      ownerId: owner.orgUnitId,
      parentId: parentOf(owner),
      city: owner.lineage[0]!,
      ...state,
      ...indexed(kind, owner, data),
      ...(kind === 'student'
        ? {
            statusHistory: [
              {
                status: (data as RecordData<'student'>).status,
                on: at.slice(0, 10),
                schoolId: owner.orgUnitId,
              },
            ],
          }
        : {}),
      ...(importId ? { importId } : {}),
      createdAt: at,
      createdBy: actor.sub,
      updatedAt: at,
      updatedBy: actor.sub,
    } as EduRecordItem;
    return change(undefined, record, 'create', actor, owner, { guard: { create: record.naturalKey } });
  }

  function planEdit(
    before: EduRecordItem,
    owner: Owner,
    data: RecordData,
    actor: Actor,
    options: { event?: 'update' | 'cancel'; reason?: string; importId?: string } = {},
  ): RecordChange {
    const at = now().toISOString();
    const state = editDraft(stateOf(before), data, options.event);
    const facts = indexed(before.kind, owner, data);
    if (before.kind === 'student' && facts.naturalKey !== before.naturalKey)
      throw badRequest(eduText('personal-id-fixed'), [
        fieldError('body', 'data.personalId', eduText('cannot-change')),
      ]);
    const oldStatus = (before.data as { status?: string }).status;
    const newStatus = (data as { status?: string }).status;
    const after: EduRecordItem = {
      ...before,
      ...state,
      ...facts,
      parentId: parentOf(owner),
      ...(before.kind === 'student' && newStatus !== oldStatus
        ? {
            statusHistory: [
              ...(before.statusHistory ?? []),
              { status: newStatus!, on: at.slice(0, 10), schoolId: before.ownerId },
            ],
          }
        : {}),
      ...(options.importId ? { importId: options.importId } : {}),
      updatedAt: at,
      updatedBy: actor.sub,
    };
    if (!state.returnReason) delete after.returnReason;
    const guard =
      facts.naturalKey !== before.naturalKey
        ? { create: facts.naturalKey, remove: before.naturalKey }
        : undefined;
    return change(
      before,
      after,
      options.event === 'cancel' ? 'cancel' : 'update',
      actor,
      owner,
      guard ? { guard } : {},
      options.reason,
    );
  }

  function planSubmit(before: EduRecordItem, owner: Owner, actor: Actor): RecordChange {
    const at = now().toISOString();
    const after: EduRecordItem = {
      ...before,
      // Every write files the record under its owner's parent as the tree has it now, so a write
      // racing the move worker cannot put it back under the old one.
      parentId: parentOf(owner),
      ...submit(stateOf(before), at),
      updatedAt: at,
      updatedBy: actor.sub,
    };
    delete after.returnReason;
    return change(before, after, 'submit', actor, owner, { queue: 'enter' });
  }

  function planDecision(
    before: EduRecordItem,
    owner: Owner,
    actor: Actor,
    decision: 'approve' | 'return',
    reason?: string,
  ): RecordChange {
    const at = now().toISOString();
    const state =
      decision === 'approve'
        ? approve(stateOf(before), actor.sub, at)
        : returnToSchool(stateOf(before), reason ?? '');
    const after: EduRecordItem = {
      ...before,
      parentId: parentOf(owner),
      ...state,
      updatedAt: at,
      updatedBy: actor.sub,
    };
    if (decision === 'approve') delete after.returnReason;
    delete after.submittedAt;
    const sync =
      decision === 'approve'
        ? {
            recordId: after.recordId,
            version: after.version,
            feedDay: at.slice(0, 10),
            shard: feedShard(after.recordId),
            at,
            kind: after.kind,
            ownerId: after.ownerId,
            event: after.event,
            data: after.data,
          }
        : undefined;
    return change(
      before,
      after,
      decision,
      actor,
      owner,
      { queue: 'leave', ...(sync ? { sync } : {}) },
      reason,
    );
  }

  return {
    planCreate,
    planEdit,
    planSubmitOf: planSubmit,
    checkReferences,

    /**
     * A new draft. Keys are unique (a learner's ID code city-wide): when the key is taken, the
     * holding record is named only if `mayRead` says the caller may read it.
     */
    async create(kind: RecordKind, owner: Owner, rawData: unknown, actor: Actor, mayRead?: MayRead) {
      refuseTypedResults(kind);
      await checkOwner(kind, owner);
      const data = validateData(kind, rawData, actor.language);
      await checkReferences(kind, owner, data);
      const planned = planCreate(kind, owner, data, actor);
      await committing(
        kind,
        () => store.commit(planned),
        () => holderOf(planned.record.naturalKey, mayRead),
      );
      return planned.record;
    },

    async update(
      record: EduRecordItem,
      owner: Owner,
      expectedVersion: number,
      rawData: unknown,
      actor: Actor,
    ) {
      refuseTypedResults(record.kind);
      if (record.version !== expectedVersion) throw staleProblem();
      const data = validateData(record.kind, rawData, actor.language);
      await checkReferences(record.kind, owner, data);
      const planned = await planning(() => planEdit(record, owner, data, actor));
      await committing(record.kind, () => store.commit(planned));
      return planned.record;
    },

    async cancel(record: EduRecordItem, owner: Owner, expectedVersion: number, reason: string, actor: Actor) {
      if (record.kind === 'student') throw conflict(eduText('learners-not-deleted'));
      refuseTypedResults(record.kind);
      if (record.version !== expectedVersion) throw staleProblem();
      const planned = await planning(() =>
        planEdit(record, owner, record.data as RecordData, actor, { event: 'cancel', reason }),
      );
      await committing(record.kind, () => store.commit(planned));
      return planned.record;
    },

    async submit(record: EduRecordItem, owner: Owner, expectedVersion: number, actor: Actor) {
      if (record.version !== expectedVersion) throw staleProblem();
      const planned = await planning(() => planSubmit(record, owner, actor));
      await committing(record.kind, () => store.commit(planned));
      return planned.record;
    },

    async decide(
      record: EduRecordItem,
      owner: Owner,
      expectedVersion: number,
      decision: 'approve' | 'return',
      reason: string | undefined,
      actor: Actor,
    ) {
      if (record.version !== expectedVersion) throw staleProblem();
      const planned = await planning(() => planDecision(record, owner, actor, decision, reason));
      await committing(record.kind, () => store.commit(planned));
      return planned.record;
    },

    /** A learner moves to another school: the whole history goes along; the new commune approves. */
    async transfer(
      record: EduRecordItem,
      from: Owner,
      to: Owner,
      expectedVersion: number,
      on: string,
      reason: string,
      actor: Actor,
    ) {
      if (record.kind !== 'student') throw badRequest(eduText('only-learners-transfer'));
      if (record.version !== expectedVersion) throw staleProblem();
      if (to.orgUnitId === from.orgUnitId)
        throw badRequest(eduText('already-at-school'), [
          fieldError('body', 'toSchoolId', eduText('same-school')),
        ]);
      await checkOwner('student', to);
      const at = now().toISOString();
      const data = { ...(record.data as RecordData<'student'>), status: 'enrolled' as const };
      delete (data as { classId?: string }).classId;
      const planned = await planning(() => {
        const edited = editDraft(stateOf(record), data);
        const submitted = submit(edited, at);
        const after: EduRecordItem = {
          ...record,
          ...submitted,
          ...indexed('student', to, data),
          ownerId: to.orgUnitId,
          parentId: parentOf(to),
          city: to.lineage[0]!,
          statusHistory: [
            ...(record.statusHistory ?? []),
            { status: 'transferred', on, schoolId: from.orgUnitId, note: `→ ${to.orgUnitId}: ${reason}` },
            { status: 'enrolled', on, schoolId: to.orgUnitId },
          ],
          updatedAt: at,
          updatedBy: actor.sub,
        };
        delete after.returnReason;
        return change(record, after, 'transfer', actor, from, { queue: 'enter' }, reason);
      });
      await committing('student', () => store.commit(planned));
      return planned.record;
    },
  };
}

async function planning<T>(plan: () => T): Promise<T> {
  try {
    return plan();
  } catch (error) {
    if (error instanceof WorkflowError) throw workflowProblem(error);
    throw error;
  }
}

export type Records = ReturnType<typeof makeRecords>;

/** What the API shows of a record. */
export function presentRecord(r: EduRecordItem) {
  return {
    recordId: r.recordId,
    kind: r.kind,
    schoolId: r.ownerId,
    status: r.status,
    version: r.version,
    event: r.event,
    name: r.name,
    data: r.data,
    ...(r.approved ? { approved: r.approved } : {}),
    ...(r.returnReason ? { returnReason: r.returnReason } : {}),
    ...(r.submittedAt ? { submittedAt: r.submittedAt } : {}),
    ...(r.statusHistory ? { statusHistory: r.statusHistory } : {}),
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}
