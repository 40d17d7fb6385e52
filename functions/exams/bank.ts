/**
 * The question bank and exam papers. Questions are reviewed before they count (a reviewer never
 * approves their own question); every edit is a new version and the old one is kept, so a paper
 * keeps exactly the versions it was built from. A paper's variants are written to S3 once, the
 * candidates' copy without keys beside a separate key file, so starting an exam never reads the
 * bank question by question.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { authEntities } from '#shared/auth/store.ts';
import { badRequest, conflict, HttpProblem } from '#shared/http/problem.ts';
import { putObject } from '#shared/storage/s3.ts';
import { type BlueprintCell, generateVariants } from './domain/papers.ts';
import { type CognitiveLevel, type QuestionBody, withoutKey } from './domain/questions.ts';
import { type ExamEntities, examEntities } from './entities.ts';

export interface QuestionInput {
  scope: 'department' | 'school' | 'personal';
  subject: string;
  grade: number;
  topic: string;
  level: CognitiveLevel;
  stem: string;
  question: QuestionBody;
  media?: string[];
}

export interface QuestionItem {
  questionId: string;
  version: number;
  ownerUnitId: string;
  scope: QuestionInput['scope'];
  subject: string;
  grade: number;
  topic: string;
  level: CognitiveLevel;
  type: string;
  stem: string;
  body: unknown;
  media?: string[];
  status: 'draft' | 'submitted' | 'approved' | 'returned';
  reviewNote?: string;
  authorId: string;
  reviewedBy?: string;
  createdAt: string;
  updatedAt: string;
}

/** The national paper's parts: I single choice, II true/false groups, III short answers, IV essays. */
export const partOf = (type: string) =>
  type === 'true-false-group' ? 'II' : type === 'short-numeric' ? 'III' : type === 'essay' ? 'IV' : 'I';

const staleVersion = () =>
  new HttpProblem({
    status: 409,
    title: 'Conflict',
    slug: 'stale-version',
    detail: 'The question changed since you opened it.',
  });

