/**
 * The channels beyond the inbox, each behind one `send`: e-mail through Amazon SES v2, Web Push to
 * the installed portal (VAPID), and SMS and OTT (Zalo-style) through a provider interface whose
 * one implementation is an HTTP adapter (locally, the local cloud's sink at /_local/sms and
 * /_local/ott). A `PermanentFailure` is not tried again; anything else is, with backoff.
 *
 * Provider secrets (the VAPID private key, the SMS and OTT providers' tokens): locally in
 * NOTIFY_SECRETS (JSON); on AWS in the Secrets Manager secret NOTIFY_SECRET_ARN, read once per
 * container on the first send that needs it.
 */

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import webPush from 'web-push';
import * as z from 'zod';
import { observeClient } from '#shared/observability/aws-calls.ts';
import type { CodedText } from '#shared/text/texts.ts';
import type { Channel } from './domain/delivery.ts';
import { notificationsText } from './domain/texts.ts';

/** A channel could not take the message; `text` is what the person is told (with the delivery). */
export class DeliveryFailure extends Error {
  override name = 'DeliveryFailure';
  constructor(readonly text: CodedText) {
    super(text.message);
  }
}

/** A failure that sending again would not change: the delivery is recorded failed at once. */
export class PermanentFailure extends DeliveryFailure {
  override name = 'PermanentFailure';
}

export interface Rendered {
  title: string;
  body: string;
  /** Where a push notification or an e-mail's link leads in the portal. */
  url: string;
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface Address {
  email?: string;
  phone?: string;
  push?: PushTarget[];
}

/** An SMS or OTT provider: one text to one phone number, with our reference for its receipts. */
export interface MessagingProvider {
  send(to: string, text: string, reference: string): Promise<void>;
}

const secretsSchema = z.object({
  vapidPrivateKey: z.string().optional(),
  smsToken: z.string().optional(),
  ottToken: z.string().optional(),
});
type Secrets = z.infer<typeof secretsSchema>;

let secrets: Promise<Secrets> | undefined;
function providerSecrets(): Promise<Secrets> {
  secrets ??= (async () => {
    if (process.env.NOTIFY_SECRETS) return secretsSchema.parse(JSON.parse(process.env.NOTIFY_SECRETS));
    if (!process.env.NOTIFY_SECRET_ARN) return {};
    const answer = await observeClient(new SecretsManagerClient({})).send(
      new GetSecretValueCommand({ SecretId: process.env.NOTIFY_SECRET_ARN }),
    );
    return secretsSchema.parse(JSON.parse(answer.SecretString ?? '{}'));
  })().catch((error: unknown) => {
    secrets = undefined;
    throw error;
  });
  return secrets;
}

let ses: SESv2Client | undefined;

async function sendEmail(to: string, message: Rendered, reference: string) {
  const from = process.env.NOTIFY_FROM_EMAIL;
  if (!from) throw new PermanentFailure(notificationsText('email-not-configured'));
  ses ??= observeClient(new SESv2Client({}));
  const text = `${message.body}\n\n${message.url}\n\n— VN Edu Cloud`;
  const html = `<p>${escapeHtml(message.body)}</p><p><a href="${escapeHtml(message.url)}">${escapeHtml(message.url)}</a></p><p>— VN Edu Cloud</p>`;
  try {
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: message.title, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
            Headers: [{ Name: 'X-Delivery-Reference', Value: reference }],
          },
        },
        ...(process.env.SES_CONFIGURATION_SET
          ? { ConfigurationSetName: process.env.SES_CONFIGURATION_SET }
          : {}),
      }),
    );
  } catch (error) {
    // Rejected for this message (a bad address, content): sending it again changes nothing.
    if (['MessageRejected', 'BadRequestException'].includes((error as Error).name))
      throw new PermanentFailure(notificationsText('email-refused', { reason: (error as Error).message }));
    throw error;
  }
}

