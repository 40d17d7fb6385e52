/**
 * The ministry transcript export (functions/gradebook/ministry-export.ts): the HTTP adapter
 * against a local node:http endpoint — retries on 503 and 429, one idempotency key across them,
 * a 400 final with the body's message (the personal ID redacted) — the folder sink, and the
 * choice by environment. The personal ID never reaches a log line.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  folderTranscriptStore,
  httpTranscriptStore,
  idempotencyKey,
  type TranscriptExport,
  TranscriptExportError,
  transcriptStore,
} from '../../functions/gradebook/ministry-export.ts';
import { logger } from '../../shared/observability/logger.ts';

const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const PERSONAL_ID = '031210004567';

function transcript(pdfText = '%PDF-1.7 học bạ lớp 10'): TranscriptExport {
  const pdf = new TextEncoder().encode(pdfText);
  const xml = new TextEncoder().encode('<hocBa><lop>10</lop></hocBa>');
  return {
    personalId: PERSONAL_ID,
    schoolYear: '2026-2027',
    grade: 10,
    schoolCode: 'THPT-TRANPHU',
    documents: { pdf, xml, pdfSha256: sha(pdf), xmlSha256: sha(xml) },
    issuedAt: '2027-05-31T03:00:00.000Z',
  };
}

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** Answers each request with the next scripted reply (the last one repeats). */
let script: ((res: ServerResponse) => void)[] = [];
let received: Received[] = [];
let url: string;
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
  const next = script.length > 1 ? script.shift()! : script[0]!;
  next(res);
});
const answer =
  (status: number, body: object | string, headers: Record<string, string> = {}) =>
  (res: ServerResponse) => {
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
      ...headers,
    });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

const store = () => httpTranscriptStore({ url, token: 'ministry-token', backoffMs: 5 });

