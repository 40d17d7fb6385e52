/**
 * The change feed for the national education database: approved changes, oldest first, resumed
 * from an opaque cursor. Changes are kept per day in FEED_SHARDS index partitions; a page merges
 * the shards of a day and walks on day by day. Changes younger than a few seconds are held back,
 * so a transaction that commits late can never slip in behind a cursor already handed out.
 */
import * as z from 'zod';
import { badRequest, fieldError } from '#shared/http/problem.ts';
import { eduText } from './domain/texts.ts';
import { FEED_SHARDS } from './records.ts';
import type { EduStore, SyncChangeItem } from './store.ts';

const SETTLE_MS = 5_000;
const MAX_DAYS_PER_PAGE = 31;

const cursorSchema = z.object({ d: z.string(), a: z.string(), r: z.string() });
type Position = z.infer<typeof cursorSchema>;

const encode = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');
function decode(cursor: string): Position {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badRequest(eduText('bad-cursor'), [fieldError('query', 'cursor', eduText('invalid-cursor'))]);
  }
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export async function readChanges(
  store: EduStore,
  query: { since?: string; cursor?: string; limit: number },
  now = new Date(),
) {
  if (!query.cursor && !query.since)
    throw badRequest(eduText('since-or-cursor'), [fieldError('query', 'since', eduText('since-required'))]);
  const until = new Date(now.getTime() - SETTLE_MS).toISOString();
  const start = query.cursor
    ? decode(query.cursor)
    : {
        d: new Date(query.since!).toISOString().slice(0, 10),
        a: new Date(query.since!).toISOString(),
        r: '',
      };
  let position: Position = start;
  const items: SyncChangeItem[] = [];
  const today = until.slice(0, 10);

  for (let days = 0; days < MAX_DAYS_PER_PAGE && position.d <= today; days++) {
    const wanted = query.limit - items.length;
    const after = { at: position.a, recordId: position.r };
    const shards = await Promise.all(
      Array.from({ length: FEED_SHARDS }, (_, s) =>
        store.feedPartition(position.d, String(s), after, until, wanted),
      ),
    );
    const merged = shards
      .flat()
      .filter((c) => c.at <= until)
      .sort((x, y) => (x.at === y.at ? x.recordId.localeCompare(y.recordId) : x.at.localeCompare(y.at)))
      .slice(0, wanted);
    items.push(...merged);
    const last = merged.at(-1);
    if (last) position = { d: position.d, a: last.at, r: last.recordId };
    if (items.length >= query.limit) break;
    // This day is exhausted up to `until`; move on unless it is today (more may still come).
    if (position.d >= today) break;
    position = { d: nextDay(position.d), a: position.a, r: position.r };
  }

  return {
    items: items.map((c) => ({
      recordId: c.recordId,
      kind: c.kind,
      schoolId: c.ownerId,
      event: c.event,
      version: c.version,
      updatedAt: c.at,
      data: c.data,
    })),
    nextCursor: encode(position),
    caughtUp: items.length < query.limit,
  };
}
