/**
 * A report job and notifications under chaos. The report's state machine fans out one task per
 * unit and its tasks meet the faults; it ends done with every unit counted once, and the
 * requester is notified once. Notifications queued in bulk are each delivered exactly once.
 */
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeNotificationEntity } from '../../functions/notifications/store.ts';
import { documentClient } from '../../shared/db/client.ts';
import { call, underChaos, useEmulatorsDirectly, waitFor } from '../support/chaos.ts';
import { cloud, until } from '../support/cloud.ts';

interface Job {
  reportId: string;
  status: string;
  downloadUrl?: string;
  totalUnits?: number;
  completedUnits?: number;
}

describe('reports and notifications under chaos', () => {
  beforeAll(() => useEmulatorsDirectly());
  const notifications = () =>
    makeNotificationEntity({ client: documentClient(), table: cloud().env.TABLE_NAME! });

  it('a city-wide report counts every unit once and notifies the requester once', async () => {
    const done = await underChaos('report job (114 units)', async () => {
      const created = await call<Job>('/reports', {
        as: 'admin',
        body: { kind: 'data-completeness', orgUnitId: 'SGD' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(202);
      return waitFor<Job>(
        `/reports/${created.body.reportId}`,
        'admin',
        (j) => j.status === 'done' || j.status === 'failed',
        120_000,
      );
    });
    expect(done).toMatchObject({ status: 'done', totalUnits: 114, completedUnits: 114 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(done.downloadUrl!)).arrayBuffer());
    const byUnit = workbook.getWorksheet('Theo đơn vị')!;
    expect(byUnit.rowCount).toBe(2 + 114);
    const unitIds = byUnit
      .getSheetValues()
      .slice(3)
      .map((row) => (row as unknown[])[1]);
    expect(new Set(unitIds).size).toBe(114);

    const notice = await until(
      async () =>
        (
          await notifications()
            .get({ notificationId: `report-${done.reportId}`, recipientId: 'admin' })
            .go()
        ).data ?? undefined,
    );
    expect(notice).toMatchObject({ recipientId: 'admin', template: 'report-ready' });
  });

  it('delivers each of a bulk of queued notifications exactly once', async () => {
    const COUNT = 60;
    const recipient = `chaos-${Date.now()}`;
    const sqs = new SQSClient({});
    const url = JSON.parse(process.env.QUEUE_URLS!).notifications as string;
    const ids = Array.from({ length: COUNT }, (_, n) => `${recipient}-${n}`);
    await underChaos(`notifications (${COUNT})`, async () => {
      for (let i = 0; i < COUNT; i += 10) {
        const sent = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: ids.slice(i, i + 10).map((notificationId, n) => ({
              Id: String(n),
              MessageBody: JSON.stringify({
                notificationId,
                channel: 'app',
                recipientId: recipient,
                template: 'welcome',
                data: {},
              }),
            })),
          }),
        );
        expect(sent.Failed ?? []).toEqual([]);
      }
      const delivered = await until(async () => {
        const { data } = await notifications()
          .query.byRecipient({ recipientId: recipient })
          .go({ pages: 'all' });
        return data.length >= COUNT ? data : undefined;
      }, 60_000);
      expect(delivered.map((d) => d.notificationId).sort()).toEqual([...ids].sort());
    });
    // Nothing went to the dead-letter queue.
    const dlq = JSON.parse(process.env.QUEUE_URLS!)['notifications-dlq'] as string;
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10 }));
    expect((dead.Messages ?? []).filter((m) => m.Body?.includes(recipient))).toEqual([]);
  });
});
