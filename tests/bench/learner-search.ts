/**
 * Learner search benchmark: N demo learners (infra/local/demo-edu-data.ts, the city's mix of names)
 * on DynamoDB Local, then searches as people type them — a given name alone, middle and given
 * name, a family name — in a school, a commune and the whole city, printing the read units each
 * consumed (DynamoDB's own ReturnConsumedCapacity, summed by a client middleware):
 *   - before: the records' own name index answers "begins with the full name" only, so a given
 *     name finds nobody; finding it without the name entries means reading every learner of the
 *     scope (a commune's whole partition; a Scan of the table for the city) and filtering;
 *   - after: one Query on the name entries and a BatchGet of the page's records.
 * The oracle is the filtered read of everything: the name entries, paged to the end, must list
 * exactly the learners it found, or the benchmark fails.
 * BENCH_QUICK=1 → 2,000 learners; otherwise 200,000 (LEARNER_BENCH_LEARNERS overrides).
 */
import { performance } from 'node:perf_hooks';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { nameSuffixes } from '../../functions/edu-data/domain/name-words.ts';
import { makeEduEntities } from '../../functions/edu-data/entities.ts';
import { makeLists } from '../../functions/edu-data/lists.ts';
import { type EduRecordItem, makeEduStore } from '../../functions/edu-data/store.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';
import { seedDemoEduData } from '../../infra/local/demo-edu-data.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/emulators.ts';
import { completeBatchCalls } from '../../shared/db/batch.ts';
import { searchKey } from '../../shared/text/vietnamese.ts';

const silent = { info() {}, error() {} };
const USD_PER_MILLION_RRU = 0.125;
const PAGE = 25;
const SCOPES = [
  { label: 'school THPT-TRANPHU', orgUnitId: 'THPT-TRANPHU', unitKind: 'school' },
  { label: 'commune P-NGOQUYEN', orgUnitId: 'P-NGOQUYEN', unitKind: 'commune' },
  { label: 'city', orgUnitId: 'SGD', unitKind: 'department' },
] as const;
const QUERIES = ['Yến', 'yen', 'Thị Yến', 'long', 'Minh Khôi', 'Nguyễn Văn', 'hoang'];

/** Read units, summed over every call of the client it is added to. */
function meteredClient(endpoint: string) {
  const meter = { units: 0 };
  const base = completeBatchCalls(
    new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
  );
  base.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
        CapacityUnits?: number;
      }[])
        meter.units += c.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'meterReads' },
  );
  const client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
  return { base, client, meter };
}

const matches = (nameKey: string, q: string) => nameSuffixes(nameKey).some((s) => s.startsWith(q));

