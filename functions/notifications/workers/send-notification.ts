/**
 * Sends one delivery on its channel (e-mail, push, SMS, OTT): claimed first, so two workers never
 * send it both; rendered in the person's language; then recorded sent, or tried again later with
 * jittered backoff (re-queued with a delay; beyond SQS's 15 minutes the message carries its
 * `notBefore`), or — after MAX_ATTEMPTS, or refused for good — recorded failed or dead.
 */
import { logger } from '#shared/observability/logger.ts';
import { makeQueueHandler, sendMessage } from '#shared/queue/sqs.ts';
import { DeliveryFailure, PermanentFailure, PushGone, type Rendered, sendOn } from '../channels.ts';
import { MAX_ATTEMPTS, makeDeliveries } from '../deliveries.ts';
import { retryDelaySeconds } from '../domain/delivery.ts';
import { isTemplateId, type Language, render, TEMPLATES } from '../domain/templates.ts';
import { notificationsText } from '../domain/texts.ts';
import { CHANNELS_QUEUE, channelMessage } from '../messages.ts';
import { makePreferences } from '../preferences.ts';

const deliveries = makeDeliveries();
const preferences = makePreferences();
/** SQS delays a message at most this long. */
const MAX_DELAY_SECONDS = 900;

export const handler = makeQueueHandler(channelMessage, async (message) => {
  const now = new Date();
  if (message.notBefore && new Date(message.notBefore) > now) {
    const wait = Math.ceil((new Date(message.notBefore).getTime() - now.getTime()) / 1000);
    await sendMessage(CHANNELS_QUEUE, channelMessage, message, {
      delaySeconds: Math.min(MAX_DELAY_SECONDS, wait),
    });
    return;
  }
  const delivery = await deliveries.claim(message.deliveryId, now);
  // Sent, failed, dead, or being sent by another worker: nothing to do here.
  if (!delivery || delivery.channel === 'app') return;

  const profile = await preferences.profile(delivery.accountId);
  const template = delivery.template;
  if (!isTemplateId(template)) {
    await deliveries.finish(delivery.deliveryId, {
      status: 'failed',
      error: notificationsText('unknown-template', { template }),
    });
    return;
  }
  try {
    const rendered = renderDelivery(delivery, profile.language);
    const push = delivery.channel === 'push' ? await preferences.subscriptions(delivery.accountId) : [];
    const { goneEndpoints } = await sendOn(delivery.channel, { ...profile, push }, rendered, {
      reference: delivery.deliveryId,
      urgent: 'urgent' in TEMPLATES[template],
    });
    await forgetGone(delivery.accountId, push, goneEndpoints);
    await deliveries.finish(delivery.deliveryId, { status: 'sent' });
  } catch (error) {
    const reason = (error as Error).message;
    // What the person reads with the delivery: the channel's own words, or the error's.
    const text =
      error instanceof DeliveryFailure
        ? error.text
        : notificationsText('send-error', { reason: reason.slice(0, 300) });
    if (error instanceof PushGone) {
      const push = await preferences.subscriptions(delivery.accountId);
      await forgetGone(delivery.accountId, push, error.endpoints);
    }
    if (error instanceof PermanentFailure) {
      logger.warn('Delivery refused', { deliveryId: delivery.deliveryId, channel: delivery.channel, reason });
      await deliveries.finish(delivery.deliveryId, { status: 'failed', error: text });
      return;
    }
    if (delivery.attempts >= MAX_ATTEMPTS) {
      logger.error('Delivery dead after its attempts', {
        deliveryId: delivery.deliveryId,
        channel: delivery.channel,
        attempts: delivery.attempts,
        reason,
      });
      await deliveries.finish(delivery.deliveryId, { status: 'dead', error: text });
      return;
    }
    const delay = retryDelaySeconds(delivery.attempts);
    const notBefore = new Date(now.getTime() + delay * 1000);
    await deliveries.finish(delivery.deliveryId, { status: 'retrying', error: text, notBefore });
    await sendMessage(
      CHANNELS_QUEUE,
      channelMessage,
      {
        deliveryId: delivery.deliveryId,
        ...(delay > MAX_DELAY_SECONDS ? { notBefore: notBefore.toISOString() } : {}),
      },
      { delaySeconds: Math.min(MAX_DELAY_SECONDS, delay) },
    );
    logger.warn('Delivery will be tried again', {
      deliveryId: delivery.deliveryId,
      channel: delivery.channel,
      attempt: delivery.attempts,
      delaySeconds: delay,
      reason,
    });
  }
});

/** The message in the person's language; a digest lists the day's titles. */
function renderDelivery(
  delivery: { template: string; params?: unknown; items?: unknown },
  language: Language,
): Rendered {
  const url = `${process.env.PUBLIC_PORTAL_URL ?? ''}/notifications`;
  const params = (delivery.params ?? {}) as Record<string, string>;
  if (delivery.template === 'digest') {
    const items = ((delivery.items ?? []) as { template: string; params: Record<string, string> }[]).filter(
      (i) => isTemplateId(i.template),
    );
    const lines = items.map((i) => {
      const one = render(i.template as never, language, i.params);
      return `• ${one.title}: ${one.body}`;
    });
    return {
      ...render('digest', language, { day: params.day ?? '', count: items.length, items: lines.join('\n') }),
      url,
    };
  }
  return { ...render(delivery.template as never, language, params), url };
}

async function forgetGone(
  accountId: string,
  subscriptions: { subscriptionId: string; endpoint: string }[],
  gone: string[],
) {
  for (const s of subscriptions)
    if (gone.includes(s.endpoint)) await preferences.unsubscribe(accountId, s.subscriptionId);
}