async function sendPush(targets: readonly PushTarget[], message: Rendered, urgent: boolean) {
  const publicKey = process.env.VAPID_PUBLIC_KEY;
  const { vapidPrivateKey } = await providerSecrets();
  if (!publicKey || !vapidPrivateKey) throw new PermanentFailure(notificationsText('push-not-configured'));
  if (!targets.length) throw new PermanentFailure(notificationsText('no-push-subscription'));
  const gone: string[] = [];
  for (const target of targets) {
    // The request is built by web-push (encryption, VAPID JWT) and sent with fetch, which the
    // local push sink (plain HTTP) and real push services (HTTPS) both answer.
    const request = webPush.generateRequestDetails(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify({ title: message.title, body: message.body, url: message.url }),
      {
        vapidDetails: {
          subject: process.env.VAPID_SUBJECT ?? 'mailto:thongbao@edu.local',
          publicKey,
          privateKey: vapidPrivateKey,
        },
        TTL: 86_400,
        urgency: urgent ? 'high' : 'normal',
      },
    );
    const answer = await fetch(request.endpoint, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      body: request.body as unknown as BodyInit,
    });
    if (answer.status === 404 || answer.status === 410) gone.push(target.endpoint);
    else if (answer.status === 429 || answer.status >= 500)
      throw new DeliveryFailure(notificationsText('push-unavailable', { status: String(answer.status) }));
    else if (!answer.ok)
      throw new PermanentFailure(notificationsText('push-refused', { status: String(answer.status) }));
  }
  if (gone.length === targets.length) throw new PushGone(gone);
  return gone;
}

/** Every subscription the push service no longer knows: the caller forgets them. */
export class PushGone extends PermanentFailure {
  override name = 'PushGone';
  constructor(readonly endpoints: string[]) {
    super(notificationsText('push-gone'));
  }
}

/** The HTTP adapter: JSON `{ to, text, reference }` posted with the provider's bearer token. */
export function httpMessagingProvider(
  url: string,
  token: () => Promise<string | undefined>,
): MessagingProvider {
  return {
    async send(to, text, reference) {
      const bearer = await token();
      const answer = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: JSON.stringify({ to, text, reference }),
        signal: AbortSignal.timeout(10_000),
      });
      if (answer.ok) return;
      if (answer.status === 429 || answer.status >= 500)
        throw new DeliveryFailure(
          notificationsText('provider-unavailable', { status: String(answer.status) }),
        );
      throw new PermanentFailure(notificationsText('provider-refused', { status: String(answer.status) }));
    },
  };
}

function messagingProvider(channel: 'sms' | 'ott'): MessagingProvider {
  const url = channel === 'sms' ? process.env.SMS_PROVIDER_URL : process.env.OTT_PROVIDER_URL;
  if (!url)
    throw new PermanentFailure(
      notificationsText('channel-not-configured', { channel: channel.toUpperCase() }),
    );
  return httpMessagingProvider(url, async () => {
    const s = await providerSecrets();
    return channel === 'sms' ? s.smsToken : s.ottToken;
  });
}

/**
 * Sends one rendered message on one channel. Returns the push endpoints found gone (to forget).
 */
export async function sendOn(
  channel: Exclude<Channel, 'app'>,
  address: Address,
  message: Rendered,
  options: { reference: string; urgent: boolean },
): Promise<{ goneEndpoints: string[] }> {
  switch (channel) {
    case 'email':
      if (!address.email) throw new PermanentFailure(notificationsText('no-email'));
      await sendEmail(address.email, message, options.reference);
      return { goneEndpoints: [] };
    case 'push':
      return { goneEndpoints: await sendPush(address.push ?? [], message, options.urgent) };
    case 'sms':
    case 'ott': {
      if (!address.phone) throw new PermanentFailure(notificationsText('no-phone'));
      // A text message carries the title and body in one, short.
      const text = `${message.title}: ${message.body}`.slice(0, channel === 'sms' ? 306 : 2000);
      await messagingProvider(channel).send(address.phone, text, options.reference);
      return { goneEndpoints: [] };
    }
  }
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
