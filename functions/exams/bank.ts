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
import type { Language } from '#shared/http/language.ts';
import { badRequest, conflict, fieldError, HttpProblem } from '#shared/http/problem.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { getObjectBytes, putObject } from '#shared/storage/s3.ts';
import { renderText } from '#shared/text/texts.ts';
import { type Shelved, shelfChanges, topicCounts } from './domain/bank-counts.ts';
import { type BlueprintCell, generateVariants, type Shortfall } from './domain/papers.ts';
import {
  COGNITIVE_LEVEL_LABELS,
  type CognitiveLevel,
  keyChangeRefusal,
  type QuestionBody,
  withoutKey,
} from './domain/questions.ts';
import { contentId } from './domain/random.ts';
import { examsText } from './domain/texts.ts';
import { type ExamEntities, examEntities } from './entities.ts';
import { checkMedia } from './media.ts';
import { REGRADING_QUEUE, regradingMessage } from './messages.ts';
import { keyPath, paperCopyPath } from './paths.ts';

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

export interface PaperItem {
  paperId: string;
  ownerUnitId: string;
  title: string;
  subject: string;
  grade: number;
  blueprint: BlueprintCell[];
  seed: string;
  variants: { variant: number; questions: { questionId: string; version: number }[] }[];
  maxPoints: number;
  keyVersion?: number;
  corrections?: { questionId: string; keyVersion: number; note: string; by: string; at: string }[];
  createdBy: string;
  createdAt: string;
}

const PAPER_SUMMARY = [
  'paperId',
  'ownerUnitId',
  'title',
  'subject',
  'grade',
  'maxPoints',
  'keyVersion',
  'createdAt',
] as const;

async function readKeys(paperId: string, keyVersion: number, variant: number) {
  const bytes = await getObjectBytes('materials', keyPath(paperId, keyVersion, variant));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, QuestionBody>;
}

/** The national paper's parts: I single choice, II true/false groups, III short answers, IV essays. */
export const partOf = (type: string) =>
  type === 'true-false-group' ? 'II' : type === 'short-numeric' ? 'III' : type === 'essay' ? 'IV' : 'I';

/** The question already exists (an import of a row already imported). */
export class DuplicateQuestionError extends Error {
  constructor(readonly questionId: string) {
    super(`Question ${questionId} exists`);
  }
}

/** The blueprint's cells the bank cannot fill, as a list in each language. */
function shortfallList(shortfalls: readonly Shortfall[]) {
  const say = (language: Language) =>
    shortfalls
      .map((s) =>
        renderText(
          'exams.shortfall',
          {
            topic: s.topic,
            level: language === 'vi' ? COGNITIVE_LEVEL_LABELS[s.level] : s.level,
            needed: s.needed,
            available: s.available,
          },
          language,
        ),
      )
      .join('; ');
  return { vi: say('vi'), en: say('en') };
}

const staleVersion = () =>
  new HttpProblem({
    status: 409,
    title: 'Conflict',
    slug: 'stale-version',
    detail: examsText('question-changed'),
  });

type TransactionShelf = Parameters<
  Parameters<ExamEntities['service']['transaction']['write']>[0]
>[0]['bankShelf'];

