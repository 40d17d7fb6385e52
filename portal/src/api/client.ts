/**
 * Every API call goes through api(): bearer token, Accept-Language, one refresh-and-retry on 401,
 * and RFC 9457 problem+json turned into an ApiProblem the screens can show next to its fields.
 */
import { accessToken, expire, refresh } from '../auth/session.ts';
import { getConfig } from '../config.ts';
import { lang, t } from '../i18n/index.ts';

export interface FieldError {
  in: 'path' | 'query' | 'body' | 'header';
  field: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
    /** The problem's type URI; its last segment names the problem (`…/problems/exam-access-code`). */
    readonly type?: string,
  ) {
    super(detail ?? title);
  }

  /** Whether this is the API's problem of that name (the last segment of its type URI). */
  is(name: string): boolean {
    return this.type?.endsWith(`/${name}`) ?? false;
  }

  /** The message for one form field (dotted path as the API names it). */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.in === 'body' && e.field === field)?.message;
  }

  /** Errors that name no field the form shows. */
  otherErrors(shown: readonly string[]): FieldError[] {
    return this.errors.filter((e) => !(e.in === 'body' && shown.includes(e.field)));
  }
}

/** The network itself failed (offline, DNS, CORS): no HTTP status to show. */
export class NetworkError extends Error {}

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** Sent even if the page is being closed (a last progress report on `pagehide`). */
  keepalive?: boolean;
}

export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 401 && (await refresh())) return parse<T>(await send(path, options));
  if (response.status === 401) expire();
  return parse<T>(response);
}

async function send(path: string, { method = 'GET', body, query, signal, keepalive }: CallOptions) {
  const url = new URL(`${getConfig().apiBase}${path}`, location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': lang() };
  const token = accessToken();
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
      ...(keepalive ? { keepalive } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new NetworkError(String(error));
  }
}

async function parse<T>(response: Response): Promise<T> {
  const type = response.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await response.json().catch(() => undefined) : undefined;
  if (response.ok) return payload as T;
  const problem = (payload ?? {}) as {
    type?: string;
    title?: string;
    detail?: string;
    errors?: FieldError[];
  };
  throw new ApiProblem(
    response.status,
    problem.title ?? response.statusText,
    problem.detail,
    Array.isArray(problem.errors) ? problem.errors : [],
    problem.type,
  );
}

/** An upload link the API hands out: a presigned S3 POST form (shared/storage/upload-link.ts). */
export interface UploadLink {
  method: 'POST';
  url: string;
  fields: Record<string, string>;
  maxBytes: number;
  expiresInSeconds: number;
}

/**
 * POSTs a file to an upload link as multipart form data: the signed fields first, the file last
 * (S3 ignores fields after it). The form's policy makes S3 refuse another type or size; a file
 * over the limit is refused here first, with the limit in the message.
 */
export async function uploadFile(upload: UploadLink, file: Blob) {
  if (file.size > upload.maxBytes)
    throw new ApiProblem(413, t('upload.tooLarge', { mb: Math.floor(upload.maxBytes / 1024 / 1024) }));
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', file);
  const posted = await fetch(upload.url, { method: 'POST', body: form });
  if (!posted.ok) throw new ApiProblem(posted.status, t('upload.refused', { status: posted.status }));
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
