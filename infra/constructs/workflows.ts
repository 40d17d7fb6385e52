/**
 * What runs without a request: SQS event sources, the state machines from the manifests (the same
 * ASL the local cloud runs) and EventBridge schedules in the city's time zone. A failed execution
 * and a schedule that could not run each raise an alarm to the operators.
 */
import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type PlatformPlan, resolveDefinition } from '../plan.ts';
import { stateMachineName } from './functions.ts';
import { acknowledge, iam5, ref } from './nag.ts';
import { ALARM_ON_ANY, type Operations } from './operations.ts';

export class Workflows extends Construct {
  readonly stateMachines = new Map<string, StateMachine>();

  constructor(
    scope: Construct,
    id: string,
    props: {
      stage: string;
      plan: PlatformPlan;
      functions: Map<string, NodejsFunction>;
      queues: Map<string, Queue>;
      operations: Operations;
    },
  ) {
    super(scope, id);
    const fn = (functionId: string) => props.functions.get(functionId)!;

    for (const sm of props.plan.stateMachines) {
      const machine = new StateMachine(this, sm.name, {
        stateMachineName: stateMachineName(props.stage, sm.name),
        comment: sm.description,
        definitionBody: DefinitionBody.fromString(resolveDefinition(sm, (f) => fn(f).functionArn)),
        tracingEnabled: true,
        logs: {
          destination: new LogGroup(this, `${sm.name}-logs`, {
            retention: RetentionDays.ONE_YEAR,
            removalPolicy: RemovalPolicy.RETAIN,
          }),
          level: LogLevel.ALL,
          includeExecutionData: false,
        },
      });
      for (const functionId of Object.values(sm.tasks)) fn(functionId).grantInvoke(machine);
      acknowledge(machine, {
        [iam5('Resource::*')]: 'CloudWatch Logs delivery and X-Ray APIs have no resource-level scope.',
        ...Object.fromEntries(
          Object.values(sm.tasks).map((functionId) => [
            iam5(`Resource::${ref(fn(functionId), 'Arn', this)}:*`),
            'CDK’s invoke grant covers the task function’s versions and aliases.',
          ]),
        ),
      });
      // The machine has retried and marked its job failed by now: someone should look.
      props.operations.notify(
        new Alarm(this, `${sm.name}-failed`, {
          alarmDescription: `An execution of ${sm.name} (${sm.description}) failed`,
          metric: machine.metricFailed({ period: Duration.minutes(5) }),
          ...ALARM_ON_ANY,
        }),
      );
      this.stateMachines.set(sm.name, machine);
    }

    let schedulerDlq: Queue | undefined;
    for (const f of props.plan.functions) {
      if (f.kind !== 'worker') continue;
      const trigger = f.definition.trigger;
      if (trigger.kind === 'queue') {
        fn(f.id).addEventSource(
          new SqsEventSource(props.queues.get(trigger.queue)!, {
            batchSize: trigger.batchSize ?? 10,
            reportBatchItemFailures: true,
            ...(trigger.maxConcurrency ? { maxConcurrency: trigger.maxConcurrency } : {}),
          }),
        );
      }
      if (trigger.kind === 'schedule') {
        if (!schedulerDlq) {
          schedulerDlq = new Queue(this, 'ScheduleDeadLetters', {
            encryption: QueueEncryption.SQS_MANAGED,
            enforceSSL: true,
            retentionPeriod: Duration.days(14),
          });
          acknowledge(schedulerDlq, {
            'AwsSolutions-SQS3': 'This is the dead-letter queue of the schedules.',
          });
          props.operations.notify(
            new Alarm(this, 'ScheduleDeadLettersAlarm', {
              alarmDescription: 'A scheduled worker could not be invoked (after its retries)',
              metric: schedulerDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
              ...ALARM_ON_ANY,
            }),
          );
        }
        // The scheduler's role is created by the target at stack level.
        acknowledge(Stack.of(this), {
          [iam5(`Resource::${ref(fn(f.id), 'Arn', this)}:*`)]:
            'CDK’s invoke grant covers the scheduled worker’s versions and aliases.',
        });
        new Schedule(this, `${f.id}-schedule`, {
          description: trigger.description,
          schedule: ScheduleExpression.expression(trigger.expression, TimeZone.ASIA_HO_CHI_MINH),
          target: new LambdaInvoke(fn(f.id), {
            input: ScheduleTargetInput.fromObject({ time: ContextAttribute.scheduledTime }),
            deadLetterQueue: schedulerDlq,
            retryAttempts: 3,
            maxEventAge: Duration.hours(1),
          }),
        });
      }
    }
  }
}
