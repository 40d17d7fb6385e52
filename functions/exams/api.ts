import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { notFound } from '#shared/http/problem.ts';
import { makeBank } from './bank.ts';
import { examsManifest } from './manifest.ts';

const bank = makeBank();

async function loadQuestion(questionId: string, viewer: string) {
  const question = await bank.get(questionId);
  // A personal question is its author's alone: to anyone else it does not exist.
  if (!question || (question.scope === 'personal' && question.authorId !== viewer)) throw notFound();
  return question;
}

export const handler = makeApi(examsManifest, {
  async createQuestion({ params, body, principal, correlationId, authorize }) {
    const owner = await authorize('exam.author', params.orgUnitId);
    return reply(201, await bank.create(owner, body, { sub: principal.sub, requestId: correlationId }));
  },

  async listQuestions({ params, query, principal, authorize }) {
    await authorize('exam.author', params.orgUnitId);
    // Cursors are bound to the list they came from (shared/db/pagination.ts).
    const scope = `questions:${params.orgUnitId}:${query.subject}:${query.grade}:${query.status ?? ''}`;
    const page = await bank.list(
      params.orgUnitId,
      query.subject,
      query.grade,
      query.status,
      query.limit,
      decodeCursor(scope, query.cursor),
    );
    const nextCursor = encodeCursor(scope, page.cursor);
    return {
      items: page.data.filter((q) => q.scope !== 'personal' || q.authorId === principal.sub),
      ...(nextCursor ? { nextCursor } : {}),
    };
  },

  async getQuestion({ params, principal, authorize }) {
    const question = await loadQuestion(params.questionId, principal.sub);
    await authorize('exam.author', question.ownerUnitId);
    return question;
  },

  async updateQuestion({ params, body, principal, authorize }) {
    const question = await loadQuestion(params.questionId, principal.sub);
    await authorize('exam.author', question.ownerUnitId);
    const { expectedVersion, ...input } = body;
    return bank.update(question, expectedVersion, input, { sub: principal.sub });
  },

  async reviewQuestion({ params, body, principal, authorize }) {
    const question = await loadQuestion(params.questionId, principal.sub);
    await authorize('exam.review', question.ownerUnitId);
    return bank.review(question, body.expectedVersion, body.decision, body.note, { sub: principal.sub });
  },

  async createPaper({ params, body, principal, authorize }) {
    const owner = await authorize('exam.author', params.orgUnitId);
    return reply(201, await bank.buildPaper(owner, body, { sub: principal.sub }));
  },

  async getPaper({ params, authorize }) {
    const paper = await bank.paper(params.paperId);
    if (!paper) throw notFound();
    await authorize('exam.author', paper.ownerUnitId);
    return paper;
  },
});
