/**
 * Acknowledging cdk-nag findings, always with a reason. Granular rules (IAM4, IAM5) report one
 * finding per wildcard, named after the logical id of what it points to; `ref()` builds those
 * names so each acknowledgement covers exactly the wildcard it explains and nothing else.
 */
import { type CfnElement, Names, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, findings: Record<string, string>): void {
  for (const [id, reason] of Object.entries(findings)) Validations.of(scope).acknowledge({ id, reason });
}

/**
 * How a finding in `from`'s stack names a construct's attribute: `<LogicalId.Arn>` within one
 * stack; across a nested stack's boundary, the parameter or output CDK made to carry it (the
 * names CDK's cross-stack references give them).
 */
export function ref(construct: IConstruct, attribute = 'Arn', from: IConstruct = construct): string {
  const element = construct.node.defaultChild as CfnElement;
  const home = Stack.of(construct);
  const here = Stack.of(from);
  if (home === here) return `<${home.getLogicalId(element)}.${attribute}>`;
  const carried = `${Names.nodeUniqueId(element.node)}${attribute}`.replace(/[^A-Za-z0-9]/g, '');
  // A parent's resource reaches its nested stack as a parameter…
  if (here.nestedStackParent === home) return `<referenceto${carried}>`;
  // …and a nested stack's resource reaches the parent as one of the nested stack's outputs.
  if (home.nestedStackParent === here && home.nestedStackResource)
    return `<${here.getLogicalId(home.nestedStackResource)}.Outputs.${carried}>`;
  throw new Error(`No reference from ${here.node.path} to ${construct.node.path}`);
}

export const iam5 = (finding: string) => `AwsSolutions-IAM5[${finding}]`;

export const LAMBDA_BASIC_EXECUTION =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
