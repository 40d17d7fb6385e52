/**
 * The functions live in one nested stack per context (infra/constructs/functions.ts). Tests read
 * them as the parent would deploy them: each nested template's resources, with every reference to
 * one of its parameters replaced by what the parent passes that parameter.
 */
import type { CfnElement, NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { EduCloudStack } from '../../infra/stack.ts';

/** Resources as `Template.findResources` gives them. */
export type CfnResources = ReturnType<Template['findResources']>;

/** A nested template's value with its parameters replaced by the parent's expressions. */
export function asPassedIn(value: unknown, parameters: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => asPassedIn(v, parameters));
  if (value && typeof value === 'object') {
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === 'string' && Object.keys(value).length === 1 && ref in parameters)
      return parameters[ref];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asPassedIn(v, parameters)]));
  }
  return value;
}

/** The parameters the parent passes to one of its nested stacks. */
export function parametersOf(stack: EduCloudStack, nested: NestedStack): Record<string, unknown> {
  const parent = Template.fromStack(stack).toJSON() as { Resources: CfnResources };
  const id = stack.getLogicalId(nested.nestedStackResource as CfnElement);
  return (parent.Resources[id]?.Properties.Parameters ?? {}) as Record<string, unknown>;
}

/** The resources of every context's functions stack, of one type (all types without one). */
export function functionResources(stack: EduCloudStack, type?: string): CfnResources {
  const all: CfnResources = {};
  for (const nested of stack.functions.stacks.values()) {
    const parameters = parametersOf(stack, nested);
    const { Resources } = Template.fromStack(nested).toJSON() as { Resources: CfnResources };
    for (const [id, resource] of Object.entries(Resources))
      if (!type || resource.Type === type) all[id] = asPassedIn(resource, parameters) as CfnResources[string];
  }
  return all;
}
