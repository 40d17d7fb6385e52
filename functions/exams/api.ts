import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { badRequest, notFound } from '#shared/http/problem.ts';
import { makeBank } from './bank.ts';
import { examsManifest } from './manifest.ts';
import { makeSessions } from './sessions.ts';

const bank = makeBank();
const sessions = makeSessions();

/** Candidate routes: the caller must be on the session's roll; to anyone else it does not exist. */
async function asCandidate(sessionId: string, accountId: string) {
  if (!(await sessions.isCandidate(sessionId, accountId))) throw notFound();
}

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
    return bank.update(question, expectedVersion, input);
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

  async createSession({ params, body, principal, authorize }) {
    const owner = await authorize('exam.manage', params.orgUnitId);
    const paper = await bank.paper(body.paperId);
    // A unit uses its own papers and those of the units above it (the Department's).
    if (!paper || !owner.lineage.includes(paper.ownerUnitId))
      throw badRequest('No such paper for this unit.', [
        { in: 'body', field: 'paperId', message: 'Unknown paper' },
      ]);
    return reply(201, await sessions.create(owner, body, paper, { sub: principal.sub }));
  },

  async getSession({ params, authorize }) {
    const session = await sessions.session(params.sessionId);
    if (!session) throw notFound();
    await authorize('exam.manage', session.ownerUnitId);
    const { seed: _seed, ...visible } = session;
    return visible;
  },

  async listMySessions({ principal }) {
    const items = await sessions.mySessions(principal.sub);
    return { items: items.map(({ sessionId, title, opensAt }) => ({ sessionId, title, opensAt })) };
  },

  async startAttempt({ params, body, principal }) {
    await asCandidate(params.sessionId, principal.sub);
    return sessions.view(await sessions.start(params.sessionId, principal.sub, body.deviceId));
  },

  async getAttempt({ params, principal }) {
    await asCandidate(params.sessionId, principal.sub);
    const attempt = await sessions.attemptOf(params.sessionId, principal.sub);
    if (!attempt) throw notFound('No attempt yet: start the exam.');
    return sessions.view(attempt);
  },

  async saveAnswers({ params, body, principal }) {
    await asCandidate(params.sessionId, principal.sub);
    return sessions.autosave(params.sessionId, principal.sub, body);
  },

  async submitAttempt({ params, principal }) {
    await asCandidate(params.sessionId, principal.sub);
    return sessions.view(await sessions.submit(params.sessionId, principal.sub));
  },

  async getPaper({ params, authorize }) {
    const paper = await bank.paper(params.paperId);
    if (!paper) throw notFound();
    await authorize('exam.author', paper.ownerUnitId);
    return paper;
  },
});
