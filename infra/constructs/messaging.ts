/** A queue and a dead-letter queue per manifest queue, with an alarm when anything is dead-lettered. */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueuePlan } from '../plan.ts';
import { acknowledge } from './nag.ts';

export class Messaging extends Construct {
  readonly queues = new Map<string, Queue>();

  constructor(scope: Construct, id: string, props: { queues: QueuePlan[] }) {
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
      new Alarm(this, `${q.name}-dead-letters`, {
        alarmDescription: `Messages from ${q.name} (${q.description}) reached the dead-letter queue`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      this.queues.set(q.name, queue);
    }
  }
}
