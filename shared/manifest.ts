/**
 * The one place a bounded context declares what it exposes: HTTP routes and asynchronous
 * workers. The CDK stack (infra/) and the local cloud (infra/local/) are both built from these
 * declarations, so a route or worker cannot exist in one and not the other.
 *
 * A manifest is plain data plus zod schemas: importing it must stay cheap and free of AWS SDK
 * clients, because infra code and tests import every manifest.
 */
import type * as z from 'zod';
import type { Permission } from './auth/permissions.ts';
import type { EventName } from './events/org-unit-moved.ts';
import type { BucketName } from './storage/buckets.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `public` routes skip the JWT authorizer; every other route names the permission it needs. */
export type RoutePermission = Permission | 'public';

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway path syntax: `/accounts/{accountId}`. */
  path: string;
  permission: RoutePermission;
  /**
   * Whose tokens the route accepts: the staff SSO's (default), VNeID's (`citizen`), either
   * (`any`), or an authority's client's (`authority`: client credentials with the authority scope;
   * the handler gets the client, no principal). The stack puts a route behind the matching
   * authorizer (docs/identity.md); public routes have none.
   */
  signIn?: 'staff' | 'citizen' | 'any' | 'authority';
  summary: string;
  tags?: string[];
  request?: {
    params?: z.ZodObject;
    query?: z.ZodObject;
    body?: z.ZodType;
  };
  /** The success response; its status defaults to 200. */
  response?: { status?: number; schema?: z.ZodType; contentType?: string; description?: string };
}

/** Messages delivered in batches from an SQS queue, with partial batch failures. */
export interface QueueTrigger {
  kind: 'queue';
  queue: QueueName;
  batchSize?: number;
  /**
   * The most executions the queue's event source runs at once (Lambda's maximum concurrency,
   * 2–1000): a storm drains at a set pace instead of taking the account's concurrency.
   */
  maxConcurrency?: number;
}
/** EventBridge Scheduler; `rate(...)` or six-field `cron(...)` in the city's time zone. */
export interface ScheduleTrigger {
  kind: 'schedule';
  expression: string;
  description: string;
}
/** A Task state of a state machine whose ASL lives in a manifest. */
export interface TaskTrigger {
  kind: 'task';
  stateMachine: string;
  state: string;
}

export type WorkerTrigger = QueueTrigger | ScheduleTrigger | TaskTrigger;

/**
 * Objects of one bucket under one key prefix. `read` covers GetObject and GetObjectVersion (a
 * HeadObject and a presigned download need the same), `write` PutObject (a presigned upload too);
 * `delete` adds DeleteObject. The portal bucket is the deployment's alone: no function touches it.
 */
export interface BucketAccess {
  bucket: Exclude<BucketName, 'portal'>;
  /** Key prefix, e.g. `imports/org-units/`; the grant covers `<prefix>*`. */
  prefix: string;
  access: 'read' | 'write' | 'readwrite';
  delete?: true;
}

/**
 * What a function touches, and so all it may touch: the CDK stack grants exactly this (least
 * privilege) and the IAM test (tests/infra/iam.test.ts) checks it against the calls the function
 * really makes in the integration suite: each is allowed, and each grant is used.
 */
export interface FunctionAccess {
  /** The single table (and its indexes): `read` = GetItem/Query/BatchGetItem, `write` = Put/Update/Delete/BatchWrite/ConditionCheck. */
  table?: 'read' | 'write' | 'readwrite';
  buckets?: BucketAccess[];
  /** Queues it sends messages to (any context's; queue names are global). */
  sendsTo?: QueueName[];
  /** State machines it starts executions of. */
  starts?: string[];
  /** Events it publishes: the plan turns each into sends to the queues subscribed to it. */
  publishes?: readonly EventName[];
  /**
   * Reaches people beyond the platform: e-mail through SES as the notification sender's identity,
   * and the channel providers' secret (VAPID key, SMS/OTT tokens).
   */
  reachesPeople?: true;
  /** Signs links to videos through the portal's CDN: reads the media signing key's secret. */
  signsMediaLinks?: true;
}

export interface WorkerDefinition {
  /** File under `functions/<context>/workers/` exporting `handler`, without extension. */
  file: string;
  description: string;
  trigger: WorkerTrigger;
  timeoutSeconds?: number;
  memoryMb?: number;
  /** Ship shared/pdf's fonts in the bundle (workers that render PDFs). */
  bundlePdfFonts?: boolean;
  /**
   * Ship the OCR runtime (tesseract.js, its core, the Vietnamese model, sharp: infra/ocr-runtime.ts)
   * beside the bundle, outside it: tesseract.js spawns its worker thread from its own files.
   */
  bundleOcr?: boolean;
  /** Signs documents through the signing backend: on AWS, may use the signing KMS keys. */
  signs?: boolean;
  /** Signs verifiable credentials: may use the credentials issuer's Ed25519 key (kms:Sign, kms:GetPublicKey). */
  signsCredentials?: boolean;
  access: FunctionAccess;
}

/** Queues are owned by a context; every queue gets a dead-letter queue. */
export interface QueueDefinition {
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  description: string;
  /**
   * Objects created under `prefix` in `bucket` are announced on this queue (an S3 event
   * notification in AWS; the local cloud forwards s3rver's events the same way).
   */
  objectCreated?: { bucket: BucketName; prefix: string };
  /** Events published by other contexts (shared/events) delivered on this queue too. */
  subscribes?: readonly EventName[];
}

/**
 * A state machine in Amazon States Language (JSONPath). Task states name their resource as
 * `${TaskArn:<worker>}`; the CDK stack substitutes the function ARN and the local cloud maps the
 * same state to the local worker, so both run the very same definition.
 */
export interface StateMachineDefinition {
  description: string;
  definition: Record<string, unknown>;
}

export interface ContextManifest<
  R extends Record<string, RouteDefinition> = Record<string, RouteDefinition>,
> {
  /** Folder name under functions/ */
  name: string;
  description: string;
  routes: R;
  workers: Record<string, WorkerDefinition>;
  queues: Record<string, QueueDefinition>;
  stateMachines: Record<string, StateMachineDefinition>;
  /**
   * The context's API function: extra memory or time, `bundlePdfFonts` ships shared/pdf's fonts
   * with it, and `access` is what its routes touch (required when there are routes).
   */
  api?: { memoryMb?: number; timeoutSeconds?: number; bundlePdfFonts?: boolean; access?: FunctionAccess };
}

/** Queue names are global across contexts: one namespace, checked by tests/unit/manifests. */
export type QueueName = string;

export function defineContext<R extends Record<string, RouteDefinition>>(
  manifest: Omit<ContextManifest<R>, 'workers' | 'queues' | 'stateMachines'> &
    Partial<Pick<ContextManifest<R>, 'workers' | 'queues' | 'stateMachines'>>,
): ContextManifest<R> {
  return { workers: {}, queues: {}, stateMachines: {}, ...manifest };
}

/** `GET /accounts/{accountId}` — the key API Gateway puts in `event.routeKey`. */
export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;

/** `${TaskArn:worker}` placeholders in an ASL definition, in order of appearance. */
export const taskPlaceholder = (worker: string): string => `\${TaskArn:${worker}}`;

export const TASK_PLACEHOLDER = /^\$\{TaskArn:([A-Za-z0-9-]+)\}$/;

/** Naming rule for physical resources shared by CDK and the local cloud. */
export const workerId = (context: string, worker: string): string => `${context}-${worker}`;
