/**
 * Announcement fan-out benchmark (issue 18, item 5), against a local cloud started here: the bench
 * gives N staff accounts a teacher's role at the city's schools (written directly, as an HR import
 * would), the Department announces to all staff through the real route, and the bench times
 * (1) the fan-out — until the steps have addressed everyone — and (2) the delivery — until every
 * one of the N inboxes holds the announcement, counted by the bench itself from the accounts it
 * made (BatchGet of the inbox items), not from the code under test. It prints recipients per
 * second and what a million messages cost on AWS per channel (the model below: on-demand prices,
 * the request counts of the code's path per recipient).
 *
 * Sizes: BENCH_QUICK=1 → 250 recipients at one commune's schools, announced by the commune;
 * otherwise 30,000 at all the city's schools, announced by the Department
 * (ANNOUNCE_BENCH_RECIPIENTS overrides the number).
 */
import { performance } from 'node:perf_hooks';
import { makeInboxEntities } from '../../functions/notifications/inbox.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';
import { fetchDevToken } from '../../infra/local/dev-token.ts';
import { makeAuthEntities, schoolsUnder } from '../../shared/auth/store.ts';
import { documentClient } from '../../shared/db/client.ts';

/** On-demand prices, us-east-1, late 2026 (ap-southeast-1 is about 14% higher). */
const PRICE = {
  wru: 0.625 / 1e6,
  rru: 0.125 / 1e6,
  sqsRequest: 0.4 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  gbSecond: 0.0000133334, // arm64
  sesEmail: 0.1 / 1000,
  /** A brand-name SMS in Viet Nam through a local aggregator: 500–800 VND; 650 VND at 26,000 VND/USD. */
  sms: 650 / 26_000,
  /** A Zalo-style OTT template message: 200–300 VND. */
  ott: 250 / 26_000,
};

/**
 * Per recipient, what the code's path does (read from the workers, not measured):
 * - inbox (always): the fan-out's SendMessageBatch share (0.1 request) and the notifications
 *   queue's receive and delete shares (0.2); deliver-notification writes the log (1 WRU), the inbox
 *   item and unread counter in one transaction (2 items × 2 WRU), reads the preferences and the
 *   account (2 × 0.5 RRU); about 15 ms of a 512 MB function per message (batches of 10).
 * - each further channel: a delivery record created in a transaction (2 WRU), the channel queue's
 *   send/receive/delete (0.3 requests), send-notification's claim and finish (2 WRU), preferences
 *   and account again (1 RRU), about 60 ms of a 512 MB function (the provider's round trip), plus
 *   the provider's price.
 */
function costPerMillion() {
  const million = 1e6;
  const lambda = (ms: number) => (ms / 1000) * 0.5 * PRICE.gbSecond + PRICE.lambdaRequest / 10;
  const inbox = 5 * PRICE.wru + 1 * PRICE.rru + 0.3 * PRICE.sqsRequest + lambda(15);
  const channel = 4 * PRICE.wru + 1 * PRICE.rru + 0.3 * PRICE.sqsRequest + lambda(60);
  return {
    'in-app inbox': inbox * million,
    'e-mail (SES)': (inbox + channel + PRICE.sesEmail) * million,
    'Web Push': (inbox + channel) * million,
    SMS: (inbox + channel + PRICE.sms) * million,
    'OTT (Zalo-style)': (inbox + channel + PRICE.ott) * million,
  };
}

