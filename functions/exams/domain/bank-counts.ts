/**
 * What a bank holds, counted: per subject and grade (its shelves, kept on small items with each
 * change of a question) and, for a blueprint, per topic and cognitive level among the approved
 * questions a paper may draw on. Pure: the store applies the changes, the API lists the counts.
 */
import { COGNITIVE_LEVELS, type CognitiveLevel } from './questions.ts';

/** Where a question sits in the bank, as far as counting goes. */
export interface Shelved {
  ownerUnitId: string;
  subject: string;
  grade: number;
  status: string;
}

/** An increment of one shelf's counts (negative to take away). */
export interface ShelfChange {
  ownerUnitId: string;
  subject: string;
  grade: number;
  questions: number;
  approved: number;
}

const shelfKey = (q: Shelved) => JSON.stringify([q.ownerUnitId, q.subject, q.grade]);

/**
 * The shelf increments that turn a question `before` (undefined: it did not exist) into `after`
 * (undefined: it is gone): a move to another subject or grade takes it from one shelf to the other;
 * approval counts once; changes that cancel out are left out.
 */
export function shelfChanges(before: Shelved | undefined, after: Shelved | undefined): ShelfChange[] {
  const changes = new Map<string, ShelfChange>();
  const apply = (q: Shelved, sign: 1 | -1) => {
    const key = shelfKey(q);
    const change = changes.get(key) ?? {
      ownerUnitId: q.ownerUnitId,
      subject: q.subject,
      grade: q.grade,
      questions: 0,
      approved: 0,
    };
    change.questions += sign;
    if (q.status === 'approved') change.approved += sign;
    changes.set(key, change);
  };
  if (before) apply(before, -1);
  if (after) apply(after, 1);
  return [...changes.values()].filter((c) => c.questions !== 0 || c.approved !== 0);
}

export interface TopicCounts {
  topic: string;
  /** Approved questions per cognitive level (every level present, 0 when none). */
  levels: Record<CognitiveLevel, number>;
  total: number;
}

/** Approved questions by topic and level, topics in Vietnamese alphabetical order. */
export function topicCounts(questions: readonly { topic: string; level: CognitiveLevel }[]): TopicCounts[] {
  const byTopic = new Map<string, TopicCounts>();
  for (const q of questions) {
    let entry = byTopic.get(q.topic);
    if (!entry) {
      entry = {
        topic: q.topic,
        levels: Object.fromEntries(COGNITIVE_LEVELS.map((l) => [l, 0])) as Record<CognitiveLevel, number>,
        total: 0,
      };
      byTopic.set(q.topic, entry);
    }
    entry.levels[q.level]++;
    entry.total++;
  }
  return [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic, 'vi'));
}
