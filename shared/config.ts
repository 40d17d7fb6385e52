/**
 * The environment every handler reads, parsed once with zod on first use (never at import, so a
 * module that does not need configuration does not pay for it). The CDK stack and the local cloud
 * set exactly these variables; resourceEnv() in shared/resources.ts names them.
 */
import * as z from 'zod';

const schema = z.object({
  STAGE: z.string().default('local'),
  TABLE_NAME: z.string().min(1),
  BUCKET_MATERIALS: z.string().min(1),
  BUCKET_DOCUMENTS: z.string().min(1),
  BUCKET_REPORTS: z.string().min(1),
  BUCKET_PORTAL: z.string().min(1),
  /** JSON map of queue name → URL. */
  QUEUE_URLS: z.string().default('{}'),
  /** JSON map of event name → the queues subscribed to it (see shared/queue/publish.ts). */
  EVENT_SUBSCRIBERS: z.string().default('{}'),
  /** JSON map of state machine name → ARN. */
  STATE_MACHINE_ARNS: z.string().default('{}'),
  ALLOWED_ORIGINS: z.string().default('*'),
});

export type Config = z.infer<typeof schema> & {
  queueUrls: Record<string, string>;
  eventSubscribers: Record<string, string[]>;
  stateMachineArns: Record<string, string>;
};

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const env = schema.parse(process.env);
  cached = {
    ...env,
    queueUrls: z.record(z.string(), z.string()).parse(JSON.parse(env.QUEUE_URLS)),
    eventSubscribers: z.record(z.string(), z.array(z.string())).parse(JSON.parse(env.EVENT_SUBSCRIBERS)),
    stateMachineArns: z.record(z.string(), z.string()).parse(JSON.parse(env.STATE_MACHINE_ARNS)),
  };
  return cached;
}

/** Tests and the local cloud change the environment between runs. */
export function resetConfig(): void {
  cached = undefined;
}

export function queueUrl(name: string): string {
  const url = config().queueUrls[name];
  if (!url) throw new Error(`No URL configured for queue ${name}`);
  return url;
}

/** The queues subscribed to an event; none is a valid answer (nobody follows it yet). */
export const eventSubscribers = (event: string): string[] => config().eventSubscribers[event] ?? [];

export function stateMachineArn(name: string): string {
  const arn = config().stateMachineArns[name];
  if (!arn) throw new Error(`No ARN configured for state machine ${name}`);
  return arn;
}