export function makeBank(entities: () => ExamEntities = examEntities) {
  async function unitKind(orgUnitId: string) {
    const { data } = await authEntities().orgUnit.get({ orgUnitId }).go();
    return data?.kind;
  }

  return {
    async create(owner: OrgTarget, input: QuestionInput, actor: { sub: string; requestId: string }) {
      const kind = owner.kind ?? (await unitKind(owner.orgUnitId));
      if ((input.scope === 'department') !== (kind === 'department'))
        throw badRequest(
          'Department questions belong to the Department; school and personal ones to a school.',
          [{ in: 'body', field: 'scope', message: `Not a ${kind ?? 'known'} scope` }],
        );
      const now = new Date().toISOString();
      const item = {
        questionId: randomUUID(),
        version: 1,
        ownerUnitId: owner.orgUnitId,
        scope: input.scope,
        subject: input.subject,
        grade: input.grade,
        topic: input.topic,
        level: input.level,
        type: input.question.type,
        stem: input.stem,
        body: input.question,
        ...(input.media?.length ? { media: input.media } : {}),
        // Personal questions are the author's own; shared ones wait for a reviewer.
        status: input.scope === 'personal' ? ('approved' as const) : ('submitted' as const),
        authorId: actor.sub,
        createdAt: now,
        updatedAt: now,
      };
      await entities()
        .service.transaction.write(({ question, auditEntry: audit }) => [
          question.create(item).commit(),
          audit
            .create(
              auditEntry({
                actorId: actor.sub,
                action: 'question.create',
                targetType: 'question',
                targetId: item.questionId,
                orgUnit: owner,
                requestId: actor.requestId,
                changes: { subject: item.subject, grade: item.grade, topic: item.topic, level: item.level },
              }),
            )
            .commit(),
        ])
        .go();
      return item;
    },

    async get(questionId: string): Promise<QuestionItem | undefined> {
      const { data } = await entities().question.get({ questionId }).go();
      return (data as QuestionItem | null) ?? undefined;
    },

    /** A new version; the previous one is kept, and a shared question goes back to review. */
    async update(current: QuestionItem, expectedVersion: number, input: Omit<QuestionInput, 'scope'>) {
      if (current.version !== expectedVersion) throw staleVersion();
      const now = new Date().toISOString();
      const result = await entities()
        .service.transaction.write(({ question, questionVersion }) => [
          questionVersion
            .create({
              questionId: current.questionId,
              version: current.version,
              snapshot: current,
              savedAt: now,
            })
            .commit(),
          question
            .patch({ questionId: current.questionId })
            .set({
              version: current.version + 1,
              ownerUnitId: current.ownerUnitId,
              subject: input.subject,
              grade: input.grade,
              topic: input.topic,
              level: input.level,
              type: input.question.type,
              stem: input.stem,
              body: input.question,
              status: current.scope === 'personal' ? 'approved' : 'submitted',
              updatedAt: now,
            })
            .where((a, op) => op.eq(a.version, expectedVersion))
            .commit(),
        ])
        .go();
      if (result.canceled) throw staleVersion();
      return (await this.get(current.questionId))!;
    },

    async review(
      current: QuestionItem,
      expectedVersion: number,
      decision: 'approve' | 'return',
      note: string | undefined,
      actor: { sub: string },
    ) {
      if (current.version !== expectedVersion) throw staleVersion();
      if (current.status !== 'submitted')
        throw conflict('Only a question waiting for review can be reviewed.');
      if (current.authorId === actor.sub)
        throw conflict('A question is reviewed by someone other than its author.');
      await entities()
        .question.patch({ questionId: current.questionId })
        .set({
          status: decision === 'approve' ? 'approved' : 'returned',
          // The bank index is keyed by status, topic and level: ElectroDB rebuilds it from all three.
          ownerUnitId: current.ownerUnitId,
          subject: current.subject,
          grade: current.grade,
          topic: current.topic,
          level: current.level,
          reviewedBy: actor.sub,
          ...(note ? { reviewNote: note } : {}),
          updatedAt: new Date().toISOString(),
        })
        .where((a, op) => op.eq(a.version, expectedVersion))
        .go();
      return (await this.get(current.questionId))!;
    },

    async list(
      ownerUnitId: string,
      subject: string,
      grade: number,
      status: string | undefined,
      limit: number,
      cursor: string | null,
    ) {
      const query = entities().question.query.byBank({ ownerUnitId, subject, grade });
      return (status ? query.begins({ status: status as never }) : query).go({ limit, cursor });
    },

    /** Approved questions of the unit's bank and of the Department's, for a paper. */
    async approvedPool(lineage: readonly string[], ownerUnitId: string, subject: string, grade: number) {
      const banks = [...new Set([lineage[0]!, ownerUnitId])];
      const lists = await Promise.all(
        banks.map((unit) =>
          entities()
            .question.query.byBank({ ownerUnitId: unit, subject, grade })
            .begins({ status: 'approved' })
            .go({ pages: 'all' }),
        ),
      );
      return lists
        .flatMap((l) => l.data)
        .filter((q) => q.scope !== 'personal' || q.ownerUnitId === ownerUnitId);
    },

    async buildPaper(
      owner: OrgTarget,
      input: {
        title: string;
        subject: string;
        grade: number;
        blueprint: BlueprintCell[];
        variants: number;
        seed?: string;
      },
      actor: { sub: string },
    ) {
      const pool = await this.approvedPool(owner.lineage, owner.orgUnitId, input.subject, input.grade);
      const seed = input.seed ?? randomUUID();
      const result = generateVariants(pool, input.blueprint, input.variants, seed);
      if (!result.ok)
        throw new HttpProblem({
          status: 422,
          title: 'The bank cannot fill the blueprint',
          slug: 'blueprint-shortfall',
          detail: result.shortfalls
            .map((s) => `${s.topic} × ${s.level}: ${s.needed} needed, ${s.available} approved`)
            .join('; '),
          extensions: { shortfalls: result.shortfalls },
        });
      const byId = new Map(pool.map((q) => [q.questionId, q]));
      const paperId = randomUUID();
      const variants = await Promise.all(
        result.variants.map(async (ids, v) => {
          const questions = ids.map((id) => byId.get(id)!);
          const candidateCopy = {
            paperId,
            variant: v + 1,
            title: input.title,
            questions: questions.map((q) => ({
              questionId: q.questionId,
              version: q.version,
              part: partOf(q.type),
              stem: q.stem,
              ...(q.media ? { media: q.media } : {}),
              ...withoutKey(q.body as QuestionBody),
            })),
          };
          const keys = Object.fromEntries(questions.map((q) => [q.questionId, q.body]));
          await putObject(
            'materials',
            `exams/papers/${paperId}/variant-${v + 1}.json`,
            JSON.stringify(candidateCopy),
            'application/json',
          );
          await putObject(
            'materials',
            `exams/keys/${paperId}/variant-${v + 1}.json`,
            JSON.stringify(keys),
            'application/json',
          );
          return {
            variant: v + 1,
            questions: questions.map((q) => ({ questionId: q.questionId, version: q.version })),
          };
        }),
      );
      const maxPoints = result.variants[0]!.reduce(
        (n, id) => n + (byId.get(id)!.body as QuestionBody).points,
        0,
      );
      const paper = {
        paperId,
        ownerUnitId: owner.orgUnitId,
        title: input.title,
        subject: input.subject,
        grade: input.grade,
        blueprint: input.blueprint,
        seed,
        variants,
        maxPoints,
        createdBy: actor.sub,
        createdAt: new Date().toISOString(),
      };
      await entities().examPaper.create(paper).go();
      return paper;
    },

    async paper(paperId: string) {
      const { data } = await entities().examPaper.get({ paperId }).go();
      return data ?? undefined;
    },
  };
}
