/**
 * A session's figures for organisers: who started, submitted, was graded and awaits marking; the
 * distribution, mean, median, spread and pass rate of final results for the session and per
 * school and commune; item analysis per question (difficulty, discrimination, options chosen).
 * Read once by the statistics worker from the roll (small items), the attempts and their answer
 * chunks (one Query each over the session's partition).
 */
import { orgUnitNames } from '#shared/auth/store.ts';
import { getObjectBytes } from '#shared/storage/s3.ts';
import { type AnswerChunk, answersOf } from './domain/answers.ts';
import type { QuestionBody } from './domain/questions.ts';
import { analyzeItem, bandWidthFor, type ItemResponse, summarizeByUnit } from './domain/statistics.ts';
import { type ExamEntities, examEntities } from './entities.ts';
import { keysOf } from './grading.ts';
import { paperCopyPath } from './paths.ts';
import type { AttemptItem, CandidateItem, SessionItem } from './sessions.ts';

export interface ResultLine extends CandidateItem {
  passed?: boolean;
  final: boolean;
}

/** Each question's text (shortened), from the paper's candidate copies. */
async function questionStems(paperId: string, variants: number) {
  const stems = new Map<string, string>();
  for (let v = 1; v <= variants; v++) {
    const copy = JSON.parse(
      new TextDecoder().decode(await getObjectBytes('materials', paperCopyPath(paperId, v))),
    ) as {
      questions: { questionId: string; stem: string }[];
    };
    for (const q of copy.questions)
      stems.set(q.questionId, q.stem.length > 90 ? `${q.stem.slice(0, 89)}…` : q.stem);
  }
  return stems;
}

export async function computeFigures(
  s: SessionItem,
  keyVersion: number,
  entities: () => ExamEntities = examEntities,
) {
  const { data: roll } = await entities()
    .sessionCandidate.query.bySession({ sessionId: s.sessionId })
    .go({ pages: 'all' });
  const lines: ResultLine[] = (roll as unknown as CandidateItem[]).map((c) => {
    const final = c.state === 'graded' && !c.pendingScripts;
    return { ...c, final, ...(final ? { passed: (c.points ?? 0) >= s.passMark } : {}) };
  });
  const finals = lines
    .filter((l) => l.final)
    .map((l) => ({ schoolId: l.schoolId, communeId: l.communeId, points: l.points ?? 0 }));
  const totals = new Map(lines.map((l) => [l.accountId, l.points ?? 0]));

  // The session's answer chunks, by candidate: one Query of the session's partition.
  const chunks = new Map<string, AnswerChunk[]>();
  const { data: allChunks } = await entities()
    .answerChunk.query.byAttempt({ sessionId: s.sessionId })
    .go({ pages: 'all', attributes: ['accountId', 'chunk', 'attemptNo', 'answers'] });
  for (const c of allChunks as (AnswerChunk & { accountId: string })[])
    chunks.set(c.accountId, [...(chunks.get(c.accountId) ?? []), c]);

  // Item analysis from the graded attempts' per-question points and choices.
  const responses = new Map<string, { type: string; maxPoints: number; list: ItemResponse[] }>();
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; cursor: string | null } = await entities()
      .attempt.query.bySession({ sessionId: s.sessionId })
      .go({
        cursor,
        limit: 500,
        attributes: ['accountId', 'attemptNo', 'variant', 'answers', 'questionPoints', 'status'],
      });
    for (const a of page.data as AttemptItem[]) {
      if (a.status !== 'graded') continue;
      const answers = answersOf(chunks.get(a.accountId) ?? [], a.attemptNo, a.answers);
      const key = await keysOf(s.paperId, keyVersion, a.variant);
      for (const [questionId, q] of Object.entries(key) as [string, QuestionBody][]) {
        const entry = responses.get(questionId) ?? { type: q.type, maxPoints: q.points, list: [] };
        const answer = answers[questionId]?.answer;
        entry.list.push({
          candidateTotal: totals.get(a.accountId) ?? 0,
          points: a.questionPoints?.[questionId] ?? 0,
          maxPoints: q.points,
          ...(answer && 'choice' in answer ? { choice: answer.choice } : {}),
        });
        responses.set(questionId, entry);
      }
    }
    cursor = page.cursor;
  } while (cursor);

  const names = await orgUnitNames(lines.flatMap((l) => [l.schoolId, l.communeId]));
  const stems = await questionStems(s.paperId, s.variantCount);
  const byUnit = summarizeByUnit(finals, s.passMark, bandWidthFor(s.maxPoints));
  const named = <T extends { orgUnitId: string }>(list: T[]) =>
    list.map((g) => ({ ...g, name: names.get(g.orgUnitId) ?? g.orgUnitId }));
  const count = (state: CandidateItem['state']) => lines.filter((l) => l.state === state).length;
  return {
    figures: {
      sessionId: s.sessionId,
      title: s.title,
      maxPoints: s.maxPoints,
      passMark: s.passMark,
      keyVersion,
      candidates: lines.length,
      notStarted: count('not-started'),
      inProgress: count('in-progress'),
      submitted: count('submitted'),
      graded: count('graded'),
      awaitingMarking: lines.filter((l) => l.state === 'graded' && l.pendingScripts).length,
      summary: byUnit.summary,
      bySchool: named(byUnit.bySchool),
      byCommune: named(byUnit.byCommune),
      items: [...responses].map(([questionId, r]) => ({
        questionId,
        stem: stems.get(questionId) ?? '',
        type: r.type,
        maxPoints: r.maxPoints,
        ...analyzeItem(r.list),
      })),
    },
    lines: lines.map((l) => ({ ...l, schoolName: names.get(l.schoolId) ?? l.schoolId })),
  };
}

export type Figures = Awaited<ReturnType<typeof computeFigures>>['figures'];
