/**
 * The exam load test's candidates, decided before the exam: what each one answers (knowing the
 * keys, which the test wrote itself), how they behave (reload, switch device, lose the network,
 * never submit) and so the score they must get — computed here from the scoring rules as
 * docs/exams.md states them, never by the grader's code. Also the exam room's local queue of
 * unsent answers, as portal/src/pages/exam-room.tsx keeps it.
 */
import { randomFrom } from '../../../functions/exams/domain/random.ts';

/** The bank the test writes: each question's key, by question id (filled as questions are created). */
export type Key =
  | { type: 'single'; options: string[]; correct: string; points: number }
  | { type: 'true-false-group'; statements: string[]; correct: Record<string, boolean>; points: number }
  | { type: 'short-numeric'; accepted: number; points: number }
  | { type: 'essay'; rubric: number[]; points: number };

export type Answer =
  | { choice: string }
  | { statements: Record<string, boolean> }
  | { value: string }
  | { text: string };

/**
 * docs/exams.md: a true/false group of four statements earns, by the number judged right,
 * 0 → 0, 1 → 0.1, 2 → 0.25, 3 → 0.5, 4 → all of its points (the national rule).
 */
const TRUE_FALSE_CREDIT = [0, 0.1, 0.25, 0.5, 1] as const;

export type Behaviour = 'plain' | 'reload' | 'switch-device' | 'offline' | 'never-submit';

export interface Plan {
  behaviour: Behaviour;
  /** Per question: the answer the candidate ends with (undefined: left blank). */
  final: Map<string, Answer>;
  /** Answers given first and changed later (an overtaken answer must never win). */
  firstThoughts: Map<string, Answer>;
  /** Essay marks the marker will give, per criterion (written into the essay so the marker can read them anonymously). */
  essayMarks: Map<string, number[]>;
  /** The score this plan earns by the documented rules. */
  expected: number;
}

const wrongChoice = (key: Extract<Key, { type: 'single' }>, r: () => number) => {
  const wrong = key.options.filter((o) => o !== key.correct);
  return wrong[Math.floor(r() * wrong.length)]!;
};

/** Some Vietnamese prose, so an essay weighs what a real one does in UTF-8. */
const PROSE =
  'Trong bài làm này, em trình bày lời giải theo từng bước: đặt ẩn, lập phương trình, giải và kết luận. ';

export function planCandidate(
  index: number,
  questionIds: string[],
  keys: Map<string, Key>,
  behaviour: Behaviour,
): Plan {
  // The exams context's seeded PRNG: the same candidates on every run (it only draws, never scores).
  const r = randomFrom(index * 7919 + 17);
  // An ability per candidate: the share of questions they get right.
  const ability = 0.2 + 0.75 * r();
  const writesEssay = r() < 0.25;
  const final = new Map<string, Answer>();
  const firstThoughts = new Map<string, Answer>();
  const essayMarks = new Map<string, number[]>();
  let expected = 0;
  for (const id of questionIds) {
    const key = keys.get(id);
    if (!key) throw new Error(`No key for question ${id}: the paper holds a question the test did not write`);
    const blank = r() < 0.06;
    const right = r() < ability;
    switch (key.type) {
      case 'single': {
        if (blank) break;
        final.set(id, { choice: right ? key.correct : wrongChoice(key, r) });
        if (right) expected += key.points;
        // One in five changes their mind: first a wrong option, then the final one.
        if (r() < 0.2) firstThoughts.set(id, { choice: wrongChoice(key, r) });
        break;
      }
      case 'true-false-group': {
        if (blank) break;
        const judgedRight = Math.floor(r() * 5);
        const statements = Object.fromEntries(
          key.statements.map((s, k) => [s, k < judgedRight ? key.correct[s]! : !key.correct[s]!]),
        );
        final.set(id, { statements });
        expected += TRUE_FALSE_CREDIT[judgedRight]! * key.points;
        break;
      }
      case 'short-numeric': {
        if (blank) break;
        // The decimal comma, as Vietnamese candidates write it.
        const value = right ? key.accepted : key.accepted + 1;
        final.set(id, { value: String(value).replace('.', ',') });
        if (right) expected += key.points;
        break;
      }
      case 'essay': {
        if (!writesEssay) break;
        const marks = key.rubric.map((max) => Math.floor(r() * (max * 4 + 1)) / 4);
        essayMarks.set(id, marks);
        final.set(id, {
          text: `${PROSE.repeat(6 + Math.floor(r() * 10))}[chấm: ${marks.join(';')}]`,
        });
        expected += marks.reduce((n, m) => n + m, 0);
        break;
      }
    }
  }
  return { behaviour, final, firstThoughts, essayMarks, expected: Math.round(expected * 1000) / 1000 };
}

/** The marks a marker reads from an essay's text (the test's own convention, see planCandidate). */
export const marksInEssay = (text: string): number[] | undefined => {
  const found = /\[chấm: ([\d.;]+)\]$/.exec(text);
  return found ? found[1]!.split(';').map(Number) : undefined;
};

/**
 * The exam room's queue of answers not yet acknowledged, per device (localStorage in the
 * portal): every change gets the next sequence number, above anything the server holds; a save
 * sends them all under the highest; only what the server accepted or found stale is dropped.
 */
export class Room {
  readonly pending = new Map<string, { answer: Answer; seq: number }>();
  private lastSeq = 0;
  /** The server's answers and their sequence numbers, as the last view showed them. */
  server = new Map<string, { answer: Answer; seq: number }>();

  constructor(readonly deviceId: string) {}

  /** Adopts a view of the attempt (start, reload, takeover): what the server has is no longer pending. */
  adopt(answers: Record<string, { answer: Answer; seq: number }>) {
    this.server = new Map(Object.entries(answers));
    for (const [q, local] of this.pending)
      if ((this.server.get(q)?.seq ?? 0) >= local.seq) this.pending.delete(q);
  }

  answer(questionId: string, answer: Answer) {
    const floor = Math.max(0, ...[...this.server.values()].map((a) => a.seq));
    this.lastSeq = Math.max(this.lastSeq, floor) + 1;
    this.pending.set(questionId, { answer, seq: this.lastSeq });
  }

  /** The body of the next save, or undefined when nothing is pending. */
  nextSave() {
    if (this.pending.size === 0) return undefined;
    const sent = new Map(this.pending);
    return {
      sent,
      body: {
        deviceId: this.deviceId,
        seq: Math.max(...[...sent.values()].map((p) => p.seq)),
        answers: Object.fromEntries([...sent].map(([q, p]) => [q, p.answer])),
      },
    };
  }

  acknowledge(
    save: { sent: Map<string, { answer: Answer; seq: number }>; body: { seq: number } },
    result: { accepted: string[]; stale: string[] },
  ) {
    for (const q of result.accepted)
      this.server.set(q, { answer: save.sent.get(q)!.answer, seq: save.body.seq });
    for (const q of [...result.accepted, ...result.stale])
      if (this.pending.get(q)?.seq === save.sent.get(q)?.seq) this.pending.delete(q);
  }
}
