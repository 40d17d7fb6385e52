import { classesOfSchool, learnerOf } from '#functions/edu-data/index.ts';
import { accountNames, accountsLinkedTo, authEntities } from '#shared/auth/store.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { makeApi, reply } from '#shared/http/api.ts';
import { badRequest, fieldError, forbidden, HttpProblem, notFound } from '#shared/http/problem.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { getObjectBytes, presignDownload } from '#shared/storage/s3.ts';
import { storedFailure } from '#shared/text/texts.ts';
import { searchKey } from '#shared/text/vietnamese.ts';
import { makeBank } from './bank.ts';
import { classCandidates } from './candidates.ts';
import { examsText } from './domain/texts.ts';
import { examEntities } from './entities.ts';
import { makeExamCapacity } from './exam-capacity.ts';
import { makeLearnerExams } from './learner-exams.ts';
import { examsManifest } from './manifest.ts';
import { makeMarking, markerView } from './marking.ts';
import { requestMediaUpload } from './media.ts';
import { STATISTICS_QUEUE, statisticsMessage } from './messages.ts';
import { makeQuestionSheets } from './question-sheets.ts';
import { makeSessions, type SessionItem } from './sessions.ts';

const bank = makeBank();
const sessions = makeSessions();
const marking = makeMarking();
const questionSheets = makeQuestionSheets();
const learnerExams = makeLearnerExams();
const examCapacity = makeExamCapacity();

/** Candidate routes: the caller must be on the session's roll; to anyone else it does not exist. */
async function asCandidate(sessionId: string, accountId: string) {
  const candidate = await sessions.candidateOf(sessionId, accountId);
  if (!candidate) throw notFound();
  return candidate;
}

async function loadSession(sessionId: string) {
  const session = await sessions.session(sessionId);
  if (!session) throw notFound();
  return session;
}

/** What organisers see of a session: never its seed or the access code's hash. */
function sessionView(session: SessionItem) {
  const { seed: _seed, accessCodeHash, variantCount: _v, createdBy: _c, createdAt: _a, ...visible } = session;
  return { ...visible, hasAccessCode: Boolean(accessCodeHash) };
}

/** One session as its page shows it: supervisors and markers by name. */
async function sessionWithNames(session: SessionItem) {
  const people = [...(session.rooms ?? []).flatMap((r) => r.supervisors), ...(session.markers ?? [])];
  const names = people.length ? Object.fromEntries(await accountNames(people)) : {};
  return { ...sessionView(session), ...(people.length ? { names } : {}) };
}

/** At most this many accounts of a unit are read to find people by name (a large school's). */
const PEOPLE_READ_LIMIT = 5000;

/** True when `attempt` resolves; false when the caller's roles do not reach the unit. */
const allowed = (attempt: Promise<unknown>) =>
  attempt.then(
    () => true,
    (error: unknown) => {
      if (error instanceof HttpProblem && error.status === 403) return false;
      throw error;
    },
  );

