/**
 * The grading worker in a process of its own, as Lambda's event source mapping runs it: receives
 * batches of 10 from GRADER_QUEUE_URL (the queue's own visibility timeout), hands them to the
 * real handler, deletes what it graded. Prints each batch's receipt handles before grading it
 * (`received {...}`), so a test that kills this process knows which messages were in flight.
 * Run by tests/integration/exams-grader-crash.test.ts.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handler } from '../../functions/exams/workers/grade-attempts.ts';

const queueUrl = process.env.GRADER_QUEUE_URL!;
const sqs = new SQSClient({});

for (;;) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  const messages = [...new Map(Messages.map((m) => [m.MessageId, m])).values()];
  if (messages.length === 0) continue;
  console.log(`received ${JSON.stringify(messages.map((m) => m.ReceiptHandle))}`);
  console.log(`bodies ${JSON.stringify(messages.map((m) => m.Body))}`);
  const event = {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      attributes: {},
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:grading-test',
      awsRegion: 'ap-southeast-1',
    })),
  } as unknown as SQSEvent;
  const response = (await handler(event, {} as never)) as SQSBatchResponse | undefined;
  const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  const done = messages.filter((m) => !failed.has(m.MessageId!));
  if (done.length > 0)
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  console.log(`graded ${done.length}, failed ${failed.size}`);
}
