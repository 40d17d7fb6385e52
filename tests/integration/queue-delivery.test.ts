/**
 * SQS delivery semantics of the local cloud, through the real notifications worker: good
 * messages are processed once, a poison message is retried and then dead-lettered, alone.
 */
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeNotificationEntity } from '../../functions/notifications/store.ts';
import { documentClient } from '../../shared/db/client.ts';
import { cloud, eventually, useCloudEnvironment } from '../support/cloud.ts';

describe('notifications queue', () => {
  let sqs: SQSClient;
  let urls: Record<string, string>;
  beforeAll(() => {
    useCloudEnvironment();
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
      async () => (await entity.get({ notificationId: id }).go()).data ?? undefined,
    );
    expect(delivered.recipientId).toBe('teacher1');

    const deadLetter = await eventually(async () => {
      const r = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: urls['notifications-dlq'], MaxNumberOfMessages: 10 }),
      );
      return r.Messages?.find((m) => m.Body?.includes(`${id}-poison`));
    }, 30_000);
    expect(JSON.parse(deadLetter.Body!).channel).toBe('fax');
    expect((await entity.get({ notificationId: `${id}-poison` }).go()).data).toBeNull();
  });
});
