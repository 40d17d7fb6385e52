/**
 * Faults injected between the functions and the emulators (`npm start -- --chaos RATE`, and the
 * chaos test project). One HTTP proxy per service forwards to DynamoDB Local, s3rver and
 * local-aws-sqs and answers a share RATE of the calls instead with what AWS answers under load:
 * throttling errors and 500s in each protocol's own error format, and — the faults the SDK does
 * not retry — BatchWriteItem with `UnprocessedItems`, BatchGetItem with `UnprocessedKeys` and
 * SendMessageBatch with `Failed` entries (only part of the batch is forwarded). A seeded PRNG
 * picks the calls, so a rate and seed give the same kind of run each time.
 *
 * The handlers reach the proxies through AWS_ENDPOINT_URL_*; the local cloud's own plumbing
 * (seeding, queue pollers, S3 notifications) and the test harness talk to the emulators directly,
 * as AWS's side of an event source mapping does not go through the function's network.
 */

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { randomFrom } from '../../functions/exams/domain/random.ts';

export type ChaosService = 'dynamodb' | 's3' | 'sqs';

export interface ChaosFigures {
  rate: number;
  seed: number;
  /** False until the demo data is in: only then are calls faulted and counted. */
  armed: boolean;
  /** Calls the functions made, per service (every SDK attempt counts). */
  calls: Record<ChaosService, number>;
  /** Calls answered with a fault, by kind (`dynamodb:throttling`, `sqs:partial-batch`…). */
  faults: Record<string, number>;
  faulted: number;
  /** Attempts the SDK made again after an error (its `amz-sdk-request: attempt=N` header, N > 1). */
  sdkRetries: number;
  /** Faults on the SDK's last attempt: errors that reached the functions' code. */
  surfaced: number;
  /**
   * Items a partial answer left out (batch writes, batch-get keys, batch messages); `resent` of
   * them came back in a later call, `outstanding` never did — items lost, unless redelivery
   * re-made them with different contents.
   */
  partial: { withheld: number; resent: number; outstanding: number };
}

export interface Chaos {
  endpoints: Record<ChaosService, string>;
  /** Faults start here (the local cloud arms it once the demo data is written); calls count from here. */
  arm(): void;
  figures(): ChaosFigures;
  stop(): Promise<void>;
}

