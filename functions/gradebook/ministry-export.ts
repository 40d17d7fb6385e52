/**
 * The ministry's transcript store (học bạ số): each signed transcript — a learner's PDF and XML
 * for a school year and grade — is handed to the Ministry's store, keyed by the learner's personal
 * ID (số định danh cá nhân, 12 digits). Two adapters behind one interface, chosen by
 * `transcriptStore()`:
 *
 * - **HTTP** (`MINISTRY_TRANSCRIPT_URL`, bearer `MINISTRY_TRANSCRIPT_TOKEN`): one `POST` of JSON,
 *   the documents Base64 beside their SHA-256. JSON rather than multipart: a transcript's PDF and
 *   XML are a few hundred KB, the hashes and metadata travel in the same object they describe, and
 *   a retry resends byte-identical content. `Idempotency-Key` = SHA-256 (hex) of personal ID +
 *   school year + PDF SHA-256, so a retry — or the same transcript sent again — is one record at
 *   the ministry, while a re-issued transcript (another PDF) is a new one. 429, 5xx, timeouts and
 *   network failures are retried up to 3 times with exponential backoff and jitter (a 429's or
 *   503's `Retry-After` is honoured, up to a cap); any other 4xx is permanent, with the message of
 *   the answer's body.
 * - **Folder** (`MINISTRY_TRANSCRIPT_DIR`): `<dir>/<personalId>/<schoolYear>.pdf|.xml|.json`, for
 *   the local cloud and a deployment before the ministry's endpoint exists.
 *
 * Neither set: `undefined` — the export is off. The personal ID goes to the ministry and onto the
 * folder's paths, never into a log line or an error message (a ministry error quoting it is
 * redacted; file-system errors are reported without their path).
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logger } from '#shared/observability/logger.ts';

export interface TranscriptDocuments {
  pdf: Uint8Array;
  xml: Uint8Array;
  /** Hex SHA-256 of `pdf`. */
  pdfSha256: string;
  /** Hex SHA-256 of `xml`. */
  xmlSha256: string;
}

export interface TranscriptExport {
  /** The learner's personal ID (12 digits): the ministry's key. */
  personalId: string;
  /** `2026-2027`. */
  schoolYear: string;
  grade: number;
  schoolCode: string;
  documents: TranscriptDocuments;
  /** ISO 8601. */
  issuedAt: string;
}

export interface TranscriptStore {
  put(payload: TranscriptExport): Promise<{ receipt: string }>;
}

/** An export that failed; `permanent` ones will fail again unchanged (a 4xx, an invalid export). */
export class TranscriptExportError extends Error {
  override readonly name = 'TranscriptExportError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

const hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The Idempotency-Key: SHA-256 (hex) of personal ID + school year + the PDF's SHA-256. */
export const idempotencyKey = (payload: Pick<TranscriptExport, 'personalId' | 'schoolYear' | 'documents'>) =>
  hex(`${payload.personalId}${payload.schoolYear}${payload.documents.pdfSha256.toLowerCase()}`);

/** What may be logged of an export: never the personal ID. */
const logged = (payload: TranscriptExport) => ({
  schoolCode: payload.schoolCode,
  schoolYear: payload.schoolYear,
  grade: payload.grade,
});

/** A permanent error unless the export is well formed and its hashes are its documents'. */
export function checkExport(payload: TranscriptExport) {
  const refuse = (why: string) => new TranscriptExportError(`Transcript export refused: ${why}`, true);
  if (!/^\d{12}$/.test(payload.personalId)) throw refuse('the personal ID is not 12 digits');
  const year = /^(\d{4})-(\d{4})$/.exec(payload.schoolYear);
  if (!year || Number(year[2]) !== Number(year[1]) + 1)
    throw refuse(`the school year ${JSON.stringify(payload.schoolYear)} is not like 2026-2027`);
  if (!Number.isInteger(payload.grade) || payload.grade < 1 || payload.grade > 12)
    throw refuse(`grade ${payload.grade} is not 1–12`);
  if (!/^[\w.-]{1,64}$/.test(payload.schoolCode))
    throw refuse('the school code is empty or has odd characters');
  if (Number.isNaN(Date.parse(payload.issuedAt))) throw refuse('issuedAt is not a date');
  const { documents } = payload;
  if (hex(documents.pdf) !== documents.pdfSha256.toLowerCase()) throw refuse('the PDF is not the one hashed');
  if (hex(documents.xml) !== documents.xmlSha256.toLowerCase()) throw refuse('the XML is not the one hashed');
}

/** The message without the personal ID, or any other 12-digit number, in it. */
const redact = (text: string, personalId: string) =>
  text
    .split(personalId)
    .join('[personal ID]')
    .replace(/(?<!\d)\d{12}(?!\d)/g, '[12 digits]');

/** The message of an error answer: problem+json, `{message}`, `{error, error_description}`, or the text. */
function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const parts = [body.title, body.detail, body.message, body.error, body.error_description].filter(
      (part): part is string => typeof part === 'string' && part.length > 0,
    );
    if (parts.length > 0) return parts.join(' — ');
  } catch {
    // not JSON: the text itself
  }
  return text.trim().slice(0, 300) || 'no message';
}

