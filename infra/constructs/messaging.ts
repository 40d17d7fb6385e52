/**
 * A queue and a dead-letter queue per manifest queue, with an alarm to the operators when anything
 * is dead-lettered. The visibility timeouts come from the manifests, which the plan holds to six
 * times their consumer's timeout.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueuePlan } from '../plan.ts';
import { acknowledge } from './nag.ts';
import { ALARM_ON_ANY, type Operations } from './operations.ts';

export class Messaging extends Construct {
  readonly queues = new Map<string, Queue>();

  constructor(scope: Construct, id: string, props: { queues: QueuePlan[]; operations: Operations }) {
    super(scope, id);
    for (const q of props.queues) {
      const dlq = new Queue(this, `${q.name}-dlq`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      acknowledge(dlq, { 'AwsSolutions-SQS3': 'This is a dead-letter queue; it has no DLQ of its own.' });
      const queue = new Queue(this, q.name, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(q.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: dlq, maxReceiveCount: q.maxReceiveCount },
      });
      props.operations.notify(
        new Alarm(this, `${q.name}-dead-letters`, {
          alarmDescription: `Messages from ${q.name} (${q.description}) reached the dead-letter queue`,
          metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
          ...ALARM_ON_ANY,
        }),
      );
      this.queues.set(q.name, queue);
    }
  }
}
