/**
 * Helpers for the chaos project. The functions run with a share of their AWS calls faulted; what
 * reaches the caller after the SDK's retries is a 5xx now and then, which a client retries — so
 * does `call` here (and counts it). Every test then checks the final state against what it sent.
 */
import { expect } from 'vitest';
import type { ChaosFigures } from '../../infra/local/chaos.ts';
import { type ApiResponse, api, cloud, postUpload, type UploadLink, until } from './cloud.ts';

const retried = { calls: 0 };

/** `api`, retried on a 5xx (as the portal's user would retry) up to four times. */
export async function call<T = Record<string, unknown>>(
  path: string,
  options: Parameters<typeof api>[1] = {},
): Promise<ApiResponse<T>> {
  for (let attempt = 1; ; attempt++) {
    const res = await api<T>(path, options);
    if (res.status < 500 || attempt === 5) return res;
    retried.calls++;
    await new Promise((r) => setTimeout(r, 200 * attempt));
  }
}

export const chaosFigures = async (): Promise<ChaosFigures> =>
  (await (await fetch(`${cloud().apiUrl}/_local/chaos`)).json()) as ChaosFigures;

/** POSTs a file with a presigned upload form (those pass the chaos proxy untouched). */
export async function putUpload(upload: Pick<UploadLink, 'url' | 'fields'>, bytes: Uint8Array) {
  const sent = await postUpload(upload, bytes);
  expect(sent.status).toBeLessThan(300);
}

/** Polls a GET (5xx retried) until `done` says the work is finished. */
export function waitFor<T>(
  path: string,
  as: string,
  done: (body: T) => boolean,
  timeoutMs = 90_000,
): Promise<T> {
  return until(async () => {
    const res = await call<T>(path, { as });
    return res.status === 200 && done(res.body) ? res.body : undefined;
  }, timeoutMs);
}

/**
 * Runs `flow` and prints what the chaos did meanwhile (the files run one after another, so the
 * figures are this flow's).
 */
export async function underChaos<T>(name: string, flow: () => Promise<T>): Promise<T> {
  const before = await chaosFigures();
  const retriedBefore = retried.calls;
  const result = await flow();
  const after = await chaosFigures();
  expect(after.armed).toBe(true);
  const calls = (f: ChaosFigures) => f.calls.dynamodb + f.calls.s3 + f.calls.sqs;
  const kinds = Object.entries(after.faults)
    .map(([k, n]) => [k, n - (before.faults[k] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(
    `[chaos] ${name}: ${calls(after) - calls(before)} calls, ${after.faulted - before.faulted} faulted (${kinds || 'none'}); ` +
      `SDK retries ${after.sdkRetries - before.sdkRetries}, errors past them ${after.surfaced - before.surfaced}, ` +
      `batch items withheld ${after.partial.withheld - before.partial.withheld} / sent again ${after.partial.resent - before.partial.resent}; ` +
      `API calls retried by the client ${retried.calls - retriedBefore}`,
  );
  return result;
}

/**
 * Points this test process's SDK clients at the emulators themselves, past the chaos proxies:
 * the harness sets up and inspects; only the functions meet the faults.
 */
export function useEmulatorsDirectly() {
  const { env, endpoints } = cloud();
  Object.assign(process.env, env, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    QUEUE_URLS: env.QUEUE_URLS!.replaceAll(cloud().chaos!.endpoints.sqs, endpoints.sqs),
  });
}
