/**
 * Provisioned concurrency for the exams API around city-wide exams (docs/capacity.md). The API is
 * served through an alias (`live`, on the function's current version: provisioned concurrency is
 * set on a version or alias, never on $LATEST), registered with Application Auto Scaling as a
 * scalable target with no capacity; when a session is published the exams context puts two
 * one-time scheduled actions on it (functions/exams/exam-capacity.ts). Its role may put and delete
 * scheduled actions on that one target (by its tag) and list them (Describe* takes no resource).
 */
import { ArnFormat, Stack, Tags } from 'aws-cdk-lib';
import { ScalableTarget, ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { EXAM_CAPACITY_TAG, SCALABLE_DIMENSION } from '../../functions/exams/exam-capacity.ts';
import { acknowledge, iam5 } from './nag.ts';

export const EXAM_API_ALIAS = 'live';

export class ExamCapacity extends Construct {
  readonly alias: Alias;
  readonly target: ScalableTarget;

  constructor(
    scope: Construct,
    id: string,
    props: { api: NodejsFunction; maxProvisionedConcurrency: number },
  ) {
    super(scope, id);
    this.alias = new Alias(this, 'Live', { aliasName: EXAM_API_ALIAS, version: props.api.currentVersion });
    this.target = new ScalableTarget(this, 'Target', {
      serviceNamespace: ServiceNamespace.LAMBDA,
      scalableDimension: SCALABLE_DIMENSION,
      resourceId: `function:${props.api.functionName}:${EXAM_API_ALIAS}`,
      minCapacity: 0,
      maxCapacity: props.maxProvisionedConcurrency,
    });
    this.target.node.addDependency(this.alias);
    // A scalable target's ARN carries an id CloudFormation does not return: the grant names this
    // target by its tag instead.
    Tags.of(this.target).add(EXAM_CAPACITY_TAG.TagKey, EXAM_CAPACITY_TAG.TagValue);
    // The function finds its target from its own name (AWS_LAMBDA_FUNCTION_NAME) and the alias.
    props.api.addEnvironment('EXAM_CAPACITY_ALIAS', EXAM_API_ALIAS);
    props.api.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'application-autoscaling:PutScheduledAction',
          'application-autoscaling:DeleteScheduledAction',
        ],
        resources: [
          Stack.of(this).formatArn({
            service: 'application-autoscaling',
            resource: 'scalable-target',
            resourceName: '*',
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
        conditions: {
          StringEquals: { [`aws:ResourceTag/${EXAM_CAPACITY_TAG.TagKey}`]: EXAM_CAPACITY_TAG.TagValue },
        },
      }),
    );
    props.api.addToRolePolicy(
      new PolicyStatement({
        actions: ['application-autoscaling:DescribeScheduledActions'],
        resources: ['*'],
      }),
    );
    // The finding names the parent's Region (a nested stack's own is a token).
    const parent = Stack.of(props.api);
    const region = parent.nestedStackParent?.region ?? parent.region;
    acknowledge(props.api, {
      [iam5(`Resource::arn:aws:application-autoscaling:${region}:<AWS::AccountId>:scalable-target/*`)]:
        'Scalable targets are named by an id CloudFormation does not return: only the one tagged as the exams API’s capacity (aws:ResourceTag condition).',
      [iam5('Resource::*')]:
        'application-autoscaling:DescribeScheduledActions takes no resource; the exams API lists only its own target’s actions with it.',
    });
  }
}