interface Fault {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const hashOf = (value: unknown) => createHash('sha1').update(JSON.stringify(value)).digest('base64');

/**
 * Starts the three proxies on free ports in front of `targets` (the emulators' endpoints).
 * `rate` is the share of calls faulted (0…1).
 */
export async function startChaos(
  targets: Record<ChaosService, string>,
  options: { rate: number; seed?: number },
): Promise<Chaos> {
  if (!(options.rate >= 0 && options.rate <= 1))
    throw new Error(`--chaos wants a rate from 0 to 1, not ${options.rate}`);
  const seed = options.seed ?? 17;
  let armed = false;
  const random = randomFrom(seed);
  const chance = (p: number) => random() < p;
  const faultNow = () => armed && chance(options.rate);
  // Batch calls are few, and their partial answers are the faults our code must handle itself
  // (the SDK does not retry them): they get one at three times the rate.
  const partialNow = () => armed && chance(Math.min(1, 3 * options.rate));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const calls: Record<ChaosService, number> = { dynamodb: 0, s3: 0, sqs: 0 };
  const faults: Record<string, number> = {};
  let sdkRetries = 0;
  let surfaced = 0;
  const withheld = new Map<string, number>();
  const partial = { withheld: 0, resent: 0 };

  const countFault = (service: ChaosService, kind: string) => {
    const key = `${service}:${kind}`;
    faults[key] = (faults[key] ?? 0) + 1;
  };
  const withhold = (value: unknown) => {
    const key = hashOf(value);
    withheld.set(key, (withheld.get(key) ?? 0) + 1);
    partial.withheld++;
  };
  const noteSent = (value: unknown) => {
    const key = hashOf(value);
    const n = withheld.get(key);
    if (!n) return;
    partial.resent++;
    if (n === 1) withheld.delete(key);
    else withheld.set(key, n - 1);
  };

  /** Splits `list` in two: a random part forwarded, the rest (at least one) withheld. */
  const split = <T>(list: T[]): [forwarded: T[], held: T[]] => {
    const held = list.filter(() => chance(0.5));
    if (held.length === 0 && list.length > 0) held.push(pick(list));
    return [list.filter((x) => !held.includes(x)), held];
  };

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Forwards to the emulator; `body` replaces the request's (already read) body when given. */
  function forward(
    target: URL,
    req: IncomingMessage,
    body: Buffer | undefined,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers };
      if (body) headers['content-length'] = String(body.length);
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      upstream.on('error', reject);
      if (body) upstream.end(body);
      else req.pipe(upstream);
    });
  }

  function reply(
    res: ServerResponse,
    status: number,
    headers: IncomingMessage['headers'],
    body: Buffer | string,
  ) {
    const out = { ...headers };
    delete out['transfer-encoding'];
    out['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(status, out);
    res.end(body);
  }

  const json = (
    status: number,
    type: string,
    message: string,
    extra: Record<string, string> = {},
  ): Fault => ({
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0', ...extra },
    body: JSON.stringify({ __type: type, message }),
  });

  // The error types DynamoDB sends under load (both are retried by the SDK as throttling).
  const dynamoFaults = {
    throttling: () =>
      pick([
        json(
          400,
          'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
        ),
        json(
          400,
          'com.amazonaws.dynamodb.v20120810#ThrottlingException',
          'Throughput exceeds the current capacity of your table or index.',
        ),
      ]),
    'server-error': () =>
      json(
        500,
        'com.amazonaws.dynamodb.v20120810#InternalServerError',
        'Internal server error (injected by --chaos)',
      ),
  };
  const sqsFaults = {
    throttling: () =>
      json(400, 'com.amazonaws.sqs#RequestThrottled', 'Request is throttled.', {
        'x-amzn-query-error': 'RequestThrottled;Sender',
      }),
    'server-error': () =>
      json(500, 'com.amazonaws.sqs#InternalError', 'We encountered an internal error. Please try again.', {
        'x-amzn-query-error': 'InternalError;Receiver',
      }),
  };
  const s3Error = (status: number, code: string, message: string): Fault => ({
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>CHAOS</RequestId></Error>`,
  });
  const s3Faults = {
    'slow-down': () => s3Error(503, 'SlowDown', 'Please reduce your request rate.'),
    'server-error': () =>
      s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'),
  };

  /** The SDK's attempt counter, from `amz-sdk-request: attempt=2; max=3`. */
  function attemptOf(req: IncomingMessage): { attempt: number; last: boolean } {
    const header = String(req.headers['amz-sdk-request'] ?? '');
    const attempt = Number(/attempt=(\d+)/.exec(header)?.[1] ?? 1);
    const max = Number(/max=(\d+)/.exec(header)?.[1] ?? 1);
    return { attempt, last: attempt >= max };
  }

  function answerFault(
    res: ServerResponse,
    service: ChaosService,
    kind: string,
    fault: Fault,
    last: boolean,
  ) {
    countFault(service, kind);
    if (last) surfaced++;
    reply(res, fault.status, fault.headers, fault.body);
  }

  type Handle = (req: IncomingMessage, res: ServerResponse, target: URL) => Promise<void>;

  const dynamodb: Handle = async (req, res, target) => {
    const body = await readBody(req);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const { last } = attemptOf(req);
    const input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    if (operation === 'BatchWriteItem') {
      const items = input.RequestItems as Record<string, unknown[]>;
      for (const list of Object.values(items)) for (const r of list) noteSent(r);
    }
    if (operation === 'BatchGetItem') {
      const items = input.RequestItems as Record<string, { Keys: unknown[] }>;
      for (const [table, t] of Object.entries(items)) for (const k of t.Keys) noteSent([table, k]);
    }
    const partial = ['BatchWriteItem', 'BatchGetItem'].includes(operation) && partialNow();
    if (!partial && !faultNow()) {
      const answer = await forward(target, req, body);
      return reply(res, answer.status, answer.headers, answer.body);
    }
    if (partial && operation === 'BatchWriteItem') {
      const items = input.RequestItems as Record<string, unknown[]>;
      const forwarded: Record<string, unknown[]> = {};
      const unprocessed: Record<string, unknown[]> = {};
      for (const [table, list] of Object.entries(items)) {
        const [f, h] = split(list);
        if (f.length) forwarded[table] = f;
        if (h.length) unprocessed[table] = h;
        for (const r of h) withhold(r);
      }
      countFault('dynamodb', 'unprocessed-items');
      let merged: Record<string, unknown[]> = unprocessed;
      if (Object.keys(forwarded).length) {
        const answer = await forward(
          target,
          req,
          Buffer.from(JSON.stringify({ ...input, RequestItems: forwarded })),
        );
        if (answer.status !== 200) return reply(res, answer.status, answer.headers, answer.body);
        const out = JSON.parse(answer.body.toString('utf8')) as {
          UnprocessedItems?: Record<string, unknown[]>;
        };
        merged = { ...unprocessed };
        for (const [table, list] of Object.entries(out.UnprocessedItems ?? {}))
          merged[table] = [...(merged[table] ?? []), ...list];
      }
      return reply(
        res,
        200,
        { 'content-type': 'application/x-amz-json-1.0' },
        JSON.stringify({ UnprocessedItems: merged }),
      );
    }
    if (partial && operation === 'BatchGetItem') {
      const items = input.RequestItems as Record<string, Record<string, unknown> & { Keys: unknown[] }>;
      const forwarded: typeof items = {};
      const unprocessed: typeof items = {};
      for (const [table, t] of Object.entries(items)) {
        const [f, h] = split(t.Keys);
        if (f.length) forwarded[table] = { ...t, Keys: f };
        if (h.length) unprocessed[table] = { ...t, Keys: h };
        for (const k of h) withhold([table, k]);
      }
      countFault('dynamodb', 'unprocessed-keys');
      let responses: Record<string, unknown[]> = Object.fromEntries(Object.keys(items).map((t) => [t, []]));
      if (Object.keys(forwarded).length) {
        const answer = await forward(
          target,
          req,
          Buffer.from(JSON.stringify({ ...input, RequestItems: forwarded })),
        );
        if (answer.status !== 200) return reply(res, answer.status, answer.headers, answer.body);
        const out = JSON.parse(answer.body.toString('utf8')) as {
          Responses?: Record<string, unknown[]>;
          UnprocessedKeys?: typeof items;
        };
        responses = { ...responses, ...out.Responses };
        for (const [table, t] of Object.entries(out.UnprocessedKeys ?? {}))
          unprocessed[table] = { ...t, Keys: [...(unprocessed[table]?.Keys ?? []), ...t.Keys] };
      }
      return reply(
        res,
        200,
        { 'content-type': 'application/x-amz-json-1.0' },
        JSON.stringify({ Responses: responses, UnprocessedKeys: unprocessed }),
      );
    }
    const kind = chance(0.6) ? 'throttling' : 'server-error';
    answerFault(res, 'dynamodb', kind, dynamoFaults[kind](), last);
  };

  const sqs: Handle = async (req, res, target) => {
    const body = await readBody(req);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const { last } = attemptOf(req);
    const input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    type Entry = { Id: string; MessageBody: string };
    if (operation === 'SendMessageBatch') for (const e of input.Entries as Entry[]) noteSent(e.MessageBody);
    const partial = operation === 'SendMessageBatch' && partialNow();
    if (!partial && !faultNow()) {
      const answer = await forward(target, req, body);
      return reply(res, answer.status, answer.headers, answer.body);
    }
    if (partial) {
      const [forwarded, held] = split(input.Entries as Entry[]);
      for (const e of held) withhold(e.MessageBody);
      countFault('sqs', 'partial-batch');
      let out: { Successful: unknown[]; Failed: unknown[] } = { Successful: [], Failed: [] };
      if (forwarded.length) {
        const answer = await forward(
          target,
          req,
          Buffer.from(JSON.stringify({ ...input, Entries: forwarded })),
        );
        if (answer.status !== 200) return reply(res, answer.status, answer.headers, answer.body);
        const parsed = JSON.parse(answer.body.toString('utf8')) as Partial<typeof out>;
        out = { Successful: parsed.Successful ?? [], Failed: parsed.Failed ?? [] };
      }
      out.Failed.push(
        ...held.map((e) => ({
          Id: e.Id,
          SenderFault: false,
          Code: 'InternalError',
          Message: 'Injected by --chaos',
        })),
      );
      return reply(res, 200, { 'content-type': 'application/x-amz-json-1.0' }, JSON.stringify(out));
    }
    const kind = chance(0.6) ? 'throttling' : 'server-error';
    answerFault(res, 'sqs', kind, sqsFaults[kind](), last);
  };

  const s3: Handle = async (req, res, target) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const { last } = attemptOf(req);
    // Presigned URLs are used by browsers and the test harness, not by the functions: passed as is.
    const presigned =
      url.searchParams.has('X-Amz-Signature') ||
      (req.method === 'POST' && String(req.headers['content-type'] ?? '').startsWith('multipart/form-data'));
    if (presigned || !faultNow()) {
      const answer = await forward(target, req, undefined);
      return reply(res, answer.status, answer.headers, answer.body);
    }
    req.resume();
    const kind = chance(0.6) ? 'slow-down' : 'server-error';
    answerFault(res, 's3', kind, s3Faults[kind](), last);
  };

  const handlers: Record<ChaosService, Handle> = { dynamodb, s3, sqs };
  const servers: Server[] = [];
  const endpoints = {} as Record<ChaosService, string>;
  for (const service of Object.keys(handlers) as ChaosService[]) {
    const target = new URL(targets[service]);
    const server = createServer((req, res) => {
      const presigned =
        service === 's3' && new URL(req.url ?? '/', 'http://local').searchParams.has('X-Amz-Signature');
      if (armed && !presigned) calls[service]++;
      if (armed && attemptOf(req).attempt > 1) sdkRetries++;
      handlers[service](req, res, target).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`The chaos proxy could not reach ${service}: ${(error as Error).message}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    endpoints[service] = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    servers.push(server);
  }

  return {
    endpoints,
    arm: () => {
      armed = true;
    },
    figures: () => {
      const outstanding = [...withheld.values()].reduce((a, b) => a + b, 0);
      return {
        rate: options.rate,
        seed,
        armed,
        calls: { ...calls },
        faults: { ...faults },
        faulted: Object.values(faults).reduce((a, b) => a + b, 0),
        sdkRetries,
        surfaced,
        partial: { ...partial, outstanding },
      };
    },
    stop: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

/** The figures as a few lines for a terminal. */
export function describeChaos(f: ChaosFigures): string {
  const calls = f.calls.dynamodb + f.calls.s3 + f.calls.sqs;
  const kinds = Object.entries(f.faults)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `chaos at rate ${f.rate} (seed ${f.seed}): ${calls} calls (DynamoDB ${f.calls.dynamodb}, S3 ${f.calls.s3}, SQS ${f.calls.sqs}), ${f.faulted} faulted`,
    `  faults: ${kinds || 'none'}`,
    `  SDK retries ${f.sdkRetries}; errors past the SDK's retries ${f.surfaced}`,
    `  batch items withheld ${f.partial.withheld}, sent again ${f.partial.resent}, never sent again ${f.partial.outstanding}`,
  ].join('\n');
}
