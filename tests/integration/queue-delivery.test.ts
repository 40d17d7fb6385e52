/**
 * SQS delivery semantics of the local cloud, through the real notifications worker: good
 * messages are processed once, a poison message is retried and then dead-lettered, alone.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATIONS_QUEUE, notificationMessage } from '../../functions/notifications/messages.ts';
import { makeNotificationEntity } from '../../functions/notifications/store.ts';
import { resetConfig } from '../../shared/config.ts';
import { documentClient } from '../../shared/db/client.ts';
import { sendMessage, sendMessages } from '../../shared/queue/sqs.ts';
import { s3 } from '../../shared/storage/s3.ts';
import { cloud, eventually, useCloudEnvironment } from '../support/cloud.ts';

describe('notifications queue', () => {
  let sqs: SQSClient;
  let urls: Record<string, string>;
  beforeAll(() => {
    useCloudEnvironment();
    resetConfig();
    sqs = new SQSClient({});
    urls = JSON.parse(cloud().env.QUEUE_URLS!);
  });

  it('delivers valid messages and dead-letters a poison one after maxReceiveCount', async () => {
    const id = `test-${Date.now()}`;
    const good = {
      notificationId: id,
      channel: 'app',
      recipientId: 'teacher1',
      template: 'welcome',
      data: {},
    };
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: urls.notifications,
        Entries: [
          { Id: 'good', MessageBody: JSON.stringify(good) },
          { Id: 'poison', MessageBody: JSON.stringify({ notificationId: `${id}-poison`, channel: 'fax' }) },
        ],
      }),
    );

    const entity = makeNotificationEntity({ client: documentClient(), table: cloud().env.TABLE_NAME! });
    const delivered = await eventually(
      async () => (await entity.get({ notificationId: id, recipientId: 'teacher1' }).go()).data ?? undefined,
    );
    expect(delivered.recipientId).toBe('teacher1');

    const deadLetter = await eventually(async () => {
      const r = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: urls['notifications-dlq'], MaxNumberOfMessages: 10 }),
      );
      return r.Messages?.find((m) => m.Body?.includes(`${id}-poison`));
    }, 30_000);
    expect(JSON.parse(deadLetter.Body!).channel).toBe('fax');
    expect(
      (await entity.get({ notificationId: `${id}-poison`, recipientId: 'teacher1' }).go()).data,
    ).toBeNull();
  });

  const notification = (notificationId: string, body: string) => ({
    notificationId,
    channel: 'app' as const,
    recipientId: 'teacher1',
    template: 'circular',
    data: { body },
  });
  const claimKeys = async () =>
    (
      (
        await s3().send(
          new ListObjectsV2Command({ Bucket: cloud().env.BUCKET_REPORTS, Prefix: 'claims/notifications/' }),
        )
      ).Contents ?? []
    ).map((o) => o.Key!);
  const delivered = (notificationId: string) => {
    const entity = makeNotificationEntity({ client: documentClient(), table: cloud().env.TABLE_NAME! });
    return eventually(
      async () => (await entity.get({ notificationId, recipientId: 'teacher1' }).go()).data ?? undefined,
    );
  };

  it('carries a message over SQS’s 256 KiB by claim check, and the worker reads it whole', async () => {
    const id = `big-${Date.now()}`;
    // About 290 KB of Vietnamese text (accented letters are two or three bytes in UTF-8).
    const body = 'Thông báo về kỳ thi tuyển sinh lớp 10. '.repeat(6_500);
    expect(Buffer.byteLength(body)).toBeGreaterThan(256 * 1024);
    const before = await claimKeys();

    await sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, notification(id, body));
    // The body waits in S3 (the local SQS emulator would take it whole; SQS would not).
    const added = (await claimKeys()).filter((k) => !before.includes(k));
    expect(added).toHaveLength(1);
    const claimed = await s3().send(
      new GetObjectCommand({ Bucket: cloud().env.BUCKET_REPORTS, Key: added[0] }),
    );
    expect(JSON.parse(await claimed.Body!.transformToString())).toMatchObject({ notificationId: id });
    const stored = await delivered(id);
    expect(stored.data).toEqual({ body });
  });

  it('splits a batch whose messages are small but together over SQS’s request limit', async () => {
    const id = `batch-${Date.now()}`;
    const body = 'x'.repeat(100_000);
    const before = await claimKeys();
    // Three 100 KB messages: none needs a claim check, but one request would carry 300 KB.
    await sendMessages(
      NOTIFICATIONS_QUEUE,
      notificationMessage,
      [1, 2, 3].map((n) => notification(`${id}-${n}`, body)),
    );
    for (const n of [1, 2, 3]) expect((await delivered(`${id}-${n}`)).data).toEqual({ body });
    expect(await claimKeys()).toEqual(before);
  });
});
