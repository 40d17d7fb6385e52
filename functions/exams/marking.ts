/**
 * The essay marking queue. Markers see scripts by an opaque id, never by name; with double
 * marking the second marker does not see the first one's mark. A script's final mark is added to
 * the attempt and to the roll in the same transaction as the script's last mark (DynamoDB ADD, so
 * two markers finishing two essays of one candidate at once both count).
 */
import { fieldError, HttpProblem } from '#shared/http/problem.ts';
import type { CodedText } from '#shared/text/texts.ts';
import { applyMark, type Mark, type Script } from './domain/marking.ts';
import { examsText } from './domain/texts.ts';
import { type ExamEntities, examEntities } from './entities.ts';
import type { SessionItem } from './sessions.ts';

export interface ScriptItem extends Script {
  sessionId: string;
  scriptId: string;
  questionId: string;
  accountId: string;
  attemptNo: number;
  text: string;
  finalPoints?: number;
  revision: number;
}

const problem = (status: number, slug: string, detail: CodedText) =>
  new HttpProblem({ status, slug, title: status === 409 ? 'Conflict' : 'Bad request', detail });

/** What a marker may see of a script: the text and rubric; other marks only when deciding a dispute. */
export function markerView(script: ScriptItem, viewer: string) {
  return {
    scriptId: script.scriptId,
    questionId: script.questionId,
    text: script.text,
    criteria: script.criteria,
    state: script.state,
    requiredMarks: script.requiredMarks,
    marksGiven: script.marks.length,
    markedByMe: script.marks.some((m) => m.markerId === viewer),
    ...(script.state !== 'open'
      ? {
          marks: script.marks.map(({ points, criterionPoints, chief }) => ({
            points,
            criterionPoints,
            ...(chief ? { chief } : {}),
          })),
        }
      : {}),
    ...(script.finalPoints !== undefined ? { finalPoints: script.finalPoints } : {}),
  };
}

export function makeMarking(entities: () => ExamEntities = examEntities, now = () => new Date()) {
  return {
    async queue(
      sessionId: string,
      state: Script['state'],
      questionId: string | undefined,
      limit: number,
      cursor: string | null,
    ) {
      const query = entities().essayScript.query.byState({ sessionId, state });
      const page = await (questionId ? query.begins({ questionId }) : query).go({ limit, cursor });
      return { data: page.data as unknown as ScriptItem[], cursor: page.cursor };
    },

    async get(sessionId: string, scriptId: string): Promise<ScriptItem | undefined> {
      const { data } = await entities().essayScript.get({ sessionId, scriptId }).go({ consistent: true });
      return (data as unknown as ScriptItem | null) ?? undefined;
    },

    async mark(
      s: SessionItem,
      script: ScriptItem,
      marker: { markerId: string; chief: boolean },
      criterionPoints: number[],
    ) {
      const outcome = applyMark(script, marker, criterionPoints, s.markingTolerance, now().toISOString());
      if (!outcome.ok) {
        const { refusal } = outcome;
        if (refusal.code === 'invalid')
          throw new HttpProblem({
            status: 400,
            slug: 'validation',
            title: 'Bad request',
            detail: refusal.detail,
            errors: [
              fieldError(
                'body',
                `criterionPoints${refusal.criterion !== undefined ? `.${refusal.criterion}` : ''}`,
                refusal.detail,
              ),
            ],
          });
        throw problem(409, `marking-${refusal.code}`, refusal.detail);
      }
      const marks: Mark[] = [...script.marks, outcome.mark];
      const final = outcome.finalPoints;
      const result = await entities()
        .service.transaction.write(({ essayScript, attempt, sessionCandidate }) => [
          essayScript
            .patch({ sessionId: s.sessionId, scriptId: script.scriptId })
            .set({
              marks,
              state: outcome.state,
              // The queue index is keyed by state and question: ElectroDB rebuilds it from both.
              questionId: script.questionId,
              revision: script.revision + 1,
              ...(final !== undefined ? { finalPoints: final } : {}),
            })
            .where((x, op) => op.eq(x.revision, script.revision))
            .commit(),
          ...(final !== undefined
            ? [
                attempt
                  .update({ sessionId: s.sessionId, accountId: script.accountId })
                  .add({ points: final, essayPoints: final, pendingScripts: -1, revision: 1 })
                  .where(
                    (x, op) => `${op.eq(x.attemptNo, script.attemptNo)} AND ${op.eq(x.status, 'graded')}`,
                  )
                  .commit(),
                sessionCandidate
                  .update({ accountId: script.accountId, sessionId: s.sessionId })
                  .add({ points: final, pendingScripts: -1 })
                  .commit(),
              ]
            : []),
        ])
        .go();
      if (result.canceled) throw problem(409, 'marking-changed', examsText('marking-changed'));
      return {
        ...script,
        marks,
        state: outcome.state,
        revision: script.revision + 1,
        ...(final !== undefined ? { finalPoints: final } : {}),
      };
    },
  };
}
