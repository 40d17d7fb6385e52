/**
 * The union catalogue: titles catalogued once for the whole city, found again by ISBN or by
 * title and author, and searched through the index entries kept beside them (domain/search.ts
 * says how a query is planned and ranked; this module reads and writes).
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { conflict, HttpProblem } from '#shared/http/problem.ts';
import {
  FIELD_RANK,
  indexTerms,
  searchTexts,
  type TitleInput,
  type TitleType,
  titleAuthorKey,
} from './domain/catalogue.ts';
import { looksLikeIsbn, parseIsbn } from './domain/isbn.ts';
import { driverOf, type IndexEntry, planQuery, scoreEntry } from './domain/search.ts';
import { libraryText } from './domain/texts.ts';
import { type LibraryEntities, libraryEntities } from './entities.ts';

/** A title never has more index entries than fit one transaction with the title and guards. */
const MAX_TERMS = 45;
/** How many entries of the driving term one search reads and ranks at most. */
export const SEARCH_WINDOW = 500;

export type TitleItem = TitleInput & {
  titleId: string;
  /** A digital resource of the learning repository (catalogued on its publication). */
  resourceId?: string;
  licence?: 'open' | 'city' | 'school';
  terms: string[];
  titleAuthorKey: string;
  createdBy: string;
  createdByUnit: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
};

export interface Actor {
  accountId: string;
  requestId: string;
}

/** A title catalogued already: a 409 that names it, so the caller can add copies to it. */
export class DuplicateTitleError extends HttpProblem {
  constructor(
    readonly titleId: string,
    readonly by: 'isbn' | 'title-author',
  ) {
    super({
      status: 409,
      title: 'Conflict',
      slug: 'duplicate-title',
      detail: libraryText(by === 'isbn' ? 'duplicate-isbn' : 'duplicate-title', { titleId }),
      extensions: { titleId, duplicateBy: by },
    });
  }
}

export interface SearchFilters {
  type?: TitleType;
  grade?: number;
  /** One lesson of the 2018 curriculum: titles mapped to it. */
  lesson?: string;
  /** Only titles this school holds copies of (checked against its holdings, a window at a time). */
  school?: string;
}

export interface SearchHit {
  titleId: string;
  title: string;
  authors: string[];
  year?: number;
  type: TitleType;
  score: number;
}

/** Counts the read units of the reads it is passed to (the benchmark's meter). */
export type ReadMeter = { units: number };

const meterOptions = (meter?: ReadMeter) =>
  meter
    ? {
        params: { ReturnConsumedCapacity: 'TOTAL' },
        listeners: [
          (e: { type: string; results?: unknown }) => {
            if (e.type !== 'results') return;
            const consumed = (
              e.results as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }
            )?.ConsumedCapacity;
            for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
              meter.units += c.CapacityUnits ?? 0;
          },
        ],
      }
    : {};

/** The index entries of a title: one per term, carrying what a result shows. */
export function entriesOf(t: TitleInput & { titleId: string }) {
  const terms = [...indexTerms(t)].slice(0, MAX_TERMS);
  const texts = searchTexts(t);
  const grades = [...new Set(t.curriculum.map((c) => c.grade))].sort((a, b) => a - b);
  return terms.map(([term, field]) => ({
    term,
    order: `${FIELD_RANK[field]}${texts.ft.slice(0, 60)}#${t.titleId}`,
    titleId: t.titleId,
    ...texts,
    title: t.subtitle ? `${t.title}: ${t.subtitle}` : t.title,
    authors: t.authors,
    ...(t.year ? { year: t.year } : {}),
    type: t.type,
    grades,
  }));
}

/** A new title as stored (its input, the terms it is indexed by, who catalogued it) and its index entries. */
export function newTitle(
  input: TitleInput,
  titleId: string,
  createdByUnit: string,
  createdBy: string,
  now = new Date().toISOString(),
): { item: TitleItem; entries: ReturnType<typeof entriesOf> } {
  const entries = entriesOf({ ...input, titleId });
  const item: TitleItem = {
    ...input,
    titleId,
    terms: entries.map((e) => e.term),
    titleAuthorKey: titleAuthorKey(input),
    createdBy,
    createdByUnit,
    createdAt: now,
    updatedAt: now,
    revision: 1,
  };
  return { item, entries };
}

/**
 * The old entries a change leaves behind: those whose term goes, and those whose sort key moves
 * (a renamed title files its entries under the new name).
 */