export async function announcementBenchmarks(quick: boolean) {
  const recipients = Number(process.env.ANNOUNCE_BENCH_RECIPIENTS ?? (quick ? 250 : 30_000));
  const from = quick ? 'P-NGOQUYEN' : 'SGD';
  const cloud = await startLocalCloud({
    ports: { api: 0, oidc: 0, vneid: 0, ses: 0, dynamodb: 0, s3: 0, sqs: 0, sfn: 0 },
    demoLearners: 0,
    demoTitles: 0,
    log: { info() {}, error() {} },
  });
  try {
    const deps = { client: documentClient(), table: cloud.env.TABLE_NAME! };
    const auth = makeAuthEntities(deps);
    const schools = await schoolsUnder(from, auth);
    const now = new Date().toISOString();
    const accounts = Array.from({ length: recipients }, (_, i) => `bench.teacher.${i}`);
    for (let i = 0; i < accounts.length; i += 500) {
      const slice = accounts.slice(i, i + 500);
      await auth.account
        .put(
          slice.map((accountId, j) => ({
            accountId,
            fullName: `Giáo viên ${i + j}`,
            status: 'active' as const,
            homeOrgUnitId: schools[(i + j) % schools.length]!,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .go();
      await auth.roleAssignment
        .put(
          slice.map((accountId, j) => ({
            accountId,
            assignmentId: 'bench',
            role: 'teacher' as const,
            scopeOrgUnitId: schools[(i + j) % schools.length]!,
            grantedBy: 'bench',
            grantedAt: now,
            grantedVia: `bench-${(i + j) % 32}`,
          })),
        )
        .go();
    }

    const token = await fetchDevToken(cloud.issuer, quick ? 'commune2.admin' : 'admin');
    const call = async <T>(path: string, body?: unknown) =>
      (await (
        await fetch(`${cloud.apiUrl}${path}`, {
          method: body ? 'POST' : 'GET',
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        })
      ).json()) as T;

    const started = performance.now();
    const sent = await call<{ announcementId: string }>(`/org-units/${from}/announcements`, {
      audience: { kind: 'staff' },
      subject: 'Hướng dẫn kỳ thi tuyển sinh lớp 10',
      text: 'Các trường rà soát danh sách thí sinh trước ngày 15/12/2026.',
    });
    let fannedOut = 0;
    for (;;) {
      const a = await call<{ addressed?: number }>(`/announcements/${sent.announcementId}`);
      if ((a.addressed ?? 0) >= recipients) {
        fannedOut = (performance.now() - started) / 1000;
        break;
      }
      if (performance.now() - started > 30 * 60_000)
        throw new Error('The fan-out did not finish in 30 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }

    // The oracle: the bench's own accounts, each asked for its inbox item.
    const inbox = makeInboxEntities(deps).inboxItem;
    const notificationId = `ann-${sent.announcementId}`;
    let delivered = 0;
    let deliveredAfter = 0;
    const pending = new Set(accounts);
    while (pending.size) {
      for (const slice of chunks([...pending], 100)) {
        const { data } = await inbox.get(slice.map((accountId) => ({ accountId, notificationId }))).go();
        for (const item of data) pending.delete(item.accountId);
      }
      delivered = recipients - pending.size;
      deliveredAfter = (performance.now() - started) / 1000;
      if (!pending.size) break;
      if (performance.now() - started > 60 * 60_000) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }

    console.log(
      `\nAnnouncement fan-out (${recipients.toLocaleString('en')} staff at ${schools.length} schools, announced by ${from}, local cloud)`,
    );
    console.log(`  fan-out (every step done)   ${fannedOut.toFixed(1)} s`);
    console.log(
      `  delivered to inboxes        ${delivered.toLocaleString('en')} of ${recipients.toLocaleString('en')} in ${deliveredAfter.toFixed(1)} s → ${(delivered / deliveredAfter).toFixed(0)} recipients/s`,
    );
    console.log('  AWS cost per million recipients, by channel (model in tests/bench/announcements.ts):');
    for (const [channel, usd] of Object.entries(costPerMillion()))
      console.log(`    ${channel.padEnd(20)} US$${usd.toFixed(2)}`);
    if (delivered !== recipients)
      throw new Error(`${recipients - delivered} recipients never got the announcement`);
  } finally {
    await cloud.stop();
  }
}

function* chunks<T>(items: T[], size: number) {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

if (import.meta.url === `file://${process.argv[1]}`)
  await announcementBenchmarks(process.env.BENCH_QUICK === '1');