describe('ministry transcript export', () => {
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hocba/v1/transcripts`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    script = [];
    received = [];
    vi.restoreAllMocks();
  });

  it('retries a 503 with backoff, then succeeds, with one idempotency key and never logs the personal ID', async () => {
    const warn = vi.spyOn(logger, 'warn');
    script = [
      answer(503, { message: 'Hệ thống bận' }),
      answer(503, 'upstream down'),
      answer(201, { receipt: 'MOET-2027-000123' }),
    ];
    const payload = transcript();
    await expect(store().put(payload)).resolves.toEqual({ receipt: 'MOET-2027-000123' });

    expect(received).toHaveLength(3);
    const keys = received.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe(sha(`${PERSONAL_ID}2026-2027${payload.documents.pdfSha256}`));
    expect(received[0]!.headers.authorization).toBe('Bearer ministry-token');
    expect(received[0]!.headers['content-type']).toBe('application/json');
    const sent = received[0]!.body as { documents: Record<string, string> } & Record<string, unknown>;
    expect(sent).toMatchObject({
      personalId: PERSONAL_ID,
      schoolYear: '2026-2027',
      grade: 10,
      schoolCode: 'THPT-TRANPHU',
      issuedAt: payload.issuedAt,
    });
    expect(Buffer.from(sent.documents.pdf!, 'base64').equals(Buffer.from(payload.documents.pdf))).toBe(true);
    expect(Buffer.from(sent.documents.xml!, 'base64').equals(Buffer.from(payload.documents.xml))).toBe(true);
    expect(sent.documents.pdfSha256).toBe(payload.documents.pdfSha256);
    expect(sent.documents.xmlSha256).toBe(payload.documents.xmlSha256);

    expect(warn).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(warn.mock.calls)).not.toContain(PERSONAL_ID);
    expect(warn.mock.calls[0]![1]).toMatchObject({ schoolCode: 'THPT-TRANPHU', attempt: 1, status: 503 });
  });

  it('keeps the idempotency key stable for the same transcript and changes it for a re-issued PDF', async () => {
    script = [answer(200, { receipt: 'r' })];
    await store().put(transcript());
    await store().put(transcript());
    await store().put(transcript('%PDF-1.7 học bạ lớp 10 (cấp lại)'));
    const keys = received.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys[0]).toBe(idempotencyKey(transcript()));
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('honours a 429 with Retry-After, and gives up after 3 retries of a 5xx (not permanent)', async () => {
    script = [
      answer(429, { message: 'Too many' }, { 'retry-after': '0' }),
      answer(200, { receipt: 'after-429' }),
    ];
    await expect(store().put(transcript())).resolves.toEqual({ receipt: 'after-429' });
    expect(received).toHaveLength(2);

    received = [];
    script = [answer(502, { title: 'Bad Gateway', detail: 'CSDL ngành không phản hồi' })];
    const error = await store()
      .put(transcript())
      .catch((e: unknown) => e);
    expect(received).toHaveLength(4);
    expect(error).toBeInstanceOf(TranscriptExportError);
    expect(error).toMatchObject({
      permanent: false,
      status: 502,
      message: 'The ministry transcript store answered HTTP 502: Bad Gateway — CSDL ngành không phản hồi',
    });
  });

  it('takes a 400 as permanent, with the body’s message and the personal ID redacted', async () => {
    script = [answer(400, { message: `Mã định danh ${PERSONAL_ID} không khớp với CSDL ngành` })];
    const error = await store()
      .put(transcript())
      .catch((e: unknown) => e);
    expect(received).toHaveLength(1);
    expect(error).toBeInstanceOf(TranscriptExportError);
    expect(error).toMatchObject({ permanent: true, status: 400 });
    expect((error as Error).message).toBe(
      'The ministry transcript store answered HTTP 400: Mã định danh [personal ID] không khớp với CSDL ngành',
    );
  });

  it('refuses, without sending, a transcript whose PDF is not the one hashed', async () => {
    script = [answer(200, { receipt: 'r' })];
    const payload = transcript();
    payload.documents.pdfSha256 = sha('something else');
    await expect(store().put(payload)).rejects.toMatchObject({
      permanent: true,
      message: 'Transcript export refused: the PDF is not the one hashed',
    });
    await expect(store().put({ ...transcript(), personalId: '../../etc' })).rejects.toThrow(/12 digits/);
    expect(received).toHaveLength(0);
  });

  it('writes <personalId>/<schoolYear>.pdf|.xml|.json in the folder sink', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'transcripts-'));
    const payload = transcript();
    const { receipt } = await folderTranscriptStore(dir).put(payload);
    expect(receipt).toBe(`local:${idempotencyKey(payload)}`);
    const base = join(dir, PERSONAL_ID, '2026-2027');
    expect(readFileSync(`${base}.pdf`).equals(Buffer.from(payload.documents.pdf))).toBe(true);
    expect(readFileSync(`${base}.xml`).equals(Buffer.from(payload.documents.xml))).toBe(true);
    expect(JSON.parse(readFileSync(`${base}.json`, 'utf8'))).toEqual({
      personalId: PERSONAL_ID,
      schoolYear: '2026-2027',
      grade: 10,
      schoolCode: 'THPT-TRANPHU',
      issuedAt: payload.issuedAt,
      documents: { pdfSha256: payload.documents.pdfSha256, xmlSha256: payload.documents.xmlSha256 },
      idempotencyKey: idempotencyKey(payload),
      receipt,
    });
  });

  it('reports a folder it cannot write without the path (which holds the personal ID)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'transcripts-'));
    // A file where the folder should be.
    await folderTranscriptStore(dir).put(transcript());
    const error = await folderTranscriptStore(join(dir, PERSONAL_ID, '2026-2027.pdf'))
      .put(transcript())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranscriptExportError);
    expect((error as Error).message).toMatch(/^The transcript folder could not be written \(E[A-Z]+\)$/);
    expect((error as Error).message).not.toContain(PERSONAL_ID);
  });

  it('is chosen by MINISTRY_TRANSCRIPT_URL, else MINISTRY_TRANSCRIPT_DIR, else off', async () => {
    expect(transcriptStore({})).toBeUndefined();

    const dir = mkdtempSync(join(tmpdir(), 'transcripts-'));
    await transcriptStore({ MINISTRY_TRANSCRIPT_DIR: dir })!.put(transcript());
    expect(readFileSync(join(dir, PERSONAL_ID, '2026-2027.json'), 'utf8')).toContain('THPT-TRANPHU');

    script = [answer(200, { receipt: 'via-env' })];
    const http = transcriptStore({
      MINISTRY_TRANSCRIPT_URL: url,
      MINISTRY_TRANSCRIPT_TOKEN: 'env-token',
      MINISTRY_TRANSCRIPT_DIR: dir,
    })!;
    await expect(http.put(transcript())).resolves.toEqual({ receipt: 'via-env' });
    expect(received[0]!.headers.authorization).toBe('Bearer env-token');

    expect(() => transcriptStore({ MINISTRY_TRANSCRIPT_URL: url })).toThrow(/MINISTRY_TRANSCRIPT_TOKEN/);
    expect(() =>
      transcriptStore({
        MINISTRY_TRANSCRIPT_URL: 'http://hocba.example.gov.vn/',
        MINISTRY_TRANSCRIPT_TOKEN: 't',
      }),
    ).toThrow(/HTTPS/);
  });
});