function staleEntries(before: TitleItem, entries: readonly { term: string; order: string }[]) {
  const kept = new Set(entries.map((e) => `${e.term}\u0000${e.order}`));
  return entriesOf(before)
    .filter((e) => !kept.has(`${e.term}\u0000${e.order}`))
    .map(({ term, order }) => ({ term, order }));
}

export function makeCatalogue(entities: () => LibraryEntities = libraryEntities) {
  /** Term counts move outside the title's transaction: they only choose which term to read. */
  async function count(terms: readonly string[], by: 1 | -1) {
    await Promise.all(
      terms.map((term) =>
        entities()
          .termCount.update({ term })
          .add({ entries: by })
          .go()
          .catch(() => undefined),
      ),
    );
  }

  /** Which of these titles the school holds copies of (BatchGet of its holdings, 100 at a time). */
  async function heldAt(schoolId: string, titleIds: readonly string[], options: object = {}) {
    const held = new Set<string>();
    const unique = [...new Set(titleIds)];
    for (let i = 0; i < unique.length; i += 100) {
      const { data } = (await entities()
        .libHolding.get(unique.slice(i, i + 100).map((titleId) => ({ titleId, schoolId })))
        .go({ ...options, attributes: ['titleId', 'copies'] } as never)) as unknown as {
        data: { titleId: string; copies: number }[];
      };
      for (const h of data) if (h.copies > 0) held.add(h.titleId);
    }
    return held;
  }

  async function sameTitleAuthor(key: string) {
    const { data } = await entities().libTitle.query.byTitleAuthor({ titleAuthorKey: key }).go({ limit: 5 });
    return data as unknown as TitleItem[];
  }

  return {
    async get(titleId: string): Promise<TitleItem | undefined> {
      const { data } = await entities().libTitle.get({ titleId }).go();
      return (data as unknown as TitleItem | null) ?? undefined;
    },

    async byIsbn(isbn13: string) {
      const { data } = await entities().isbnGuard.get({ isbn: isbn13 }).go();
      return data ? this.get(data.titleId) : undefined;
    },

    /**
     * The title a new record duplicates, and how it was found: by ISBN when it has one, else by
     * folded title and first author (a record with an ISBN of its own is another edition).
     */
    async duplicateOf(
      input: TitleInput,
    ): Promise<{ titleId: string; by: 'isbn' | 'title-author' } | undefined> {
      if (input.isbn) {
        const t = await this.byIsbn(input.isbn);
        return t ? { titleId: t.titleId, by: 'isbn' } : undefined;
      }
      const same = await sameTitleAuthor(titleAuthorKey(input));
      return same[0] ? { titleId: same[0].titleId, by: 'title-author' } : undefined;
    },

    /** Catalogues a title with its ISBN guard, index entries and audit entry, in one transaction. */
    async create(input: TitleInput, unit: OrgTarget, actor: Actor, titleId: string = randomUUID()) {
      const duplicate = await this.duplicateOf(input);
      if (duplicate) throw new DuplicateTitleError(duplicate.titleId, duplicate.by);
      const { item, entries } = newTitle(input, titleId, unit.orgUnitId, actor.accountId);
      const result = await entities()
        .service.transaction.write(({ libTitle, isbnGuard, searchEntry, auditEntry: audit }) => [
          libTitle.create(item as never).commit(),
          ...(input.isbn ? [isbnGuard.create({ isbn: input.isbn, titleId }).commit()] : []),
          ...entries.map((e) => searchEntry.put(e).commit()),
          audit
            .create(
              auditEntry({
                actorId: actor.accountId,
                action: 'library-title.create',
                targetType: 'library-title',
                targetId: titleId,
                orgUnit: unit,
                requestId: actor.requestId,
                changes: { title: input.title, isbn: input.isbn },
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) {
        // Another cataloguer's record with this ISBN landed first.
        const again = await this.duplicateOf(input);
        if (again) throw new DuplicateTitleError(again.titleId, again.by);
        throw conflict(libraryText('title-not-saved'));
      }
      await count(item.terms, 1);
      return item;
    },

    /** Changes a title (optimistic: `expectedRevision`), its ISBN guard and its index entries. */
    async update(
      before: TitleItem,
      input: TitleInput,
      unit: OrgTarget,
      actor: Actor,
      expectedRevision: number,
    ) {
      if (before.revision !== expectedRevision) throw conflict(libraryText('title-changed'));
      if (input.isbn && input.isbn !== before.isbn) {
        const other = await this.byIsbn(input.isbn);
        if (other && other.titleId !== before.titleId) throw new DuplicateTitleError(other.titleId, 'isbn');
      }
      const entries = entriesOf({ ...input, titleId: before.titleId });
      const terms = entries.map((e) => e.term);
      const removed = before.terms.filter((t) => !terms.includes(t));
      const stale = staleEntries(before, entries);
      const now = new Date().toISOString();
      const result = await entities()
        .service.transaction.write(({ libTitle, isbnGuard, searchEntry, auditEntry: audit }) => [
          libTitle
            .put({
              ...before,
              ...input,
              // Optional fields cleared by the form are removed, not kept from before.
              ...Object.fromEntries(
                (['isbn', 'subtitle', 'publisher', 'year', 'classification'] as const)
                  .filter((k) => input[k] === undefined)
                  .map((k) => [k, undefined]),
              ),
              terms,
              titleAuthorKey: titleAuthorKey(input),
              updatedAt: now,
              revision: before.revision + 1,
            } as never)
            .where((x, op) => op.eq(x.revision, before.revision))
            .commit(),
          ...(before.isbn && before.isbn !== input.isbn
            ? [isbnGuard.delete({ isbn: before.isbn }).commit()]
            : []),
          ...(input.isbn && input.isbn !== before.isbn
            ? [isbnGuard.create({ isbn: input.isbn, titleId: before.titleId }).commit()]
            : []),
          ...stale.map((key) => searchEntry.delete(key).commit()),
          ...entries.map((e) => searchEntry.put(e).commit()),
          audit
            .create(
              auditEntry({
                actorId: actor.accountId,
                action: 'library-title.update',
                targetType: 'library-title',
                targetId: before.titleId,
                orgUnit: unit,
                requestId: actor.requestId,
                changes: { title: input.title, isbn: input.isbn },
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(libraryText('title-changed'));
      await count(removed, -1);
      await count(
        terms.filter((t) => !before.terms.includes(t)),
        1,
      );
      return (await this.get(before.titleId))!;
    },

    /**
     * Bulk cataloguing for imports: the ISBN guard is taken with a condition (a second import of
     * the same ISBN is a duplicate), then the title and its entries are written in batches. A
     * guard left without its title by a crash is taken over by the next import of that ISBN.
     */
    async importTitle(input: TitleInput, unit: OrgTarget, actor: Actor, titleId: string) {
      const duplicate = await this.duplicateOf(input);
      if (duplicate && (duplicate.by === 'title-author' || (await this.get(duplicate.titleId))))
        return { created: false as const, duplicate };
      if (input.isbn) {
        try {
          await entities()
            .isbnGuard.put({ isbn: input.isbn, titleId })
            .where((x, op) => (duplicate ? op.eq(x.titleId, duplicate.titleId) : op.notExists(x.titleId)))
            .go();
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          const now = await this.duplicateOf(input);
          return { created: false as const, duplicate: now ?? { titleId: '', by: 'isbn' as const } };
        }
      }
      const { item, entries } = newTitle(input, titleId, unit.orgUnitId, actor.accountId);
      await entities().searchEntry.put(entries).go();
      await entities()
        .libTitle.put(item as never)
        .go();
      await count(item.terms, 1);
      return { created: true as const, item };
    },

    /**
     * A published digital resource as a catalogue title (`res-<resourceId>`), written again on
     * every publication: its entries, then the title. Idempotent, so the repository's sync can
     * retry it.
     */
    async putDigital(
      input: TitleInput,
      titleId: string,
      unitId: string,
      link: { resourceId: string; licence: 'open' | 'city' | 'school' },
    ) {
      const before = await this.get(titleId);
      const { item, entries } = newTitle(input, titleId, unitId, 'repository');
      const stale = before ? staleEntries(before, entries) : [];
      await entities().searchEntry.put(entries).go();
      if (stale.length) await entities().searchEntry.delete(stale).go();
      await entities()
        .libTitle.put({
          ...item,
          ...link,
          createdAt: before?.createdAt ?? item.createdAt,
          revision: (before?.revision ?? 0) + 1,
        } as never)
        .go();
      await count(
        item.terms.filter((t) => !before?.terms.includes(t)),
        1,
      );
      if (before)
        await count(
          before.terms.filter((t) => !item.terms.includes(t)),
          -1,
        );
      return item;
    },

    /** Takes a title and its index entries out of the catalogue (a withdrawn digital resource). */
    async remove(titleId: string) {
      const before = await this.get(titleId);
      if (!before) return false;
      await entities()
        .searchEntry.delete(entriesOf(before).map(({ term, order }) => ({ term, order })))
        .go();
      await entities().libTitle.delete({ titleId }).go();
      await count(before.terms, -1);
      return true;
    },

    /**
     * Search: an ISBN is looked up; words are folded, the rarest term's entries read (up to a
     * window), matched against every word and ranked; `offset` pages through the ranked window,
     * then the next window. Filters apply to what the entries carry (type, grade).
     */
    async search(
      q: string,
      filters: SearchFilters,
      limit: number,
      cursor: { after?: string; offset: number } | null,
      meter?: ReadMeter,
    ): Promise<{ items: SearchHit[]; next?: { after?: string; offset: number }; driver?: string }> {
      const options = meterOptions(meter);
      if (!filters.lesson && looksLikeIsbn(q)) {
        const parsed = parseIsbn(q);
        const t = parsed.ok ? await this.byIsbn(parsed.isbn13) : undefined;
        const hit =
          t &&
          (!filters.type || t.type === filters.type) &&
          (!filters.grade || t.curriculum.some((c) => c.grade === filters.grade)) &&
          (!filters.school || (await heldAt(filters.school, [t.titleId], options)).has(t.titleId));
        return {
          items: hit
            ? [
                {
                  titleId: t.titleId,
                  title: t.title,
                  authors: t.authors,
                  ...(t.year ? { year: t.year } : {}),
                  type: t.type,
                  score: 100,
                },
              ]
            : [],
        };
      }
      const plan = planQuery(q, filters.lesson);
      if (!plan.words.length) return { items: [] };
      const { data: counted } = (await entities()
        .termCount.get(plan.candidates.map((term) => ({ term })))
        .go(options as never)) as unknown as { data: { term: string; entries: number }[] };
      const counts = new Map(counted.map((c) => [c.term, c.entries]));
      const driver = driverOf(plan, counts);
      if (!driver) return { items: [] };
      let after = cursor?.after;
      let offset = cursor?.offset ?? 0;
      const items: SearchHit[] = [];
      // At most a few windows per request: a filter that matches little must not read a partition.
      for (let windows = 0; windows < 3 && items.length < limit; windows++) {
        const query = entities().searchEntry.query.byTerm({ term: driver });
        const { data, cursor: nextWindow } = await (after ? query.gt({ order: after }) : query).go({
          limit: SEARCH_WINDOW,
          ...options,
        } as never);
        const entries = data as unknown as (IndexEntry & {
          titleId: string;
          order: string;
          year?: number;
          type: TitleType;
          grades: number[];
        })[];
        const matched = entries
          .filter(
            (e) =>
              (!filters.type || e.type === filters.type) &&
              (!filters.grade || e.grades.includes(filters.grade)),
          )
          .map((e) => ({ e, score: scoreEntry({ ...e, id: e.titleId }, plan) }))
          .filter((r): r is { e: (typeof entries)[number]; score: number } => r.score !== undefined)
          .sort((a, b) => b.score - a.score || a.e.order.localeCompare(b.e.order));
        // A school's filter: the window's matches checked against its holdings (one BatchGet per
        // 100 titles, only when asked for).
        const held = filters.school
          ? await heldAt(
              filters.school,
              matched.map((r) => r.e.titleId),
              options,
            )
          : undefined;
        const ranked = held ? matched.filter((r) => held.has(r.e.titleId)) : matched;
        const page = ranked.slice(offset, offset + (limit - items.length));
        items.push(
          ...page.map(({ e, score }) => ({
            titleId: e.titleId,
            title: e.title,
            authors: e.authors,
            ...(e.year ? { year: e.year } : {}),
            type: e.type,
            score,
          })),
        );
        if (offset + page.length < ranked.length)
          return { items, next: { ...(after ? { after } : {}), offset: offset + page.length }, driver };
        if (!nextWindow || entries.length === 0) return { items, driver };
        after = entries.at(-1)!.order;
        offset = 0;
      }
      return { items, next: { ...(after ? { after } : {}), offset }, driver };
    },
  };
}

export type Catalogue = ReturnType<typeof makeCatalogue>;
