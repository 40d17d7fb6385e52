/**
 * A signed call to an AWS service that speaks the JSON 1.1 protocol, for the two the platform
 * calls without an SDK client in its dependencies: Application Auto Scaling (the exams context
 * schedules provisioned concurrency around an exam) and Service Quotas (the readiness check reads
 * them). Signed with SigV4 and the default credential chain, as an SDK client would be; the
 * endpoint is the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>` when set (the local cloud's), else
 * the Region's. Each call is told to the AWS-call observer, so the local cloud records it for the
 * IAM test like any SDK command. Replace with `@aws-sdk/client-application-auto-scaling` and
 * `@aws-sdk/client-service-quotas` once they are dependencies.
 */
import { createHash, createHmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { observeCall } from '../observability/aws-calls.ts';

export interface JsonService {
  /** How the SDK names its client (`ApplicationAutoScalingClient`): the IAM recorder maps by it. */
  client: string;
  /** SigV4 signing name and host prefix. */
  signingName: string;
  host: string;
  /** X-Amz-Target's prefix. */
  targetPrefix: string;
  /** The standard endpoint variable. */
  endpointVariable: string;
}

export const APPLICATION_AUTO_SCALING: JsonService = {
  client: 'ApplicationAutoScalingClient',
  signingName: 'application-autoscaling',
  host: 'application-autoscaling',
  targetPrefix: 'AnyScaleFrontendService',
  endpointVariable: 'AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING',
};

export const SERVICE_QUOTAS: JsonService = {
  client: 'ServiceQuotasClient',
  signingName: 'servicequotas',
  host: 'servicequotas',
  targetPrefix: 'ServiceQuotasV20190624',
  endpointVariable: 'AWS_ENDPOINT_URL_SERVICE_QUOTAS',
};

export class AwsJsonError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(`${code}: ${message}`);
  }
}

class Sha256 {
  private readonly hash;
  constructor(secret?: unknown) {
    this.hash = secret ? createHmac('sha256', Buffer.from(secret as Uint8Array)) : createHash('sha256');
  }
  update(data: Uint8Array | string) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const credentials = defaultProvider();

export async function callJsonApi<T = Record<string, unknown>>(
  service: JsonService,
  action: string,
  input: Record<string, unknown>,
  region = process.env.AWS_REGION ?? 'ap-southeast-1',
): Promise<T> {
  const endpoint = new URL(
    process.env[service.endpointVariable] ?? `https://${service.host}.${region}.amazonaws.com/`,
  );
  const body = JSON.stringify(input);
  const signer = new SignatureV4({ service: service.signingName, region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: endpoint.pathname,
    query: {},
    headers: {
      host: endpoint.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `${service.targetPrefix}.${action}`,
    },
    body,
  });
  const call = { client: service.client, command: `${action}Command`, input };
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: signed.headers as Record<string, string>,
    body,
  });
  const text = await res.text();
  const answer = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!res.ok) {
    observeCall(call);
    const type = String(answer.__type ?? answer.code ?? res.status);
    throw new AwsJsonError(
      type.split('#').at(-1)!,
      String(answer.message ?? answer.Message ?? ''),
      res.status,
    );
  }
  observeCall({ ...call, output: { ...answer, $metadata: {} } });
  return answer as T;
}