export async function learnerSearchBenchmark(quick: boolean) {
  const learners = Number(process.env.LEARNER_BENCH_LEARNERS ?? (quick ? 2_000 : 200_000));
  // Past ~20,000 learners the city's Scan outgrows DynamoDB Local's default 1 GB heap.
  if (learners > 20_000) process.env.LOCAL_DYNAMODB_HEAP ??= learners > 100_000 ? '12g' : '6g';
  const cloud = await startLocalCloud({
    ports: { api: 0, oidc: 0, vneid: 0, ses: 0, dynamodb: 0, s3: 0, sqs: 0, sfn: 0 },
    demoLearners: 0,
    demoTitles: 0,
    log: silent,
  });
  try {
    const table = cloud.env.TABLE_NAME!;
    const { base, client, meter } = meteredClient(cloud.env.AWS_ENDPOINT_URL_DYNAMODB!);
    const entities = makeEduEntities({ client, table });
    const store = makeEduStore(() => entities);
    const lists = makeLists(store);
    const t0 = performance.now();
    const seeded = await seedDemoEduData(entities, learners, { force: true, guards: false });
    await seeded.names;
    console.log(
      `\nLearner search over ${seeded.learners.toLocaleString('en')} learners (DynamoDB Local; seeded with their name entries in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );

    const metered = async <T>(read: () => Promise<T>) => {
      const before = meter.units;
      const value = await read();
      return { value, units: meter.units - before };
    };
    /** Every learner of a scope, read whole (Query of the partition, or a Scan for the city). */
    const everyLearner = async (scope: (typeof SCOPES)[number]) => {
      const all: EduRecordItem[] = [];
      if (scope.unitKind === 'department') {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await base.send(
            new ScanCommand({
              TableName: table,
              ...(start ? { ExclusiveStartKey: start as never } : {}),
            }),
          );
          for (const raw of page.Items ?? []) {
            const item = unmarshall(raw);
            if (item.__edb_e__ === 'eduRecord' && item.kind === 'student') all.push(item as EduRecordItem);
          }
          start = page.LastEvaluatedKey;
        } while (start);
        return all;
      }
      const query =
        scope.unitKind === 'school'
          ? entities.eduRecord.query.byOwner({ ownerId: scope.orgUnitId, kind: 'student' })
          : entities.eduRecord.query.byParent({ parentId: scope.orgUnitId, kind: 'student' });
      const { data } = await query.go({ pages: 'all' });
      return data as EduRecordItem[];
    };

    console.log(
      `  ${'scope'.padEnd(22)}${'query'.padEnd(13)}${'found'.padStart(7)}${'old index'.padStart(16)}${'read all'.padStart(18)}${'entries: page'.padStart(20)}${'all pages'.padStart(16)}`,
    );
    const perSearch: number[] = [];
    for (const scope of SCOPES) {
      // The oracle and the "before" cost: every learner of the scope, read and filtered here.
      const everything = await metered(() => everyLearner(scope));
      for (const typed of QUERIES) {
        const q = searchKey(typed);
        const expected = new Set(
          everything.value.filter((r) => matches(r.nameKey, q)).map((r) => r.recordId),
        );
        // The old index: the full name begins with the query (none in the city: its index is gone).
        const old =
          scope.unitKind === 'department'
            ? undefined
            : await metered(async () => {
                const query =
                  scope.unitKind === 'school'
                    ? entities.eduRecord.query.byOwner({ ownerId: scope.orgUnitId, kind: 'student' })
                    : entities.eduRecord.query.byParent({ parentId: scope.orgUnitId, kind: 'student' });
                return (await query.begins({ nameKey: q }).go({ limit: PAGE })).data.length;
              });
        const first = await metered(() => lists.page(scope, 'student', typed, PAGE));
        const all = await metered(async () => {
          const ids: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await lists.page(scope, 'student', typed, 100, cursor);
            ids.push(...page.items.map((r) => r.recordId));
            cursor = page.nextCursor;
          } while (cursor);
          return ids;
        });
        const got = new Set(all.value);
        if (
          got.size !== all.value.length ||
          got.size !== expected.size ||
          [...expected].some((id) => !got.has(id))
        )
          throw new Error(
            `${scope.label} "${typed}": the name entries listed ${all.value.length} (${got.size} distinct), reading everything found ${expected.size}`,
          );
        perSearch.push(first.units);
        console.log(
          `  ${scope.label.padEnd(22)}${typed.padEnd(13)}${String(expected.size).padStart(7)}${(old ? `${old.value} / ${old.units.toFixed(1)}` : '—').padStart(16)}${`${everything.units.toFixed(0)} RRU`.padStart(18)}${`${first.value.items.length} / ${first.units.toFixed(1)} RRU`.padStart(20)}${`${all.units.toFixed(1)} RRU`.padStart(16)}`,
        );
      }
    }
    const mean = perSearch.reduce((a, b) => a + b, 0) / perSearch.length;
    console.log(
      '  (old index: learners found / read units of its first page; read all: every learner of the scope, the',
    );
    console.log('   city by Scan; entries: the first page of 25 found / its read units, then every page)');
    console.log(
      `  mean ${mean.toFixed(1)} read units for a page of results ≈ $${(mean * USD_PER_MILLION_RRU).toFixed(2)} per million searches`,
    );
  } finally {
    await cloud.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await learnerSearchBenchmark(process.env.BENCH_QUICK === '1');
  process.exit(0);
}
