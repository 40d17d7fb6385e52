/**
 * A watch on the AWS calls a process makes. Every SDK client made in shared/ passes through
 * observeClient(), which adds one middleware that tells the observer, when one is set, each
 * command with its input and result. Lambda sets no observer (the middleware then only reads a
 * variable); the local cloud sets one to record the calls each function really makes, which the
 * IAM test evaluates against the stack's policies (docs/iam.md).
 *
 * Presigning runs the same middleware, so a presigned URL is seen as the call it authorizes: on
 * AWS the browser's request is checked against the signing function's role.
 */
export interface AwsCall {
  /** `DynamoDBClient`, `S3Client`, … as the SDK names the client. */
  client: string;
  /** `GetItemCommand`, `PutObjectCommand`, … (lib-dynamodb's commands report the ones they wrap). */
  command: string;
  input: Record<string, unknown>;
  /** The service's answer, when the call succeeded and was not only presigned. */
  output?: Record<string, unknown>;
}

export type AwsCallObserver = (call: AwsCall) => void;

let observer: AwsCallObserver | undefined;

/** Sets (or, with undefined, removes) the one observer of this process. */
export function setAwsCallObserver(next: AwsCallObserver | undefined): void {
  observer = next;
}

/**
 * Tells the observer of a call made without the SDK's middleware: a presigned POST form is signed
 * by a helper that never runs a command, yet on AWS the browser's upload is checked against the
 * signing function's role like a PutObject.
 */
export function observeCall(call: AwsCall): void {
  observer?.(call);
}

interface ObservableClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: object }) => Promise<{ output?: unknown }>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: object }) => Promise<{ output?: unknown }>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

export function observeClient<C>(client: C): C {
  (client as unknown as ObservableClient).middlewareStack.add(
    (next, context) => async (args) => {
      if (!observer) return next(args);
      const call: AwsCall = {
        client: context.clientName ?? '',
        command: context.commandName ?? '',
        input: args.input as Record<string, unknown>,
      };
      try {
        const result = await next(args);
        const output = result.output as Record<string, unknown> | undefined;
        observer?.(output && '$metadata' in output ? { ...call, output } : call);
        return result;
      } catch (error) {
        // A refused call was still asked for: IAM must allow it for the function to work.
        observer?.(call);
        throw error;
      }
    },
    { step: 'initialize', name: 'awsCallObserver' },
  );
  return client;
}