export function makeBank(entities: () => ExamEntities = examEntities) {
  /** The shelf counts' increments of a change, as transaction items (ADD: created when missing). */
  const shelfWrites = (
    bankShelf: TransactionShelf,
    before: Shelved | undefined,
    after: Shelved | undefined,
  ) =>
    shelfChanges(before, after).map(({ ownerUnitId, subject, grade, questions, approved }) =>
      bankShelf.update({ ownerUnitId, subject, grade }).add({ questions, approved }).commit(),
    );

  async function unitKind(orgUnitId: string) {
    const { data } = await authEntities().orgUnit.get({ orgUnitId }).go();
    return data?.kind;
  }

  return {
    /** `actor.questionId` names the question (an import's content id): a second create is a duplicate. */
    async create(
      owner: OrgTarget,
      input: QuestionInput,
      actor: { sub: string; requestId: string; questionId?: string },
    ) {
      const kind = owner.kind ?? (await unitKind(owner.orgUnitId));
      if ((input.scope === 'department') !== (kind === 'department'))
        throw badRequest(examsText('scope-mismatch'), [
          fieldError(
            'body',
            'scope',
            examsText(kind === 'department' ? 'scope-department-only' : 'scope-not-department'),
          ),
        ]);
      await checkMedia(owner.orgUnitId, input.media);
      const now = new Date().toISOString();
      const item = {
        questionId: actor.questionId ?? randomUUID(),
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
      const result = await entities()
        .service.transaction.write(({ question, bankShelf, auditEntry: audit }) => [
          question.create(item).commit(),
          ...shelfWrites(bankShelf, undefined, item),
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
      if (result.canceled) throw new DuplicateQuestionError(item.questionId);
      return item;
    },

    async get(questionId: string): Promise<QuestionItem | undefined> {
      const { data } = await entities().question.get({ questionId }).go();
      return (data as QuestionItem | null) ?? undefined;
    },

    /** A new version; the previous one is kept, and a shared question goes back to review. */
    async update(current: QuestionItem, expectedVersion: number, input: Omit<QuestionInput, 'scope'>) {
      if (current.version !== expectedVersion) throw staleVersion();
      await checkMedia(current.ownerUnitId, input.media);
      const now = new Date().toISOString();
      const status = current.scope === 'personal' ? ('approved' as const) : ('submitted' as const);
      const result = await entities()
        .service.transaction.write(({ question, questionVersion, bankShelf }) => [
          ...shelfWrites(bankShelf, current, {
            ownerUnitId: current.ownerUnitId,
            subject: input.subject,
            grade: input.grade,
            status,
          }),
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
              media: input.media ?? [],
              status,
              updatedAt: now,
            })
            .where((a, op) => op.eq(a.version, expectedVersion))
            .commit(),
        ])
        .go();
      if (result.canceled) throw staleVersion();
      return (await this.get(current.questionId))!;
    },

    /**
     * Sharing: a personal question joins its school's bank (and waits for review); an approved
     * school question is proposed to the Department's bank as a copy, reviewed there. Sharing the
     * same version twice is refused.
     */
    async share(
      current: QuestionItem,
      to: 'school' | 'department',
      expectedVersion: number,
      actor: { sub: string; requestId: string },
      owner: OrgTarget,
    ) {
      if (current.version !== expectedVersion) throw staleVersion();
      const audit = (action: string, targetId: string, changes: Record<string, unknown>) =>
        auditEntry({
          actorId: actor.sub,
          action,
          targetType: 'question',
          targetId,
          orgUnit: owner,
          requestId: actor.requestId,
          changes,
        });
      if (to === 'school') {
        if (current.scope !== 'personal' || current.authorId !== actor.sub)
          throw conflict(examsText('share-author-only'));
        await entities()
          .service.transaction.write(({ question, bankShelf, auditEntry: entry }) => [
            ...shelfWrites(bankShelf, current, { ...current, status: 'submitted' }),
            question
              .patch({ questionId: current.questionId })
              .set({
                scope: 'school',
                status: 'submitted',
                ownerUnitId: current.ownerUnitId,
                subject: current.subject,
                grade: current.grade,
                topic: current.topic,
                level: current.level,
                updatedAt: new Date().toISOString(),
              })
              .where((a, op) => op.eq(a.version, expectedVersion))
              .commit(),
            entry.create(audit('question.share', current.questionId, { to })).commit(),
          ])
          .go();
        return (await this.get(current.questionId))!;
      }
      if (current.scope !== 'school' || current.status !== 'approved')
        throw conflict(examsText('share-approved-only'));
      const department = owner.lineage[0]!;
      const copy = await this.create(
        { orgUnitId: department, lineage: [department], kind: 'department' },
        {
          scope: 'department',
          subject: current.subject,
          grade: current.grade,
          topic: current.topic,
          level: current.level,
          stem: current.stem,
          question: current.body as QuestionBody,
        },
        {
          sub: current.authorId,
          requestId: actor.requestId,
          questionId: contentId(department, { sharedFrom: current.questionId, version: current.version }),
        },
      ).catch((error: unknown) => {
        if (error instanceof DuplicateQuestionError) throw conflict(examsText('already-shared'));
        throw error;
      });
      await entities()
        .auditEntry.create(audit('question.share', current.questionId, { to, copy: copy.questionId }))
        .go();
      return copy;
    },

    async review(
      current: QuestionItem,
      expectedVersion: number,
      decision: 'approve' | 'return',
      note: string | undefined,
      actor: { sub: string },
    ) {
      if (current.version !== expectedVersion) throw staleVersion();
      if (current.status !== 'submitted') throw conflict(examsText('review-submitted-only'));
      if (current.authorId === actor.sub) throw conflict(examsText('review-not-author'));
      const status = decision === 'approve' ? ('approved' as const) : ('returned' as const);
      const result = await entities()
        .service.transaction.write(({ question, bankShelf }) => [
          question
            .patch({ questionId: current.questionId })
            .set({
              status,
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
            .where((a, op) => `${op.eq(a.version, expectedVersion)} AND ${op.eq(a.status, 'submitted')}`)
            .commit(),
          ...shelfWrites(bankShelf, current, { ...current, status }),
        ])
        .go();
      if (result.canceled) throw staleVersion();
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

    /** The subjects and grades a unit's bank holds questions of, with its counts. */
    async shelves(ownerUnitId: string) {
      const { data } = await entities().bankShelf.query.byUnit({ ownerUnitId }).go({ pages: 'all' });
      return data
        .filter((s) => (s.questions ?? 0) > 0)
        .map((s) => ({
          subject: s.subject,
          grade: s.grade,
          questions: s.questions ?? 0,
          approved: s.approved ?? 0,
        }))
        .sort((a, b) => a.subject.localeCompare(b.subject, 'vi') || a.grade - b.grade);
    },

    /** The approved questions a paper of the unit may draw on, by topic and level. */
    async topics(lineage: readonly string[], ownerUnitId: string, subject: string, grade: number) {
      return topicCounts(await this.approvedPool(lineage, ownerUnitId, subject, grade, ['topic', 'level']));
    },

    /** Approved questions of the unit's bank and of the Department's, for a paper. */
    async approvedPool(
      lineage: readonly string[],
      ownerUnitId: string,
      subject: string,
      grade: number,
      attributes?: readonly ('topic' | 'level')[],
    ) {
      const banks = [...new Set([lineage[0]!, ownerUnitId])];
      const lists = await Promise.all(
        banks.map((unit) =>
          entities()
            .question.query.byBank({ ownerUnitId: unit, subject, grade })
            .begins({ status: 'approved' })
            .go({
              pages: 'all',
              // Counting needs only where each question sits (and whose personal question it is).
              ...(attributes ? { attributes: [...attributes, 'scope', 'ownerUnitId'] as never } : {}),
            }),
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
          detail: examsText('blueprint-shortfall', { shortfalls: shortfallList(result.shortfalls) }),
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
            paperCopyPath(paperId, v + 1),
            JSON.stringify(candidateCopy),
            'application/json',
          );
          await putObject('materials', keyPath(paperId, 1, v + 1), JSON.stringify(keys), 'application/json');
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

    async paper(paperId: string): Promise<PaperItem | undefined> {
      const { data } = await entities().examPaper.get({ paperId }).go();
      return (data as PaperItem | null) ?? undefined;
    },

    /** The exam bank: a unit's papers, newest first. */
    async papers(ownerUnitId: string, limit: number, cursor: string | null) {
      return entities()
        .examPaper.query.byUnit({ ownerUnitId })
        .go({ limit, cursor, order: 'desc', attributes: PAPER_SUMMARY });
    },

    /**
     * A corrected key for one question of a paper: every variant's keys are written again as a new
     * key version (the old files stay, for the record), the paper moves to it, and its sessions'
     * attempts are queued for grading again. Only the key may change, never what candidates saw.
     */
    async correctKey(
      paper: PaperItem,
      questionId: string,
      corrected: QuestionBody,
      note: string,
      actor: { sub: string; requestId: string },
      owner: OrgTarget,
    ) {
      const variants = paper.variants.filter((v) => v.questions.some((q) => q.questionId === questionId));
      if (variants.length === 0)
        throw badRequest(examsText('not-on-paper'), [
          fieldError('body', 'questionId', examsText('not-on-paper-field')),
        ]);
      const from = paper.keyVersion ?? 1;
      const current = (await readKeys(paper.paperId, from, variants[0]!.variant))[questionId]!;
      const refusal = keyChangeRefusal(current, corrected);
      if (refusal) throw badRequest(refusal, [fieldError('body', 'question', refusal)]);
      const to = from + 1;
      await Promise.all(
        paper.variants.map(async (v) => {
          const keys = await readKeys(paper.paperId, from, v.variant);
          if (questionId in keys) keys[questionId] = corrected;
          await putObject(
            'materials',
            keyPath(paper.paperId, to, v.variant),
            JSON.stringify(keys),
            'application/json',
          );
        }),
      );
      const at = new Date().toISOString();
      const correction = { questionId, keyVersion: to, note, by: actor.sub, at };
      const result = await entities()
        .service.transaction.write(({ examPaper, auditEntry: audit }) => [
          examPaper
            .patch({ paperId: paper.paperId })
            .set({ keyVersion: to, corrections: [...(paper.corrections ?? []), correction] })
            .where((x, op) => op.eq(x.keyVersion, from))
            .commit(),
          audit
            .create(
              auditEntry({
                actorId: actor.sub,
                action: 'exam-paper.correct-key',
                targetType: 'exam-paper',
                targetId: paper.paperId,
                orgUnit: owner,
                requestId: actor.requestId,
                changes: { questionId, keyVersion: to, note },
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(examsText('key-corrected-meanwhile'));
      await sendMessage(REGRADING_QUEUE, regradingMessage, { paperId: paper.paperId, keyVersion: to });
      return { ...paper, keyVersion: to, corrections: [...(paper.corrections ?? []), correction] };
    },
  };
}
