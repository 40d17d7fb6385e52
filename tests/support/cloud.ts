/** Helpers for tests that talk to the local cloud started by local-cloud-setup.ts. */
import { inject } from 'vitest';
import { fetchDevCitizenToken, fetchDevToken } from '../../infra/local/dev-token.ts';

export const cloud = () => inject('cloud');

const tokens = new Map<string, Promise<string>>();
export const tokenFor = (username: string): Promise<string> => {
  let token = tokens.get(username);
  if (!token) {
    token = fetchDevToken(cloud().issuer, username);
    tokens.set(username, token);
  }
  return token;
};

/** A VNeID access token for a demo citizen (infra/local/demo-citizens.ts), by subject. */
export const citizenTokenFor = (citizen: string): Promise<string> => {
  const key = `vneid:${citizen}`;
  let token = tokens.get(key);
  if (!token) {
    token = fetchDevCitizenToken(cloud().vneid.issuer, citizen);
    tokens.set(key, token);
  }
  return token;
};

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the local API as `as` (a demo account) or anonymously. */
export async function api<T = Record<string, unknown>>(
  path: string,
  options: { as?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) headers.authorization = `Bearer ${await tokenFor(options.as)}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${cloud().apiUrl}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/** An upload link as the API hands it out (shared/storage/upload-link.ts). */
export interface UploadLink {
  method: 'POST';
  url: string;
  fields: Record<string, string>;
  maxBytes: number;
  expiresInSeconds: number;
}

/** Sends a file through an upload link as the portal does: multipart, the fields first, the file last. */
export function postUpload(
  upload: Pick<UploadLink, 'url' | 'fields'>,
  file: Uint8Array | ArrayBuffer | Blob,
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', file instanceof Blob ? file : new Blob([new Uint8Array(file)]));
  return fetch(upload.url, { method: 'POST', body: form });
}

/** Points this test process's SDK clients at the local cloud's emulators and resources. */
export function useCloudEnvironment() {
  Object.assign(process.env, cloud().env);
}

export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Polls `probe` until it returns a value (a worker finishing), or fails after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting for the worker');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
