/**
 * Where the platform's alarms go: one SNS topic for the operators, encrypted with a key of its own
 * (CloudWatch cannot publish to a topic under the AWS-managed SNS key) and refusing plain HTTP,
 * with an e-mail subscription when the OperatorEmail parameter names an address. Every alarm of
 * the stack (dead letters, failed state-machine executions) publishes here through `notify`.
 */
import { CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The settings every "something went wrong at least once" alarm of the stack shares. */
export const ALARM_ON_ANY = {
  threshold: 1,
  evaluationPeriods: 1,
  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: TreatMissingData.NOT_BREACHING,
} as const;

export class Operations extends Construct {
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: { operatorEmail?: string }) {
    super(scope, id);
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the operators’ alarm topic',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'VN Edu Cloud alarms',
      masterKey: key,
      enforceSSL: true,
    });

    // A stack parameter, so an operator's address can change at deploy time without a new synth;
    // the context value operatorEmail is its default.
    const email = new CfnParameter(Stack.of(this), 'OperatorEmail', {
      type: 'String',
      default: props.operatorEmail ?? '',
      allowedPattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      description:
        'E-mail address the platform alarms go to (the address confirms the subscription); empty for none',
    });
    const subscription = new CfnSubscription(this, 'OperatorEmailSubscription', {
      topicArn: this.alarmTopic.topicArn,
      protocol: 'email',
      endpoint: email.valueAsString,
    });
    subscription.cfnOptions.condition = new CfnCondition(this, 'HasOperatorEmail', {
      expression: Fn.conditionNot(Fn.conditionEquals(email.valueAsString, '')),
    });
  }

  /** Sends the alarm's state changes into alarm to the operators. */
  notify(alarm: Alarm): Alarm {
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    return alarm;
  }
}
