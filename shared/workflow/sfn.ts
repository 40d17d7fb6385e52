/** Starting state machine executions; the ARN comes from configuration by the machine's name. */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { stateMachineArn } from '../config.ts';
import { observeClient } from '../observability/aws-calls.ts';

let client: SFNClient | undefined;

export async function startExecution(stateMachine: string, name: string, input: unknown): Promise<string> {
  client ??= observeClient(new SFNClient({}));
  const result = await client.send(
    new StartExecutionCommand({
      stateMachineArn: stateMachineArn(stateMachine),
      name,
      input: JSON.stringify(input),
    }),
  );
  if (!result.executionArn) throw new Error(`No execution started for ${stateMachine}`);
  return result.executionArn;
}