/** Seconds or an HTTP date, in ms; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface HttpTranscriptStoreOptions {
  /** The ministry's endpoint; HTTPS (plain HTTP on loopback only). */
  url: string;
  /** The bearer token, or a function giving a current one. */
  token: string | (() => Promise<string>);
  /** Retries after the first attempt (429, 5xx, timeouts, network); default 3. */
  retries?: number;
  /** First backoff; doubled each retry, with full jitter; default 1 s. */
  backoffMs?: number;
  /** Longest wait between attempts, a `Retry-After` included; default 30 s. */
  maxBackoffMs?: number;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function httpTranscriptStore(options: HttpTranscriptStoreOptions): TranscriptStore {
  const url = new URL(options.url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    throw new TranscriptExportError('The ministry transcript store must be reached over HTTPS', true);
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const token = typeof options.token === 'string' ? async () => options.token as string : options.token;

  return {
    async put(payload) {
      checkExport(payload);
      const key = idempotencyKey(payload);
      const { documents } = payload;
      const body = JSON.stringify({
        personalId: payload.personalId,
        schoolYear: payload.schoolYear,
        grade: payload.grade,
        schoolCode: payload.schoolCode,
        issuedAt: payload.issuedAt,
        documents: {
          pdf: Buffer.from(documents.pdf).toString('base64'),
          xml: Buffer.from(documents.xml).toString('base64'),
          pdfSha256: documents.pdfSha256.toLowerCase(),
          xmlSha256: documents.xmlSha256.toLowerCase(),
        },
      });
      for (let attempt = 0; ; attempt++) {
        let failure: TranscriptExportError;
        let wait: number | undefined;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${await token()}`,
              'content-type': 'application/json',
              accept: 'application/json',
              'idempotency-key': key,
            },
            body,
            signal: AbortSignal.timeout(timeoutMs),
          });
          const text = await response.text();
          if (response.ok) {
            let receipt: unknown;
            try {
              receipt = (JSON.parse(text) as { receipt?: unknown }).receipt;
            } catch {
              receipt = undefined;
            }
            if (typeof receipt !== 'string' || !receipt)
              throw new TranscriptExportError(
                `The ministry transcript store answered HTTP ${response.status} without a receipt`,
                true,
                response.status,
              );
            return { receipt };
          }
          const message = redact(messageOf(text), payload.personalId);
          const transient = response.status === 429 || response.status >= 500;
          failure = new TranscriptExportError(
            `The ministry transcript store answered HTTP ${response.status}: ${message}`,
            !transient,
            response.status,
          );
          if (!transient) throw failure;
          wait = retryAfterMs(response.headers.get('retry-after'));
        } catch (error) {
          if (error instanceof TranscriptExportError && error.permanent) throw error;
          failure =
            error instanceof TranscriptExportError
              ? error
              : new TranscriptExportError(
                  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
                    ? `The ministry transcript store did not answer within ${timeoutMs} ms`
                    : `The ministry transcript store could not be reached (${(error as Error).message})`,
                  false,
                );
        }
        if (attempt >= retries) throw failure;
        const delay = Math.min(maxBackoffMs, wait ?? Math.random() * backoffMs * 2 ** attempt);
        logger.warn('Transcript export retried', {
          ...logged(payload),
          attempt: attempt + 1,
          status: failure.status,
          delayMs: Math.round(delay),
        });
        await sleep(delay);
      }
    },
  };
}

/** Writes to a temporary name, then renames: a reader never sees half a file. */
async function writeWhole(file: string, bytes: Uint8Array | string) {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, bytes, { mode: 0o600 });
  await rename(temporary, file);
}

/** `<dir>/<personalId>/<schoolYear>.pdf|.xml|.json`; the JSON (metadata, hashes, receipt) last. */
export function folderTranscriptStore(dir: string): TranscriptStore {
  return {
    async put(payload) {
      checkExport(payload);
      const key = idempotencyKey(payload);
      const receipt = `local:${key}`;
      const folder = join(dir, payload.personalId);
      const base = join(folder, payload.schoolYear);
      const { pdf, xml, ...hashes } = payload.documents;
      try {
        await mkdir(folder, { recursive: true, mode: 0o700 });
        await writeWhole(`${base}.pdf`, pdf);
        await writeWhole(`${base}.xml`, xml);
        await writeWhole(
          `${base}.json`,
          `${JSON.stringify(
            {
              personalId: payload.personalId,
              schoolYear: payload.schoolYear,
              grade: payload.grade,
              schoolCode: payload.schoolCode,
              issuedAt: payload.issuedAt,
              documents: hashes,
              idempotencyKey: key,
              receipt,
            },
            null,
            2,
          )}\n`,
        );
      } catch (error) {
        // The path holds the personal ID: the error says what failed, not where.
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
        throw new TranscriptExportError(`The transcript folder could not be written (${code})`, false);
      }
      return { receipt };
    },
  };
}

/**
 * The store this deployment exports to: the ministry's HTTP endpoint (`MINISTRY_TRANSCRIPT_URL`
 * with `MINISTRY_TRANSCRIPT_TOKEN`), else a folder (`MINISTRY_TRANSCRIPT_DIR`), else none — the
 * export is off.
 */
export function transcriptStore(env: NodeJS.ProcessEnv = process.env): TranscriptStore | undefined {
  if (env.MINISTRY_TRANSCRIPT_URL) {
    if (!env.MINISTRY_TRANSCRIPT_TOKEN)
      throw new TranscriptExportError(
        'MINISTRY_TRANSCRIPT_URL is set without MINISTRY_TRANSCRIPT_TOKEN',
        true,
      );
    return httpTranscriptStore({ url: env.MINISTRY_TRANSCRIPT_URL, token: env.MINISTRY_TRANSCRIPT_TOKEN });
  }
  if (env.MINISTRY_TRANSCRIPT_DIR) return folderTranscriptStore(env.MINISTRY_TRANSCRIPT_DIR);
  return undefined;
}
