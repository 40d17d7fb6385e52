/**
 * Stock-taking (kiểm kê) at a school library: a session is opened, barcodes are scanned at the
 * shelves (a scanner types them into the screen; scanning twice is one scan), and when it is
 * finished a worker compares the scans with the copies the school holds (domain/stocktake.ts).
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { conflict, notFound } from '#shared/http/problem.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import type { StockCopy, StocktakeReport } from './domain/stocktake.ts';
import { stocktakeReport } from './domain/stocktake.ts';
import { libraryText } from './domain/texts.ts';
import { type LibraryEntities, libraryEntities } from './entities.ts';
import { STOCKTAKE_QUEUE, stocktakeMessage } from './messages.ts';

export interface StocktakeItem {
  stocktakeId: string;
  schoolId: string;
  status: 'open' | 'counting' | 'done';
  startedBy: string;
  startedAt: string;
  finishedAt?: string;
  /** The counts and lists; the missing list names each copy's title and authors. */
  report?: Omit<StocktakeReport, 'lists'> & {
    lists: Omit<StocktakeReport['lists'], 'missing'> & {
      missing: (StocktakeReport['lists']['missing'][number] & { title?: string; authors?: string[] })[];
    };
  };
}

export function makeStocktakes(entities: () => LibraryEntities = libraryEntities) {
  /** Titles and authors by id (BatchGet, 100 at a time). */
  async function titlesOf(ids: readonly string[]) {
    const titles = new Map<string, { title: string; authors: string[] }>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      const { data } = await entities()
        .libTitle.get(unique.slice(i, i + 100).map((titleId) => ({ titleId })))
        .go({ attributes: ['titleId', 'title', 'authors'] });
      for (const t of data) titles.set(t.titleId, { title: t.title, authors: t.authors });
    }
    return titles;
  }

  return {
    async get(stocktakeId: string): Promise<StocktakeItem | undefined> {
      const { data } = await entities().libStocktake.get({ stocktakeId }).go();
      return (data as StocktakeItem | null) ?? undefined;
    },

    /**
     * Opens a session. Several may be open at once (two floors scanned by two people); each
     * report compares its own scans with all the school's copies.
     */
    async start(school: OrgTarget, actor: { accountId: string; requestId: string }) {
      const item: StocktakeItem = {
        stocktakeId: randomUUID(),
        schoolId: school.orgUnitId,
        status: 'open',
        startedBy: actor.accountId,
        startedAt: new Date().toISOString(),
      };
      await entities()
        .service.transaction.write(({ libStocktake, auditEntry: entry }) => [
          libStocktake.create(item).commit(),
          entry
            .create(
              auditEntry({
                actorId: actor.accountId,
                action: 'library-stocktake.start',
                targetType: 'library-stocktake',
                targetId: item.stocktakeId,
                orgUnit: school,
                requestId: actor.requestId,
              }),
            )
            .commit(),
        ])
        .go();
      return item;
    },

    async ofSchool(schoolId: string, limit: number) {
      const { data } = await entities()
        .libStocktake.query.bySchool({ schoolId })
        .go({
          order: 'desc',
          limit,
          attributes: ['stocktakeId', 'schoolId', 'status', 'startedAt', 'finishedAt', 'startedBy'],
        });
      return data as StocktakeItem[];
    },

    /** Records a scanned barcode and says what the books know of it. */
    async scan(s: StocktakeItem, barcode: string) {
      if (s.status !== 'open') throw conflict(libraryText('stocktake-finished'));
      const [{ data: copy }] = await Promise.all([
        entities().libCopy.get({ schoolId: s.schoolId, barcode }).go(),
        entities()
          .libStocktakeScan.put({ stocktakeId: s.stocktakeId, barcode, scannedAt: new Date().toISOString() })
          .go(),
      ]);
      if (!copy) return { barcode, known: false as const };
      const { data: title } = await entities()
        .libTitle.get({ titleId: copy.titleId })
        .go({ attributes: ['title'] });
      return {
        barcode,
        known: true as const,
        title: title?.title ?? '',
        status: copy.status,
        ...(copy.location ? { location: copy.location } : {}),
      };
    },

    async scanned(stocktakeId: string) {
      const { data } = await entities()
        .libStocktakeScan.query.byStocktake({ stocktakeId })
        .go({ pages: 'all', attributes: ['barcode'] });
      return data.map((d) => d.barcode!);
    },

    /** Closes scanning; the report is made by the worker (a school may hold tens of thousands of copies). */
    async finish(s: StocktakeItem, actor: { accountId: string; requestId: string }, school: OrgTarget) {
      if (s.status !== 'open') throw conflict(libraryText('stocktake-already-finished'));
      const result = await entities()
        .service.transaction.write(({ libStocktake, auditEntry: entry }) => [
          libStocktake
            .patch({ stocktakeId: s.stocktakeId })
            .set({ status: 'counting' })
            .where((x, op) => op.eq(x.status, 'open'))
            .commit(),
          entry
            .create(
              auditEntry({
                actorId: actor.accountId,
                action: 'library-stocktake.finish',
                targetType: 'library-stocktake',
                targetId: s.stocktakeId,
                orgUnit: school,
                requestId: actor.requestId,
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(libraryText('stocktake-already-finished'));
      await sendMessage(STOCKTAKE_QUEUE, stocktakeMessage, { stocktakeId: s.stocktakeId });
      return { ...s, status: 'counting' as const };
    },

    /** The worker: compares the scans with the school's copies and keeps the report. */
    async report(stocktakeId: string) {
      const s = await this.get(stocktakeId);
      if (!s) throw notFound();
      if (s.status === 'done') return s;
      const [{ data: copies }, scanned] = await Promise.all([
        entities()
          .libCopy.query.bySchool({ schoolId: s.schoolId })
          .go({ pages: 'all', attributes: ['barcode', 'titleId', 'status', 'location'] }),
        this.scanned(stocktakeId),
      ]);
      const counted = stocktakeReport(copies as StockCopy[], new Set(scanned));
      // The missing list names each title (and its authors): the librarian looks for a book.
      const titles = await titlesOf(counted.lists.missing.map((c) => c.titleId));
      const report = {
        ...counted,
        lists: {
          ...counted.lists,
          missing: counted.lists.missing.map((c) => ({
            ...c,
            title: titles.get(c.titleId)?.title ?? '',
            authors: titles.get(c.titleId)?.authors ?? [],
          })),
        },
      };
      const finishedAt = new Date().toISOString();
      await entities().libStocktake.patch({ stocktakeId }).set({ status: 'done', report, finishedAt }).go();
      return { ...s, status: 'done' as const, report, finishedAt };
    },
  };
}
