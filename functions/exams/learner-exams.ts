/**
 * A learner's exams as they and their guardians see them (issue 18, item 3). Candidates are
 * accounts; a learner's are the accounts linked to their record as themself. Newest first, a page
 * at a time across those accounts (usually one), each with its state and — only once released to
 * candidates, by the rule the candidate's own screen follows — the result.
 */
import * as z from 'zod';
import { decodeCursor, encodeCursor, InvalidCursorError } from '#shared/db/pagination.ts';
import { type ExamEntities, examEntities } from './entities.ts';
import { type CandidateItem, resultsReleased, type SessionItem } from './sessions.ts';

/** Where a page ends: the account's index in the learner's accounts, and the position in its exams. */
const position = z.object({ i: z.number().int().min(0), c: z.string().nullable() });
type Position = z.infer<typeof position>;

function positionOf(inner: string | null): Position {
  if (inner === null) return { i: 0, c: null };
  try {
    return position.parse(JSON.parse(inner));
  } catch {
    throw new InvalidCursorError();
  }
}

export function makeLearnerExams(entities: () => ExamEntities = examEntities, now = () => new Date()) {
  /** The next `limit` (account, session) entries from a position, and the position after them. */
  async function entries(accounts: readonly string[], limit: number, from: Position) {
    const found: { accountId: string; sessionId: string }[] = [];
    let { i, c } = from;
    while (i < accounts.length && found.length < limit) {
      const page = await entities()
        .candidateExam.query.byCandidate({ accountId: accounts[i]! })
        .go({ order: 'desc', limit: limit - found.length, cursor: c });
      found.push(...page.data);
      if (page.cursor) c = page.cursor;
      else [i, c] = [i + 1, null];
    }
    return { found, next: i < accounts.length ? { i, c } : undefined };
  }

  return {
    async page(recordId: string, accounts: readonly string[], limit: number, cursor?: string) {
      const scope = `learner-exams:${recordId}`;
      const { found, next } = await entries(accounts, limit, positionOf(decodeCursor(scope, cursor)));
      if (!found.length) return { items: [] };
      const [{ data: candidates }, { data: sessions }] = await Promise.all([
        entities().sessionCandidate.get(found).go(),
        entities()
          .examSession.get([...new Set(found.map((f) => f.sessionId))].map((sessionId) => ({ sessionId })))
          .go({
            attributes: [
              'sessionId',
              'title',
              'opensAt',
              'closesAt',
              'durationMinutes',
              'passMark',
              'maxPoints',
              'resultsReleaseAt',
            ],
          }),
      ]);
      const rolls = new Map((candidates as CandidateItem[]).map((c) => [`${c.accountId}#${c.sessionId}`, c]));
      const bySession = new Map((sessions as SessionItem[]).map((s) => [s.sessionId, s]));
      const items = found.flatMap(({ accountId, sessionId }) => {
        const c = rolls.get(`${accountId}#${sessionId}`);
        const s = bySession.get(sessionId);
        if (!c || !s) return [];
        const graded = c.state === 'graded';
        const released = graded && !c.pendingScripts && resultsReleased(s, now());
        return [
          {
            sessionId,
            title: s.title,
            opensAt: s.opensAt,
            closesAt: s.closesAt,
            durationMinutes: s.durationMinutes,
            state: c.state,
            ...(graded && !released
              ? { awaiting: c.pendingScripts ? ('marking' as const) : ('release' as const) }
              : {}),
            ...(released
              ? {
                  result: {
                    points: c.points ?? 0,
                    maxPoints: s.maxPoints,
                    passed: (c.points ?? 0) >= s.passMark,
                  },
                }
              : {}),
          },
        ];
      });
      const nextCursor = next && encodeCursor(scope, JSON.stringify(next));
      return { items, ...(nextCursor ? { nextCursor } : {}) };
    },
  };
}
