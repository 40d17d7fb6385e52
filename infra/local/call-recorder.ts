/**
 * Records, per function, each AWS request its handler really makes in the local cloud: service
 * action, resource ARN and the condition keys IAM would see. The invoker runs every handler inside
 * `asFunction(id, …)`, so a call is credited to the function whose invocation made it; calls made
 * outside any invocation (seeding, the emulators' plumbing) are not a function's and are left out.
 *
 * Written as JSON lines, one per distinct (function, action, resource), appended as they happen:
 * the IAM test (tests/infra/iam.test.ts) reads the file while the integration run's local cloud
 * is still up, so nothing waits for its exit. The first line names the local resources.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setAwsCallObserver } from '../../shared/observability/aws-calls.ts';
import { type IamNaming, type IamRequest, iamRequestsOf } from './iam-calls.ts';

const running = new AsyncLocalStorage<string>();

/** Runs `work` as function `functionId`: the AWS calls it makes are that function's. */
export const asFunction = <T>(functionId: string, work: () => T): T => running.run(functionId, work);

export interface RecordedCall extends IamRequest {
  functionId: string;
}

/** The local names of the resources, for mapping the stack's ARNs onto the recorded ones. */
export interface RecordedNames {
  region: string;
  account: string;
  table: string;
  buckets: Record<string, string>;
  queues: Record<string, string>;
  stateMachines: Record<string, string>;
  signingCaKey: string;
  credentialsKey: string;
}

export function recordAwsCalls(file: string, naming: IamNaming, names: RecordedNames) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ names })}\n`);
  const seen = new Set<string>();
  setAwsCallObserver((call) => {
    const functionId = running.getStore();
    if (!functionId) return;
    for (const request of iamRequestsOf(call, naming)) {
      const line = JSON.stringify({ functionId, ...request } satisfies RecordedCall);
      if (seen.has(line)) continue;
      seen.add(line);
      appendFileSync(file, `${line}\n`);
    }
  });
  return { stop: () => setAwsCallObserver(undefined) };
}
