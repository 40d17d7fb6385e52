/**
 * A queue and a dead-letter queue per manifest queue, with an alarm to the operators when anything
 * is dead-lettered. The visibility timeouts come from the manifests, which the plan holds to six
 * times their consumer's timeout.
 *
 * A nested stack of its own: five resources a queue (queue, DLQ, their TLS-only policies, the
 * alarm) would otherwise crowd the parent towards CloudFormation's 500 resources per stack. The
 * functions, event sources and bucket notifications in the parent reach the queues through the
 * nested stack's outputs, which CDK wires.
 */
import { Duration, NestedStack } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { QueuePlan } from '../plan.ts';
import { acknowledge } from './nag.ts';
import { ALARM_ON_ANY, type Operations } from './operations.ts';

export class Messaging extends NestedStack {
  readonly queues = new Map<string, Queue>();

  constructor(scope: Construct, id: string, props: { queues: QueuePlan[]; operations: Operations }) {
    super(scope, id, {
      description: 'VN Edu Cloud queues: one with a dead-letter queue and an alarm per manifest queue',
    });
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