/** Markers named on the session, or anyone who may mark at the session's unit. */
async function asMarker(
  session: SessionItem,
  accountId: string,
  authorize: (permission: 'exam.mark', orgUnitId: string) => Promise<unknown>,
) {
  if (session.markers?.includes(accountId)) return;
  await authorize('exam.mark', session.ownerUnitId);
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

  async requestQuestionMedia({ params, body, authorize }) {
    await authorize('exam.author', params.orgUnitId);
    return reply(201, await requestMediaUpload(params.orgUnitId, body.contentType));
  },

  async shareQuestion({ params, body, principal, correlationId, authorize }) {
    const question = await loadQuestion(params.questionId, principal.sub);
    const owner = await authorize('exam.author', question.ownerUnitId);
    return bank.share(
      question,
      body.to,
      body.expectedVersion,
      { sub: principal.sub, requestId: correlationId },
      owner,
    );
  },

  async requestQuestionImport({ params, principal, authorize }) {
    await authorize('exam.author', params.orgUnitId);
    return reply(201, await questionSheets.requestImport(params.orgUnitId, principal.sub));
  },

  async requestQuestionExport({ params, body, principal, authorize }) {
    await authorize('exam.author', params.orgUnitId);
    return reply(
      202,
      await questionSheets.requestExport(params.orgUnitId, body.subject, body.grade, principal.sub),
    );
  },

  async getQuestionSheet({ params, authorize }) {
    const job = await questionSheets.get(params.jobId);
    if (!job) throw notFound();
    await authorize('exam.author', job.orgUnitId);
    return questionSheets.present(job);
  },

  async listPapers({ params, query, authorize }) {
    await authorize('exam.author', params.orgUnitId);
    const scope = `papers:${params.orgUnitId}`;
    const page = await bank.papers(params.orgUnitId, query.limit, decodeCursor(scope, query.cursor));
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: page.data, ...(nextCursor ? { nextCursor } : {}) };
  },

  async correctKey({ params, body, principal, correlationId, authorize }) {
    const paper = await bank.paper(params.paperId);
    if (!paper) throw notFound();
    const owner = await authorize('exam.review', paper.ownerUnitId);
    return bank.correctKey(
      paper,
      body.questionId,
      body.question,
      body.note,
      { sub: principal.sub, requestId: correlationId },
      owner,
    );
  },

  async listSessions({ params, query, authorize }) {
    await authorize('exam.manage', params.orgUnitId);
    const scope = `sessions:${params.orgUnitId}`;
    const page = await examEntities()
      .examSession.query.byUnit({ ownerUnitId: params.orgUnitId })
      .go({ limit: query.limit, cursor: decodeCursor(scope, query.cursor), order: 'desc' });
    const nextCursor = encodeCursor(scope, page.cursor);
    return { items: (page.data as SessionItem[]).map(sessionView), ...(nextCursor ? { nextCursor } : {}) };
  },

  async listRoll({ params, query, principal, authorize }) {
    const session = await loadSession(params.sessionId);
    // Organisers see everything; a school's leaders their school with results; a room's
    // supervisors their room's progress; anyone else nothing.
    let withResults = await allowed(authorize('exam.results', session.ownerUnitId));
    if (!withResults && query.school) withResults = await allowed(authorize('exam.results', query.school));
    const supervises =
      !!query.room &&
      (session.rooms ?? []).some((r) => r.name === query.room && r.supervisors.includes(principal.sub));
    const organiser = await allowed(authorize('exam.manage', session.ownerUnitId));
    if (!withResults && !supervises && !organiser) throw forbidden(examsText('not-running'));
    if (!withResults && !organiser && query.school) throw forbidden(examsText('school-outside-scope'));
    const scope = `roll:${params.sessionId}:${query.school ?? ''}:${query.room ?? ''}`;
    const page = await sessions.roll(
      params.sessionId,
      { schoolId: query.school, room: query.room },
      query.limit,
      decodeCursor(scope, query.cursor),
    );
    const nextCursor = encodeCursor(scope, page.cursor);
    return {
      items: page.data.map(
        ({ accountId, fullName, schoolId, communeId, room, state, attemptNo, points, pendingScripts }) => ({
          accountId,
          fullName,
          schoolId,
          communeId,
          room,
          state,
          ...(attemptNo ? { attemptNo } : {}),
          ...(withResults && state === 'graded'
            ? {
                points,
                pendingScripts,
                ...(pendingScripts ? {} : { passed: (points ?? 0) >= session.passMark }),
              }
            : {}),
        }),
      ),
      withResults,
      ...(nextCursor ? { nextCursor } : {}),
    };
  },

  async releaseResults({ params, principal, correlationId, authorize }) {
    const session = await loadSession(params.sessionId);
    const owner = await authorize('exam.manage', session.ownerUnitId);
    return sessionView(
      await sessions.release(session, { sub: principal.sub, requestId: correlationId }, owner),
    );
  },

  async requestStatistics({ params, principal, authorize }) {
    const session = await loadSession(params.sessionId);
    await authorize('exam.results', session.ownerUnitId);
    const requestedAt = new Date().toISOString();
    await examEntities()
      .sessionStatistics.upsert({
        sessionId: session.sessionId,
        status: 'pending',
        requestedBy: principal.sub,
        requestedAt,
      })
      .go();
    await sendMessage(STATISTICS_QUEUE, statisticsMessage, { sessionId: session.sessionId });
    return reply(202, { status: 'pending', requestedAt });
  },

  async getStatistics({ params, authorize }) {
    const session = await loadSession(params.sessionId);
    await authorize('exam.results', session.ownerUnitId);
    const { data } = await examEntities().sessionStatistics.get({ sessionId: session.sessionId }).go();
    if (!data) return { status: 'none' };
    const ready = data.status === 'ready' && data.figuresKey && data.workbookKey;
    return {
      status: data.status,
      requestedAt: data.requestedAt,
      ...(data.computedAt ? { computedAt: data.computedAt } : {}),
      ...storedFailure(data),
      ...(ready
        ? {
            figures: JSON.parse(new TextDecoder().decode(await getObjectBytes('reports', data.figuresKey!))),
            workbookUrl: await presignDownload(
              'reports',
              data.workbookKey!,
              300,
              `ket-qua-${session.sessionId}.xlsx`,
            ),
          }
        : {}),
    };
  },

  async listScripts({ params, query, principal, authorize }) {
    const session = await loadSession(params.sessionId);
    await asMarker(session, principal.sub, authorize);
    const scope = `scripts:${params.sessionId}:${query.state}:${query.questionId ?? ''}`;
    const page = await marking.queue(
      session.sessionId,
      query.state,
      query.questionId,
      query.limit,
      decodeCursor(scope, query.cursor),
    );
    const nextCursor = encodeCursor(scope, page.cursor);
    return {
      items: page.data.map((s) => markerView(s, principal.sub)),
      ...(nextCursor ? { nextCursor } : {}),
    };
  },

  async markScript({ params, body, principal, authorize }) {
    const session = await loadSession(params.sessionId);
    await asMarker(session, principal.sub, authorize);
    const script = await marking.get(session.sessionId, params.scriptId);
    if (!script) throw notFound();
    const chief = await allowed(authorize('exam.manage', session.ownerUnitId));
    const marked = await marking.mark(
      session,
      script,
      { markerId: principal.sub, chief },
      body.criterionPoints,
    );
    return markerView(marked, principal.sub);
  },

  async createSession({ params, body, principal, correlationId, authorize }) {
    const owner = await authorize('exam.manage', params.orgUnitId);
    // Classes the organiser may see in the education database, resolved to their learners' accounts.
    const fromClasses = await classCandidates(body.classes ?? [], (schoolId) =>
      allowed(authorize('edudata.read', schoolId)),
    );
    const paper = await bank.paper(body.paperId);
    // A unit uses its own papers and those of the units above it (the Department's).
    if (!paper || !owner.lineage.includes(paper.ownerUnitId))
      throw badRequest(examsText('no-paper'), [fieldError('body', 'paperId', examsText('unknown-paper'))]);
    const session = await sessions.create(
      owner,
      body,
      paper,
      { sub: principal.sub, requestId: correlationId },
      fromClasses,
    );
    // A city-wide session gets the exam API's provisioned concurrency scheduled around its window.
    await examCapacity.schedule(session);
    return reply(201, await sessionWithNames(session));
  },

  async getSession({ params, authorize }) {
    const session = await loadSession(params.sessionId);
    await authorize('exam.manage', session.ownerUnitId);
    return sessionWithNames(session);
  },

  async listExamClasses({ params, authorize }) {
    await authorize('edudata.read', params.orgUnitId);
    return { items: await classesOfSchool(params.orgUnitId) };
  },

  async searchExamPeople({ params, body, authorize }) {
    await authorize('exam.manage', params.orgUnitId);
    const words = searchKey(body.words).split(' ').filter(Boolean);
    const { data } = await authEntities()
      .account.query.byOrgUnit({ homeOrgUnitId: params.orgUnitId })
      .go({ pages: 'all', limit: PEOPLE_READ_LIMIT, attributes: ['accountId', 'fullName'] });
    const items = data
      .filter((a) => {
        const key = searchKey(`${a.fullName} ${a.accountId}`);
        return words.every((w) => key.includes(w));
      })
      .slice(0, 20)
      .map((a) => ({ accountId: a.accountId, fullName: a.fullName }));
    return { items };
  },

  async listBankShelves({ params, authorize }) {
    await authorize('exam.author', params.orgUnitId);
    return { items: await bank.shelves(params.orgUnitId) };
  },

  async listQuestionTopics({ params, query, authorize }) {
    const owner = await authorize('exam.author', params.orgUnitId);
    return { items: await bank.topics(owner.lineage, owner.orgUnitId, query.subject, query.grade) };
  },

  async getExamBriefing({ params, principal }) {
    await asCandidate(params.sessionId, principal.sub);
    const session = await loadSession(params.sessionId);
    const [paper, attempt] = await Promise.all([
      bank.paper(session.paperId),
      sessions.attemptOf(session.sessionId, principal.sub),
    ]);
    return sessions.briefing(session, paper?.variants[0]?.questions.length ?? 0, attempt);
  },

  async reviewAttempt({ params, principal }) {
    await asCandidate(params.sessionId, principal.sub);
    const session = await loadSession(params.sessionId);
    const attempt = await sessions.attemptOf(session.sessionId, principal.sub);
    const paper =
      session.practice && session.reviewAfterSubmit ? await bank.paper(session.paperId) : undefined;
    return sessions.review(session, attempt, paper ?? { paperId: session.paperId });
  },

  async listMySessions({ principal }) {
    const items = await sessions.mySessions(principal.sub);
    return {
      items: items.map(({ sessionId, title, opensAt, state }) => ({ sessionId, title, opensAt, state })),
    };
  },

  async listLearnerExams({ params, query, authorize }) {
    const learner = await learnerOf(params.recordId);
    // Linked or not, a learner one may not see answers as one that does not exist.
    if (!learner) throw notFound();
    await authorize('learner.read', learner.schoolId, { person: learner.recordId });
    // Candidates are accounts: the learner's own, linked to their record as themself.
    const accounts = await accountsLinkedTo(learner.recordId, ['self']);
    return learnerExams.page(learner.recordId, accounts, query.limit, query.cursor);
  },

  async startAttempt({ params, body, principal }) {
    const candidate = await asCandidate(params.sessionId, principal.sub);
    const session = await loadSession(params.sessionId);
    const attempt = await sessions.start(session, candidate, body.deviceId, body);
    return sessions.view(attempt, session);
  },

  async getAttempt({ params, principal }) {
    await asCandidate(params.sessionId, principal.sub);
    const attempt = await sessions.attemptOf(params.sessionId, principal.sub);
    if (!attempt) throw notFound(examsText('no-attempt-yet'));
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
