/**
 * Acknowledging cdk-nag findings, always with a reason. Granular rules (IAM4, IAM5) report one
 * finding per wildcard, named after the logical id of what it points to; `ref()` builds those
 * names so each acknowledgement covers exactly the wildcard it explains and nothing else.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, findings: Record<string, string>): void {
  for (const [id, reason] of Object.entries(findings)) Validations.of(scope).acknowledge({ id, reason });
}

/** How a finding names a construct's attribute: `<LogicalId.Arn>`. */
export const ref = (construct: IConstruct, attribute = 'Arn'): string =>
  `<${Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement)}.${attribute}>`;

export const iam5 = (finding: string) => `AwsSolutions-IAM5[${finding}]`;

export const LAMBDA_BASIC_EXECUTION =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
