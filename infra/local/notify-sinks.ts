/**
 * Where the local cloud's notifications land, so a person can look: SES v2 is aws-ses-v2-local (a
 * real implementation of the SES v2 API with a mailbox view), and the SMS, OTT and Web Push
 * providers are sinks on the local API's /_local/ routes that keep what they receive — answering
 * as the providers do, so the same HTTP adapter and web-push request reach them. Two faults can
 * be asked for: a phone number ending in 99999 meets a provider that is down, and a push endpoint
 * whose id begins with `gone-` is a browser that unsubscribed (410).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import sesLocal from 'aws-ses-v2-local';
import webPush from 'web-push';

export interface SesLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSes(port: number): Promise<SesLocal> {
  // A CommonJS module with `exports.default`: Node's ESM import gives the exports object.
  const server = await sesLocal.default({ host: '127.0.0.1', port });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** The VAPID key pair of this data folder (made once), or a fresh one in memory. */
export function vapidKeys(file?: string): { publicKey: string; privateKey: string } {
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const keys = webPush.generateVAPIDKeys();
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  }
  return keys;
}

export interface SunkMessage {
  channel: 'sms' | 'ott' | 'push';
  at: string;
  /** SMS/OTT: the phone number and text; push: the subscription's endpoint id and encrypted bytes. */
  to: string;
  text?: string;
  reference?: string;
  /** Push: the encrypted payload (base64) and the headers a push service reads (TTL, Urgency, VAPID). */
  body?: string;
  headers?: Record<string, string>;
}

const KEEP = 1_000;

export function makeNotifySinks() {
  const messages: SunkMessage[] = [];
  const keep = (m: SunkMessage) => {
    messages.push(m);
    if (messages.length > KEEP) messages.shift();
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  return {
    messages,
    /** Answers /_local/sms, /_local/ott, /_local/push/<id> and /_local/messages; false if not one of them. */
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      const provider = /^\/_local\/(sms|ott)$/.exec(url.pathname);
      if (provider && req.method === 'POST') {
        const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
        if (typeof body.to !== 'string' || typeof body.text !== 'string') {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'to and text are required' }));
          return true;
        }
        // Fault injection: a number ending in 99999 meets a provider that is down (503).
        if (body.to.endsWith('99999')) {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'Provider unavailable' }));
          return true;
        }
        keep({
          channel: provider[1] as 'sms' | 'ott',
          at: new Date().toISOString(),
          to: body.to,
          text: body.text,
          ...(typeof body.reference === 'string' ? { reference: body.reference } : {}),
        });
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: true }));
        return true;
      }
      const push = /^\/_local\/push\/([\w-]{1,64})$/.exec(url.pathname);
      if (push && req.method === 'POST') {
        const body = await readBody(req);
        // A push service refuses a request without VAPID authorization or an encrypted body.
        if (!String(req.headers.authorization ?? '').startsWith('vapid ') || !body.length) {
          res.writeHead(403);
          res.end();
          return true;
        }
        if (push[1]!.startsWith('gone-')) {
          res.writeHead(410);
          res.end();
          return true;
        }
        keep({
          channel: 'push',
          at: new Date().toISOString(),
          to: push[1]!,
          body: body.toString('base64'),
          headers: {
            ttl: String(req.headers.ttl ?? ''),
            urgency: String(req.headers.urgency ?? ''),
            'content-encoding': String(req.headers['content-encoding'] ?? ''),
          },
        });
        res.writeHead(201);
        res.end();
        return true;
      }
      if (url.pathname === '/_local/messages' && req.method === 'GET') {
        if (String(req.headers.accept ?? '').includes('text/html')) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(messagesPage(messages));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(messages));
        }
        return true;
      }
      return false;
    },
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function messagesPage(messages: readonly SunkMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.at)}</td><td>${m.channel.toUpperCase()}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.text ?? `(${m.body?.length ?? 0} bytes encrypted)`)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tin nhắn SMS, OTT và push (máy cục bộ)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style></head>
<body><h1>Tin nhắn SMS, OTT và push đã gửi (máy cục bộ)</h1><p>${messages.length} tin. Thư điện tử nằm trong hộp thư SES cục bộ.</p>
<table><thead><tr><th>Lúc</th><th>Kênh</th><th>Đến</th><th>Nội dung</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}
